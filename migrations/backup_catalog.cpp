// strata_schema_backups: the catalog of backups taken before destructive steps.
#include "migrations/history.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::migrations {

namespace {

// Key columns are stored one per line (column names never hold a newline in practice, and
// this keeps the catalog readable with any SQL client).
std::string join_lines(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : "\n") + item;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text)
{
  std::vector<std::string> items;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    items.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  return items;
}

} // namespace

void History::record_backup(const dialects::BackupRecord& record, const std::string& version)
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  m_connection.execute(fmt::format(
    "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
    table(k_backup_table), q("id"), q("version"), q("target_schema"), q("target_table"), q("target_column"),
    q("key_columns"), q("location"), q("row_count"), q("created_at"), literal(record.id), literal(version),
    literal(record.target.table.schema), literal(record.target.table.name), literal(record.target.column),
    literal(join_lines(record.target.key_columns)), literal(record.location), record.rows,
    literal(record.created_at.empty() ? utc_now_iso() : record.created_at)));
}

std::vector<dialects::BackupRecord> History::backups()
{
  const auto q = [this](const char* name) { return m_dialect.quote_identifier(name); };
  if (!exists(k_backup_table)) {
    return {}; // no catalog yet: no backups
  }
  const auto result = m_connection.query(fmt::format("SELECT {}, {}, {}, {}, {}, {}, {}, {} FROM {}", q("id"),
                                                     q("target_schema"), q("target_table"), q("target_column"),
                                                     q("key_columns"), q("location"), q("row_count"),
                                                     q("created_at"), table(k_backup_table)));
  std::vector<dialects::BackupRecord> records;
  for (const auto& r : result.rows) {
    dialects::BackupRecord record;
    record.id = r[0].value_or("");
    record.target.table = {r[1].value_or(""), r[2].value_or("")};
    record.target.column = r[3].value_or("");
    record.target.key_columns = split_lines(r[4].value_or(""));
    record.location = r[5].value_or("");
    record.rows = r[6] ? std::stoll(*r[6]) : 0;
    record.created_at = r[7].value_or("");
    records.push_back(std::move(record));
  }
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return records;
}

bool History::backup_exists(const std::string& id)
{
  const auto records = backups();
  return std::any_of(records.begin(), records.end(), [&](const auto& r) { return r.id == id; });
}

void History::remove_backup(const std::string& id)
{
  m_connection.execute(fmt::format("DELETE FROM {} WHERE {} = {}", table(k_backup_table),
                                   m_dialect.quote_identifier("id"), literal(id)));
}

} // namespace strata::migrations
