// strata_schema_history: created if missing, read, written inside each file's transaction.
#include "migrations/history.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>
#include <chrono>
#include <ctime>

namespace strata::migrations {

namespace {

std::string text(const dialects::Value& value)
{
  return value.value_or(std::string{});
}

} // namespace

long long number_of(const dialects::Value& value)
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

std::vector<std::string> History::columns_of(const char* name) const
{
  return m_connection.query(fmt::format("SELECT * FROM {} WHERE 1 = 0", table(name))).columns;
}

void History::ensure()
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  // VARCHAR keys everywhere: MySQL cannot index a TEXT primary key without a prefix length.
  m_connection.execute(fmt::format(
    "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(32) NOT NULL PRIMARY KEY, {} VARCHAR(255), {} VARCHAR(64), "
    "{} VARCHAR(32), {} BIGINT, {} VARCHAR(255), {} VARCHAR(16), {} TEXT, {} TEXT, {} VARCHAR(8), {} INTEGER, "
    "{} INTEGER)",
    table(k_history_table), q("version"), q("name"), q("checksum"), q("applied_at"), q("duration_ms"),
    q("applied_by"), q("status"), q("backup_ref"), q("message"), q("direction"), q("failed_statement"),
    q("failed_line")));
  // A history table from before the dirty protocol recorded statements: add what it lacks.
  const auto present = columns_of(k_history_table);
  const auto has = [&present](const std::string& wanted) {
    return std::any_of(present.begin(), present.end(), [&wanted](const std::string& column) {
      return std::equal(column.begin(), column.end(), wanted.begin(), wanted.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    });
  };
  for (const auto& [column, type] : {std::pair<const char*, const char*>{"direction", "VARCHAR(8)"},
                                     {"failed_statement", "INTEGER"},
                                     {"failed_line", "INTEGER"},
                                     {"accepted_by", "VARCHAR(255)"},
                                     {"accepted_at", "VARCHAR(32)"},
                                     {"rows_affected", "BIGINT"},
                                     {"batch_key", "TEXT"}}) {
    if (!has(column)) {
      m_connection.execute(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table(k_history_table), q(column), type));
    }
  }
  m_connection.execute(fmt::format(
    "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(128) NOT NULL PRIMARY KEY, {} VARCHAR(32), {} VARCHAR(255), "
    "{} VARCHAR(255), {} VARCHAR(255), {} TEXT, {} TEXT, {} BIGINT, {} VARCHAR(32))",
    table(k_backup_table), q("id"), q("version"), q("target_schema"), q("target_table"), q("target_column"),
    q("key_columns"), q("location"), q("row_count"), q("created_at")));
}

std::vector<HistoryRow> History::rows()
{
  if (!exists(k_history_table)) {
    return {}; // no history table yet: nothing applied
  }
  // SELECT *: a table made by an older strata (read by `status` before any apply upgraded it)
  // lacks the newer columns, which then keep their defaults.
  const auto result = m_connection.query(fmt::format("SELECT * FROM {}", table(k_history_table)));
  auto columns = result.columns;
  for (auto& column : columns) {
    std::transform(column.begin(), column.end(), column.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  std::vector<HistoryRow> rows;
  for (const auto& r : result.rows) {
    HistoryRow row;
    for (size_t i = 0; i < columns.size() && i < r.size(); ++i) {
      const std::string& column = columns[i];
      const auto& value = r[i];
      if (column == "version") row.version = text(value);
      else if (column == "name") row.name = text(value);
      else if (column == "checksum") row.checksum = text(value);
      else if (column == "applied_at") row.applied_at = text(value);
      else if (column == "duration_ms") row.duration_ms = number_of(value);
      else if (column == "applied_by") row.applied_by = text(value);
      else if (column == "status") row.status = text(value);
      else if (column == "backup_ref") row.backup_ref = text(value);
      else if (column == "message") row.message = text(value);
      else if (column == "direction" && value && !value->empty()) row.direction = *value;
      else if (column == "failed_statement") row.failed_statement = static_cast<int>(number_of(value));
      else if (column == "failed_line") row.failed_line = static_cast<int>(number_of(value));
      else if (column == "accepted_by") row.accepted_by = text(value);
      else if (column == "accepted_at") row.accepted_at = text(value);
      else if (column == "rows_affected") row.rows_affected = number_of(value);
      else if (column == "batch_key") row.batch_key = text(value);
    }
    // Rows of an older strata marked a half-run down file only by its message.
    if (row.status == "dirty" && row.message.rfind("rollback", 0) == 0) {
      row.direction = "down";
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const HistoryRow& a, const HistoryRow& b) { return compare_versions(a.version, b.version) < 0; });
  return rows;
}

void History::insert(const HistoryRow& row)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format(
    "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}) "
    "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
    table(k_history_table), q("version"), q("name"), q("checksum"), q("applied_at"), q("duration_ms"),
    q("applied_by"), q("status"), q("backup_ref"), q("message"), q("direction"), q("failed_statement"),
    q("failed_line"), q("rows_affected"), q("batch_key"), literal(row.version), literal(row.name),
    literal(row.checksum), literal(row.applied_at), row.duration_ms, literal(row.applied_by), literal(row.status),
    literal(row.backup_ref), literal(row.message), literal(row.direction), row.failed_statement, row.failed_line,
    row.rows_affected, literal(row.batch_key)));
}

void History::update(const std::string& version, const std::string& status, long long duration_ms,
                     const std::string& message)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format("UPDATE {} SET {} = {}, {} = {}, {} = {} WHERE {} = {}", table(k_history_table),
                                   q("status"), literal(status), q("duration_ms"), duration_ms, q("message"),
                                   literal(message), q("version"), literal(version)));
}

void History::write_state(const HistoryRow& row)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format(
    "UPDATE {} SET {} = {}, {} = {}, {} = {}, {} = {}, {} = {}, {} = {}, {} = {}, {} = {}, {} = {} WHERE {} = {}",
    table(k_history_table), q("status"), literal(row.status), q("checksum"), literal(row.checksum),
    q("duration_ms"), row.duration_ms, q("message"), literal(row.message), q("direction"), literal(row.direction),
    q("failed_statement"), row.failed_statement, q("failed_line"), row.failed_line, q("rows_affected"),
    row.rows_affected, q("batch_key"), literal(row.batch_key), q("version"), literal(row.version)));
}

void History::accept(const std::string& version, const std::string& checksum, const std::string& by,
                     const std::string& at)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format("UPDATE {} SET {} = {}, {} = {}, {} = {} WHERE {} = {}", table(k_history_table),
                                   q("checksum"), literal(checksum), q("accepted_by"), literal(by), q("accepted_at"),
                                   literal(at), q("version"), literal(version)));
}

void History::remove(const std::string& version)
{
  m_connection.execute(fmt::format("DELETE FROM {} WHERE {} = {}", table(k_history_table),
                                   m_dialect.quote_identifier("version"), literal(version)));
}

} // namespace strata::migrations
