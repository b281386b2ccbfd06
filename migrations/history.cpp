// strata_schema_history: created if missing, read, written inside each file's transaction.
#include "migrations/history.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace strata::migrations {

namespace {

std::string text(const dialects::Value& value)
{
  return value.value_or(std::string{});
}

long long number(const dialects::Value& value)
{
  if (!value || value->empty()) {
    return 0;
  }
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return 0;
  }
}

} // namespace

std::string utc_now_iso()
{
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

History::History(dialects::Connection& connection, const dialects::Dialect& dialect)
  : m_connection(connection), m_dialect(dialect)
{
}

std::string History::table(const char* name) const
{
  return m_dialect.quote_identifier(name);
}

std::string History::literal(const std::string& value) const
{
  return m_dialect.quote_literal(value);
}

bool History::exists(const char* name) const
{
  return m_dialect.table_exists(m_connection, name);
}

void History::ensure()
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format(
    "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(32) NOT NULL PRIMARY KEY, {} VARCHAR(255), {} VARCHAR(64), "
    "{} VARCHAR(32), {} BIGINT, {} VARCHAR(255), {} VARCHAR(16), {} TEXT, {} TEXT)",
    table(k_history_table), q("version"), q("name"), q("checksum"), q("applied_at"), q("duration_ms"),
    q("applied_by"), q("status"), q("backup_ref"), q("message")));
  m_connection.execute(fmt::format(
    "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(128) NOT NULL PRIMARY KEY, {} VARCHAR(32), {} VARCHAR(255), "
    "{} VARCHAR(255), {} VARCHAR(255), {} TEXT, {} TEXT, {} BIGINT, {} VARCHAR(32))",
    table(k_backup_table), q("id"), q("version"), q("target_schema"), q("target_table"), q("target_column"),
    q("key_columns"), q("location"), q("row_count"), q("created_at")));
}

std::vector<HistoryRow> History::rows()
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  if (!exists(k_history_table)) {
    return {}; // no history table yet: nothing applied
  }
  const auto result = m_connection.query(fmt::format("SELECT {}, {}, {}, {}, {}, {}, {}, {}, {} FROM {}",
                                                     q("version"), q("name"), q("checksum"), q("applied_at"),
                                                     q("duration_ms"), q("applied_by"), q("status"),
                                                     q("backup_ref"), q("message"), table(k_history_table)));
  std::vector<HistoryRow> rows;
  for (const auto& r : result.rows) {
    rows.push_back({text(r[0]), text(r[1]), text(r[2]), text(r[3]), number(r[4]), text(r[5]), text(r[6]),
                    text(r[7]), text(r[8])});
  }
  std::sort(rows.begin(), rows.end(),
            [](const HistoryRow& a, const HistoryRow& b) { return compare_versions(a.version, b.version) < 0; });
  return rows;
}

void History::insert(const HistoryRow& row)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format(
    "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
    table(k_history_table), q("version"), q("name"), q("checksum"), q("applied_at"), q("duration_ms"),
    q("applied_by"), q("status"), q("backup_ref"), q("message"), literal(row.version), literal(row.name),
    literal(row.checksum), literal(row.applied_at), row.duration_ms, literal(row.applied_by), literal(row.status),
    literal(row.backup_ref), literal(row.message)));
}

void History::update(const std::string& version, const std::string& status, long long duration_ms,
                     const std::string& message)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format("UPDATE {} SET {} = {}, {} = {}, {} = {} WHERE {} = {}", table(k_history_table),
                                   q("status"), literal(status), q("duration_ms"), duration_ms, q("message"),
                                   literal(message), q("version"), literal(version)));
}

void History::remove(const std::string& version)
{
  m_connection.execute(fmt::format("DELETE FROM {} WHERE {} = {}", table(k_history_table),
                                   m_dialect.quote_identifier("version"), literal(version)));
}

} // namespace strata::migrations
