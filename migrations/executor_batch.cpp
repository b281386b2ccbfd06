// Executor: batched data steps (`-- strata: batch`). Each batch is one short transaction that
// finds the end of the next range of keys (keyset pagination on the step's key column), runs the
// statement narrowed to that range, and moves the file's dirty history row on to the range's end
// with the rows it changed; a kill loses at most the batch that had not committed, and the next
// run goes on after the last one that did.
#include "migrations/executor.hpp"

#include "dialects/batch_support.hpp"
#include "migrations/batch_step.hpp"
#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <thread>

namespace strata::migrations {

namespace fs = std::filesystem;

namespace {

constexpr long long k_report_every = 10; // batches between progress lines when nobody listens

// Rolls the batch's transaction back unless it was committed.
class BatchTransaction {
public:
  BatchTransaction(dialects::Connection& connection, const dialects::BatchSupport& support)
    : m_connection(connection)
  {
    support.begin(connection);
  }
  ~BatchTransaction()
  {
    if (!m_done) {
      try {
        m_connection.rollback();
      } catch (...) { // the batch's own error is what matters
      }
    }
  }
  BatchTransaction(const BatchTransaction&) = delete;
  BatchTransaction& operator=(const BatchTransaction&) = delete;
  void commit()
  {
    m_connection.commit();
    m_done = true;
  }

private:
  dialects::Connection& m_connection;
  bool m_done = false;
};

std::optional<long double> integer_of(const std::string& text)
{
  if (text.empty() || text.size() > 19) {
    return std::nullopt;
  }
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (end == nullptr || *end != '\0') {
    return std::nullopt;
  }
  return static_cast<long double>(value);
}

// The share of [min, max] up to `key`, when all three are integers; -1 otherwise.
double share_done(const std::string& min, const std::string& max, const std::string& key)
{
  const auto low = integer_of(min);
  const auto high = integer_of(max);
  const auto at = integer_of(key);
  if (!low || !high || !at || *high <= *low) {
    return -1;
  }
  const auto share = (*at - *low + 1) / (*high - *low + 1);
  return static_cast<double>(share < 0 ? 0 : share > 1 ? 1 : share);
}

std::string with_commas(long long value)
{
  auto digits = std::to_string(value < 0 ? -value : value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<size_t>(at), ",");
  }
  return (value < 0 ? "-" : "") + digits;
}

// "batched step 3 (line 9) of F: 12 batches, 60,000 rows, 15,000 rows/s, key 60000 of 200000
// (30%), about 9 s left"
std::string progress_text(const BatchProgress& p)
{
  auto text = fmt::format("  batched step {} (line {}) of {}: {} batch{}, {} rows", p.statement, p.line, p.file,
                          with_commas(p.batches), p.batches == 1 ? "" : "es", with_commas(p.rows));
  if (p.elapsed_ms > 0 && p.batches > 0) {
    text += fmt::format(", {} rows/s", with_commas(p.rows * 1000 / p.elapsed_ms));
  }
  if (!p.last_key.empty()) {
    text += fmt::format(", key {}", p.last_key);
    if (!p.max_key.empty()) {
      text += fmt::format(" of {}", p.max_key);
    }
  }
  if (p.done >= 0) {
    text += fmt::format(" ({:.0f}%)", p.done * 100);
    if (!p.finished && p.done > 0 && p.elapsed_ms > 0) {
      const auto left = static_cast<long long>(static_cast<double>(p.elapsed_ms) * (1 - p.done) / p.done);
      text += ", about " + detail::format_duration(left) + " left";
    }
  }
  return text;
}

} // namespace

void Executor::run_batches(History& history, HistoryRow& row, const fs::path& file, int number,
                           const SqlStatement& statement, const BatchStep& step)
{
  const auto& support = dialects::batch_support(m_dialect.name);
  std::vector<std::string> keys;
  for (const auto& column : step.keys) {
    keys.push_back(m_dialect.quote_identifier(column));
  }
  // A position (batch_key) as one literal per key column; none for "" (from the start).
  const auto literals = [&](const std::string& position) {
    std::vector<std::string> values;
    if (!position.empty()) {
      for (const auto& value : decode_key(position, keys.size())) {
        values.push_back(key_literal(value, m_dialect.quote_literal));
      }
    }
    return values;
  };
  // Progress is measured on the first key column.
  const auto first_key = [&](const std::string& position) {
    return position.empty() ? position : decode_key(position, keys.size())[0];
  };
  const auto name = file.filename().string();
  const auto started = std::chrono::steady_clock::now();
  BatchProgress progress;
  progress.file = name;
  progress.statement = number;
  progress.line = statement.line;
  progress.rows = row.rows_affected;
  progress.last_key = row.batch_key;

  std::string after;   // the range being run: keys after `after` (all: empty) up to `upto`
  std::string upto;
  long long step_rows = 0; // rows of the step before this run (earlier runs of the file)
  const auto fail = [&](const std::string& message) {
    const auto range = upto.empty() ? fmt::format("the range of {} keys after {}", step.size,
                                                  after.empty() ? "the first" : "key " + after)
                                    : fmt::format("keys {} to {}", after.empty() ? "from the first" : "after " + after,
                                                  upto);
    row.failed_statement = number;
    row.failed_line = statement.line;
    row.message = fmt::format("batch of {} (batched step, {} rows done before it): {}", range,
                              row.rows_affected, message);
    history.write_state(row);
    throw StatementError(file.string(), number, statement.line,
                         fmt::format("batch of {} failed: {}", range, message));
  };
  std::string min_key;
  try {
    const auto bounds = m_connection.query(fmt::format("SELECT MIN({0}), MAX({0}) FROM {1}", keys[0], step.table));
    if (!bounds.rows.empty() && bounds.rows[0].size() == 2) {
      min_key = bounds.rows[0][0].value_or("");
      progress.max_key = bounds.rows[0][1].value_or("");
    }
  } catch (const DatabaseError& e) {
    fail(e.what());
  }
  step_rows = row.rows_affected;
  report(row.batch_key.empty()
           ? fmt::format("  batched step {} (line {}) of {}: {} over {}", number, statement.line, name, describe(step),
                         step.table)
           : fmt::format("  batched step {} (line {}) of {}: going on after key {} ({} rows done)", number,
                         statement.line, name, row.batch_key, with_commas(row.rows_affected)));

  // A step's timeout= bounds its batches instead of the file's statement timeout, which run_tracked
  // sets again after the step.
  const detail::TimeLimitEnd end_limit{support, m_connection, step.timeout.count() > 0};
  const auto bound = step.timeout.count() > 0 ? step.timeout : m_statement_timeout;

  for (;;) {
    after = row.batch_key;
    upto.clear();
    bool finished = false;
    for (int attempt = 1;; ++attempt) {
      try {
        BatchTransaction transaction(m_connection, support);
        if (step.timeout.count() > 0) {
          support.limit_time(m_connection, step.timeout, true);
        }
        const auto end = m_connection.query(range_end_query(step, keys, literals(after)));
        if (end.rows.empty() || end.rows[0].size() != keys.size() ||
            std::any_of(end.rows[0].begin(), end.rows[0].end(), [](const auto& value) { return !value; })) {
          transaction.commit();
          finished = true;
          break;
        }
        std::vector<std::string> values;
        for (const auto& value : end.rows[0]) {
          values.push_back(*value);
        }
        upto = encode_key(values);
        const auto changed = support.execute_counting(
          m_connection, batch_statement(step, statement.sql, keys, literals(after), literals(upto)));
        HistoryRow next = row;
        next.batch_key = upto;
        next.rows_affected += changed;
        next.failed_statement = number;
        next.failed_line = statement.line;
        next.message = fmt::format("batched step at statement {} (line {}): done up to key {} ({} rows so far)",
                                   number, statement.line, upto, next.rows_affected);
        history.write_state(next);
        transaction.commit();
        row = next;
        m_changed_rows += changed;
        break;
      } catch (const DatabaseError& e) {
        if (lock_timed_out(e)) {
          if (auto failed = lock_wait_failed(file, number, statement.line, e.what(), attempt)) {
            fail(*failed);
          }
          continue;
        }
        if (bound.count() > 0 && support.timed_out(e.what(), e.code())) {
          fail(fmt::format("it ran longer than its {}timeout of {} ({})", step.timeout.count() > 0 ? "" : "statement ",
                           detail::format_duration(bound.count()), e.what()));
        }
        fail(e.what());
      }
    }
    if (!finished) {
      ++progress.batches;
    }
    progress.rows = row.rows_affected;
    progress.last_key = row.batch_key;
    progress.elapsed_ms = detail::elapsed_ms(started);
    progress.finished = finished;
    progress.done = finished ? 1.0 : share_done(min_key, progress.max_key, first_key(row.batch_key));
    if (m_options.batch_progress) {
      m_options.batch_progress(progress);
    } else if (!finished && progress.batches % k_report_every == 0) {
      report(progress_text(progress));
    }
    if (m_options.live) {
      m_options.live(finished ? std::string{} : progress_text(progress));
    }
    if (finished) {
      break;
    }
    if (step.sleep.count() > 0) {
      std::this_thread::sleep_for(step.sleep);
    }
  }
  row.batch_key.clear(); // the next statement starts afresh (the row on disk still names this step)
  report(fmt::format("  batched step {} (line {}) of {} done: {} rows in {}", number, statement.line, name,
                     with_commas(row.rows_affected - step_rows), detail::format_duration(progress.elapsed_ms)));
}

} // namespace strata::migrations
