// strata_schema_runs: a row per run of a migration file, from its start to its outcome.
#include "migrations/run_log.hpp"

#include "migrations/history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

namespace strata::migrations {

namespace {

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

std::string utc_now_iso_ms()
{
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", buffer, ms);
}

RunLog::RunLog(dialects::Connection& connection, const dialects::Dialect& dialect)
  : m_connection(connection), m_dialect(dialect)
{
}

std::string RunLog::table() const
{
  return m_dialect.quote_identifier(k_runs_table);
}

std::string RunLog::q(const char* name) const
{
  return m_dialect.quote_identifier(name);
}

std::string RunLog::literal(const std::string& value) const
{
  return m_dialect.quote_literal(value);
}

void RunLog::ensure()
{
  m_connection.execute(fmt::format(
    "CREATE TABLE IF NOT EXISTS {} ({} BIGINT NOT NULL PRIMARY KEY, {} VARCHAR(32) NOT NULL, {} VARCHAR(255), "
    "{} VARCHAR(8), {} VARCHAR(16), {} VARCHAR(32), {} VARCHAR(32), {} BIGINT, {} BIGINT, {} VARCHAR(16), {} TEXT, "
    "{} VARCHAR(255))",
    table(), q("id"), q("version"), q("name"), q("direction"), q("command"), q("started_at"), q("finished_at"),
    q("duration_ms"), q("rows_affected"), q("outcome"), q("message"), q("applied_by")));
}

long long RunLog::mark_interrupted()
{
  const auto where = fmt::format("{} = 'running'", q("outcome"));
  const auto count = m_connection.query(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", table(), where));
  const long long stale = count.rows.empty() || count.rows[0].empty() ? 0 : number_of(count.rows[0][0]);
  if (stale > 0) {
    m_connection.execute(fmt::format(
      "UPDATE {} SET {} = 'interrupted', {} = {} WHERE {}", table(), q("outcome"), q("message"),
      literal("the run ended without finishing (killed, or its connection was lost); found by the next run"), where));
  }
  return stale;
}

void RunLog::start(RunRow& run)
{
  const auto last = m_connection.query(fmt::format("SELECT MAX({}) FROM {}", q("id"), table()));
  run.id = (last.rows.empty() || last.rows[0].empty() ? 0 : number_of(last.rows[0][0])) + 1;
  run.outcome = "running";
  m_connection.execute(fmt::format(
    "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES ({}, {}, {}, {}, {}, {}, 0, 0, {}, {})", table(),
    q("id"), q("version"), q("name"), q("direction"), q("command"), q("started_at"), q("duration_ms"),
    q("rows_affected"), q("outcome"), q("applied_by"), run.id, literal(run.version), literal(run.name),
    literal(run.direction), literal(run.command), literal(run.started_at), literal(run.outcome),
    literal(run.applied_by)));
}

void RunLog::finish(const RunRow& run)
{
  m_connection.execute(fmt::format("UPDATE {} SET {} = {}, {} = {}, {} = {}, {} = {}, {} = {} WHERE {} = {}", table(),
                                   q("outcome"), literal(run.outcome), q("finished_at"), literal(run.finished_at),
                                   q("duration_ms"), run.duration_ms, q("rows_affected"), run.rows_affected,
                                   q("message"), literal(run.message), q("id"), run.id));
}

std::vector<RunRow> RunLog::rows()
{
  if (!m_dialect.table_exists(m_connection, k_runs_table)) {
    return {};
  }
  const auto result = m_connection.query(fmt::format("SELECT * FROM {} ORDER BY {}", table(), q("id")));
  std::vector<RunRow> runs;
  for (const auto& r : result.rows) {
    RunRow run;
    for (size_t i = 0; i < result.columns.size() && i < r.size(); ++i) {
      const auto column = lower(result.columns[i]);
      const auto text = r[i].value_or(std::string{});
      if (column == "id") run.id = number_of(r[i]);
      else if (column == "version") run.version = text;
      else if (column == "name") run.name = text;
      else if (column == "direction") run.direction = text;
      else if (column == "command") run.command = text;
      else if (column == "started_at") run.started_at = text;
      else if (column == "finished_at") run.finished_at = text;
      else if (column == "duration_ms") run.duration_ms = number_of(r[i]);
      else if (column == "rows_affected") run.rows_affected = number_of(r[i]);
      else if (column == "outcome") run.outcome = text;
      else if (column == "message") run.message = text;
      else if (column == "applied_by") run.applied_by = text;
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

} // namespace strata::migrations
