// Executor: running a file's statements, inside the file's transaction or one by one behind its
// dirty history row (engines without transactional DDL, `no-transaction` files), each with the
// statement lock timeout, and again after a lock wait that ran out.
#include "migrations/executor.hpp"

#include "dialects/batch_support.hpp"
#include "dialects/statement_locks.hpp"

#include "migrations/batch_step.hpp"
#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "migrations/sql_checks.hpp"
#include "migrations/statement_ticker.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace strata::migrations {

namespace fs = std::filesystem;
using detail::elapsed_ms;
using detail::join;

namespace {

// Samples the probe of the lock holders from a thread while a statement runs: first after
// `first`, then every k_poll; keeps the last thing it saw. A statement quicker than `first` opens
// no connection and asks nothing.
class HolderWatch {
public:
  static constexpr std::chrono::milliseconds k_poll{50};

  HolderWatch(dialects::ProgressProbe* probe, std::chrono::milliseconds first) : m_probe(probe)
  {
    if (m_probe != nullptr) {
      m_thread = std::thread([this, first] { run(first); });
    }
  }
  ~HolderWatch() { stop(); }
  HolderWatch(const HolderWatch&) = delete;
  HolderWatch& operator=(const HolderWatch&) = delete;

  // Ends the thread; the holders last seen ("" when none were).
  std::string stop()
  {
    {
      const std::lock_guard<std::mutex> guard(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
      m_thread.join();
    }
    return m_seen;
  }

private:
  void run(std::chrono::milliseconds wait)
  {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_wake.wait_for(lock, wait, [this] { return m_stopping; })) {
      lock.unlock();
      auto seen = m_probe->sample();
      lock.lock();
      if (!seen.empty()) {
        m_seen = std::move(seen);
      }
      wait = k_poll;
    }
  }

  dialects::ProgressProbe* m_probe;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::string m_seen;
  std::thread m_thread;
};

// Thrown inside a file's transaction when a statement's lock wait ran out: in_file_transaction
// rolls back and runs the file again.
class LockWaitTimeout : public StatementError {
public:
  LockWaitTimeout(const std::string& file, int number, int line, const std::string& message)
    : StatementError(file, number, line, message)
  {
  }
};

constexpr std::chrono::milliseconds k_first_backoff{100};
constexpr std::chrono::milliseconds k_max_backoff{5000};

} // namespace

std::chrono::milliseconds Executor::file_statement_timeout(const Header& header, const fs::path& file) const
{
  const auto timeout = header.statement_timeout.value_or(m_options.statement_timeout);
  if (timeout.count() > 0 && !dialects::batch_support(m_dialect.name).limits_time(m_connection)) {
    throw Error(ErrorKind::input,
                fmt::format("{}: a statement timeout of {} ({}) cannot be kept: MySQL bounds only SELECT statements "
                            "(max_execution_time); MariaDB's max_statement_time bounds every statement. Leave it out "
                            "on MySQL (-- strata: statement-timeout none)",
                            file.string(), format_file_duration(timeout),
                            header.statement_timeout ? "its statement-timeout line" : "--statement-timeout"));
  }
  return timeout;
}

std::string Executor::failure_text(const DatabaseError& error) const
{
  if (m_statement_timeout.count() > 0 &&
      dialects::batch_support(m_dialect.name).timed_out(error.what(), error.code())) {
    return fmt::format("it ran longer than the statement timeout of {} ({})", format_file_duration(m_statement_timeout),
                       error.what());
  }
  return error.what();
}

bool Executor::lock_timed_out(const DatabaseError& error) const
{
  const auto* locks = dialects::statement_locks(m_dialect.name);
  return m_options.statement_lock_timeout.count() > 0 && locks != nullptr && locks->timed_out(error.what(), error.code());
}

std::optional<std::string> Executor::lock_wait_failed(const fs::path& file, int number, int line,
                                                      const std::string& message, int attempt)
{
  const auto waited = detail::format_duration(m_options.statement_lock_timeout.count());
  if (attempt > m_options.lock_retries) {
    return fmt::format("{} (waited {} for a lock {} time{}; held by {})", message, waited, attempt,
                       attempt == 1 ? "" : "s",
                       m_last_holders.empty() ? "a session strata could not identify" : m_last_holders);
  }
  const std::chrono::milliseconds backoff =
    std::min<std::chrono::milliseconds>(k_first_backoff * (1 << std::min(attempt - 1, 16)), k_max_backoff);
  // The first wait may end before the probe's connection is open: it then names nobody.
  report(fmt::format("  statement {} (line {}) of {} waited {} for a lock{}; attempt {} of {}, again in {}", number,
                     line, file.filename().string(), waited,
                     m_last_holders.empty() ? std::string{} : " held by " + m_last_holders, attempt,
                     m_options.lock_retries + 1, detail::format_duration(backoff.count())));
  std::this_thread::sleep_for(backoff);
  return std::nullopt;
}

void Executor::in_file_transaction(const std::function<void()>& body)
{
  for (int attempt = 1;; ++attempt) {
    const auto counted = m_changed_rows; // a rolled-back attempt changed nothing
    try {
      // The file's statement timeout, for this transaction (lifted after it where the engine's
      // bound is the session's), unless run_tracked set it for the session already.
      const auto& support = dialects::batch_support(m_dialect.name);
      const bool limited = m_statement_timeout.count() > 0 && !m_session_time_limit;
      const detail::TimeLimitEnd end_limit{support, m_connection, limited};
      dialects::Transaction transaction(m_connection);
      const auto* locks = dialects::statement_locks(m_dialect.name);
      if (m_options.statement_lock_timeout.count() > 0 && locks != nullptr) {
        locks->set(m_connection, m_options.statement_lock_timeout, true);
      }
      if (limited) {
        support.limit_time(m_connection, m_statement_timeout, true);
      }
      body();
      transaction.commit();
      return;
    } catch (const LockWaitTimeout& e) { // the transaction is rolled back: nothing of the file is left
      m_changed_rows = counted;
      if (auto failed = lock_wait_failed(e.file(), e.statement_number(), e.line(), e.db_message(), attempt)) {
        throw StatementError(e.file(), e.statement_number(), e.line(), *failed);
      }
    } catch (...) {
      m_changed_rows = counted;
      throw;
    }
  }
}

void Executor::execute_retrying(const fs::path& file, int number, const SqlStatement& statement)
{
  for (int attempt = 1;; ++attempt) {
    try {
      execute_statement(file, number, statement);
      return;
    } catch (const DatabaseError& e) {
      if (!lock_timed_out(e)) {
        throw;
      }
      std::string message = e.what();
      if (message.rfind(e.engine() + ": ", 0) == 0) { // DatabaseError puts it back in front
        message.erase(0, e.engine().size() + 2);
      }
      if (auto failed = lock_wait_failed(file, number, statement.line, message, attempt)) {
        throw DatabaseError(e.engine(), *failed, e.code());
      }
      m_dialect.after_failed_statement(m_connection, statement.sql);
    }
  }
}

void Executor::report_slow(const fs::path& file, int number, int line, long long ms) const
{
  if (ms >= detail::k_slow_statement_ms) {
    report(fmt::format("  statement {} (line {}) of {} took {}", number, line, file.filename().string(),
                       detail::format_duration(ms)));
  }
}

void Executor::execute_statement(const fs::path& file, int number, const SqlStatement& statement)
{
  const auto started = std::chrono::steady_clock::now();
  const auto timeout = m_options.statement_lock_timeout;
  if (!m_holders_made && timeout.count() > 0) {
    m_holders_made = true;
    const auto* locks = dialects::statement_locks(m_dialect.name);
    m_holders = locks != nullptr ? locks->holders(m_connection, m_url) : nullptr;
  }
  m_last_holders.clear();
  HolderWatch watch(timeout.count() > 0 ? m_holders.get() : nullptr,
                    std::max<std::chrono::milliseconds>(timeout / 2, std::chrono::milliseconds(20)));
  try {
    run_with_status(file, number, statement);
  } catch (const DatabaseError&) {
    m_last_holders = watch.stop();
    throw;
  }
  report_slow(file, number, statement.line, detail::elapsed_ms(started));
}

void Executor::run_with_status(const fs::path& file, int number, const SqlStatement& statement)
{
  if (m_options.live) {
    if (!m_probe_made) {
      m_probe_made = true;
      m_probe = m_dialect.progress_probe ? m_dialect.progress_probe(m_connection, m_url) : nullptr;
    }
    StatementTicker ticker(m_options.live,
                           fmt::format("  statement {} (line {}) of {}", number, statement.line,
                                       file.filename().string()),
                           m_probe.get());
    execute_sql(statement.sql);
  } else {
    execute_sql(statement.sql);
  }
}

void Executor::execute_sql(const std::string& sql)
{
  static const std::set<std::string> data_changes{"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"};
  if (data_changes.count(leading_keyword(tokenize_sql(sql, m_dialect.file_syntax()))) > 0) {
    m_changed_rows += dialects::batch_support(m_dialect.name).execute_counting(m_connection, sql);
  } else {
    m_connection.execute(sql);
  }
}

Executor::SplitFile& Executor::split_file(const std::string& sql) const
{
  auto it = m_files.find(sql);
  if (it == m_files.end()) {
    it = m_files.emplace(sql, SplitFile{split_statements(sql, m_dialect)}).first;
  }
  return it->second;
}

const std::vector<SqlStatement>& Executor::statements_of(const std::string& sql) const
{
  return split_file(sql).statements;
}

void Executor::check_file(const std::string& sql, const fs::path& path, const Header& header) const
{
  auto& file = split_file(sql);
  if (file.checked) { // the header is the text's own: the same text passes again
    return;
  }
  refuse_transaction_control(file.statements, path.string(), m_dialect);
  find_batches(sql, file.statements, m_dialect.file_syntax(), path.string(), header.batched);
  file.checked = true;
}

void Executor::run_statements(const std::string& sql, const fs::path& file, bool in_transaction)
{
  const auto& statements = statements_of(sql);
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      execute_statement(file, static_cast<int>(i + 1), statements[i]);
    } catch (const DatabaseError& e) {
      if (in_transaction && lock_timed_out(e)) {
        throw LockWaitTimeout(file.string(), static_cast<int>(i + 1), statements[i].line, e.what());
      }
      std::string cleanup;
      if (!in_transaction) {
        try {
          m_dialect.after_failed_statement(m_connection, statements[i].sql);
        } catch (const Error& failed) { // the statement's own error stays the one reported
          cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
        }
      }
      throw StatementError(file.string(), static_cast<int>(i + 1), statements[i].line, failure_text(e) + cleanup);
    }
  }
}

void Executor::run_group(History& history, HistoryRow& row, const std::vector<SqlStatement>& statements, size_t from,
                         size_t to, const fs::path& file)
{
  HistoryRow next = row;
  next.batch_key.clear();
  next.failed_statement = static_cast<int>(to + 1);
  next.failed_line = to < statements.size() ? statements[to].line : 0;
  next.message = to < statements.size() ? detail::next_message(next.failed_statement, next.failed_line)
                                        : detail::k_statements_done;
  try {
    in_file_transaction([&] {
      for (size_t i = from; i < to; ++i) {
        const int number = static_cast<int>(i + 1);
        try {
          execute_statement(file, number, statements[i]);
        } catch (const DatabaseError& e) {
          if (lock_timed_out(e)) {
            throw LockWaitTimeout(file.string(), number, statements[i].line, e.what());
          }
          throw StatementError(file.string(), number, statements[i].line, failure_text(e));
        }
      }
      history.write_state(next);
    });
  } catch (const StatementError& e) {
    // The transaction is rolled back: the file goes on at the group's first statement.
    row.batch_key.clear();
    row.failed_statement = static_cast<int>(from + 1);
    row.failed_line = statements[from].line;
    row.message = fmt::format("statement {} (line {}) failed: {}; statements {} to {} ran in one transaction and were "
                              "rolled back",
                              e.statement_number(), e.line(), e.db_message(), from + 1, to);
    history.write_state(row);
    throw;
  }
  row = next;
}

void Executor::run_tracked(History& history, HistoryRow& row, const std::string& sql, const fs::path& file,
                           int first, std::chrono::steady_clock::time_point start, const Header& header)
{
  const auto& statements = statements_of(sql);
  const auto batches = find_batches(sql, statements, m_dialect.file_syntax(), file.string(), header.batched);
  // Between batched steps, statements share a transaction with the row that records them done.
  const bool grouped = !batches.empty() && m_dialect.capabilities.transactional_ddl && !header.no_transaction;
  const auto fail = [&](int number, int line, const std::string& message) {
    row.status = "dirty";
    row.failed_statement = number;
    row.failed_line = line;
    row.message = message;
    if (row.direction != "down") { // a rollback keeps the duration of the apply it undoes
      row.duration_ms = elapsed_ms(start);
    }
    history.write_state(row);
  };
  // The lock timeout is the session's while the file runs, the server's default again after it.
  // Through a transaction pooler the session is not ours: a SET would stay on a server session
  // that other clients get, and our statements run on others.
  const auto* locks =
    m_options.statement_lock_timeout.count() > 0 ? dialects::statement_locks(m_dialect.name) : nullptr;
  const auto* deployment = dialects::deployment(m_dialect.name);
  if (locks != nullptr && deployment != nullptr) {
    if (const auto pooled = deployment->no_session_settings(m_connection, m_url); !pooled.empty()) {
      report(fmt::format("  {} runs outside a transaction, {}: its statements run without strata's lock timeout "
                         "(set lock_timeout on the role, or connect directly)",
                         file.filename().string(), pooled));
      locks = nullptr;
    }
  }
  if (locks != nullptr) {
    locks->set(m_connection, m_options.statement_lock_timeout, false);
  }
  struct Reset {
    const dialects::StatementLocks* engine;
    dialects::Connection& session;
    ~Reset()
    {
      if (engine != nullptr) {
        try {
          engine->reset(session);
        } catch (const Error&) { // a lost connection: the session and its setting are gone
        }
      }
    }
  } reset{locks, m_connection};
  // The file's statement timeout, for the session while the file runs (the transactions of its
  // statement groups and batches run under it too; a batch's own timeout= replaces it for the
  // batch). Not through a transaction pooler, as the lock timeout above.
  const auto& support = dialects::batch_support(m_dialect.name);
  bool limited = m_statement_timeout.count() > 0;
  if (limited && deployment != nullptr) {
    if (const auto pooled = deployment->no_session_settings(m_connection, m_url); !pooled.empty()) {
      report(fmt::format("  {} runs outside a transaction, {}: its statements run without its statement timeout",
                         file.filename().string(), pooled));
      limited = false;
    }
  }
  const auto set_limit = [&] {
    if (limited) {
      support.limit_time(m_connection, m_statement_timeout, false);
    }
  };
  const detail::TimeLimitEnd end_limit{support, m_connection, limited};
  set_limit();
  struct SessionFlag {
    bool& flag;
    ~SessionFlag() { flag = false; }
  } session_flag{m_session_time_limit};
  m_session_time_limit = limited;
  for (size_t i = static_cast<size_t>(std::max(first, 1) - 1); i < statements.size(); ++i) {
    const int number = static_cast<int>(i + 1);
    if (const auto* step = batch_at(batches, i)) {
      run_batches(history, row, file, number, statements[i], *step);
      if (step->timeout.count() > 0) {
        set_limit(); // the step lifted its own bound
      }
      continue;
    }
    if (grouped) {
      size_t end = i + 1;
      while (end < statements.size() && batch_at(batches, end) == nullptr) {
        ++end;
      }
      run_group(history, row, statements, i, end, file);
      i = end - 1;
      continue;
    }
    row.batch_key.clear();
    fail(number, statements[i].line, detail::running_message(number, statements[i].line));
    try {
      execute_retrying(file, number, statements[i]);
    } catch (const DatabaseError& e) {
      std::string cleanup;
      try {
        m_dialect.after_failed_statement(m_connection, statements[i].sql);
      } catch (const Error& failed) { // the statement's own error stays the one reported
        cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
      }
      fail(number, statements[i].line, failure_text(e) + cleanup);
      throw StatementError(file.string(), number, statements[i].line, failure_text(e) + cleanup);
    }
  }
  // Past the last statement: a failed integrity check is all that `--continue` re-runs.
  const int after = static_cast<int>(statements.size()) + 1;
  try {
    check_integrity(file);
  } catch (const Error& e) {
    fail(after, 0, e.what());
    throw;
  }
}

void Executor::check_integrity(const fs::path& file)
{
  try {
    m_dialect.check_integrity(m_connection);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: integrity check failed after its statements: {}", file.string(), e.what()));
  }
}

} // namespace strata::migrations
