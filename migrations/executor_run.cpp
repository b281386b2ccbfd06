// Executor: running a file's statements, inside the file's transaction or one by one behind its
// dirty history row (engines without transactional DDL, `no-transaction` files).
#include "migrations/executor.hpp"

#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "migrations/statement_ticker.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::migrations {

namespace fs = std::filesystem;
using detail::elapsed_ms;
using detail::join;

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
  if (m_options.live) {
    if (!m_probe_made) {
      m_probe_made = true;
      m_probe = m_dialect.progress_probe ? m_dialect.progress_probe(m_connection, m_url) : nullptr;
    }
    StatementTicker ticker(m_options.live,
                           fmt::format("  statement {} (line {}) of {}", number, statement.line,
                                       file.filename().string()),
                           m_probe.get());
    m_connection.execute(statement.sql);
  } else {
    m_connection.execute(statement.sql);
  }
  report_slow(file, number, statement.line, detail::elapsed_ms(started));
}

void Executor::run_statements(const std::string& sql, const fs::path& file, bool in_transaction)
{
  const auto statements = split_statements(sql, m_dialect);
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      execute_statement(file, static_cast<int>(i + 1), statements[i]);
    } catch (const DatabaseError& e) {
      std::string cleanup;
      if (!in_transaction) {
        try {
          m_dialect.after_failed_statement(m_connection, statements[i].sql);
        } catch (const Error& failed) { // the statement's own error stays the one reported
          cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
        }
      }
      throw StatementError(file.string(), static_cast<int>(i + 1), statements[i].line, e.what() + cleanup);
    }
  }
}

void Executor::run_tracked(History& history, HistoryRow& row, const std::string& sql, const fs::path& file,
                           int first, std::chrono::steady_clock::time_point start)
{
  const auto statements = split_statements(sql, m_dialect);
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
  for (size_t i = static_cast<size_t>(std::max(first, 1) - 1); i < statements.size(); ++i) {
    const int number = static_cast<int>(i + 1);
    fail(number, statements[i].line, detail::running_message(number, statements[i].line));
    try {
      execute_statement(file, number, statements[i]);
    } catch (const DatabaseError& e) {
      std::string cleanup;
      try {
        m_dialect.after_failed_statement(m_connection, statements[i].sql);
      } catch (const Error& failed) { // the statement's own error stays the one reported
        cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
      }
      fail(number, statements[i].line, e.what() + cleanup);
      throw StatementError(file.string(), number, statements[i].line, e.what() + cleanup);
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
