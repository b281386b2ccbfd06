// Backups before destructive steps: the rows of a dropped table, or the key columns plus the
// values of a dropped/narrowed column, copied into a table of the strata_backup database and
// verified by count. Restore puts missing rows back (whole table) or refills the column by key.
// With an explicit backup folder the copy goes to a file instead (backup_file.cpp).
#include "dialects/mysql/backup_internal.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::mysql {

namespace {

constexpr size_t k_identifier_max = 64;

std::string schema_literal(const schemas::QualifiedName& table)
{
  return table.schema.empty() ? std::string("DATABASE()") : quote_literal(table.schema);
}

bool same_name(const std::string& a, const std::string& b)
{
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

long long count_rows(Connection& connection, const std::string& relation, const char* suffix = "")
{
  return std::stoll(connection.query("SELECT COUNT(*) FROM " + relation + suffix).rows.at(0).at(0).value_or("0"));
}

// "l.`k1` <=> saved.`k1` AND ..." (NULL-safe: keys may be every column of a keyless table).
std::string key_match(const std::vector<std::string>& keys)
{
  std::string out;
  for (const auto& key : keys) {
    out += (out.empty() ? "" : " AND ") + std::string("l.") + quote_identifier(key) + " <=> saved." +
           quote_identifier(key);
  }
  return out;
}

std::string copy_name(const std::string& location)
{
  const std::string prefix = k_backup_database + ".";
  return location.rfind(prefix, 0) == 0 ? location.substr(prefix.size()) : std::string{};
}

} // namespace

std::optional<std::vector<TableColumn>> table_columns(Connection& connection, const schemas::QualifiedName& table)
{
  const auto result = connection.query(
    "SELECT COLUMN_NAME, COALESCE(GENERATION_EXPRESSION, '') <> '', DATA_TYPE FROM information_schema.COLUMNS "
    "WHERE TABLE_SCHEMA = " + schema_literal(table) + " AND TABLE_NAME = " + quote_literal(table.name) +
    " ORDER BY ORDINAL_POSITION");
  if (result.empty()) {
    return std::nullopt;
  }
  std::vector<TableColumn> columns;
  for (const auto& row : result.rows) {
    columns.push_back({row[0].value_or(""), row[1].value_or("0") == "1", row[2].value_or("")});
  }
  return columns;
}

std::vector<BackupColumn> backup_columns(const std::vector<TableColumn>& columns)
{
  std::vector<BackupColumn> out;
  for (const auto& column : columns) {
    out.push_back({column.name, column.generated});
  }
  return out;
}

BackupTarget resolve_target(Connection& connection, const BackupTarget& target, std::vector<TableColumn>& columns)
{
  const auto live = table_columns(connection, target.table);
  if (!live) {
    throw Error(ErrorKind::database, "cannot back up table " + target.table.str() + ": it does not exist");
  }
  BackupTarget named = target;
  if (!target.column.empty()) {
    const auto found = std::find_if(live->begin(), live->end(), [&](const auto& c) { return same_name(c.name, target.column); });
    if (found == live->end()) {
      throw Error(ErrorKind::database, "cannot back up column " + target.table.str() + "." + target.column +
                                         ": it does not exist");
    }
    named.column = found->name;
  }
  std::vector<std::string> primary_key;
  for (const auto& row : connection.query("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
                                          schema_literal(target.table) + " AND TABLE_NAME = " +
                                          quote_literal(target.table.name) +
                                          " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")
                          .rows) {
    primary_key.push_back(row[0].value_or(""));
  }
  columns = *live;
  return resolve_keys(named, primary_key, backup_columns(columns));
}

void check_restorable(Connection& connection, const BackupRecord& record, const std::vector<std::string>& saved)
{
  const auto& table = record.target.table;
  const auto live = table_columns(connection, table);
  if (!live) {
    throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": table " + table.str() +
                                       " does not exist; re-create it first (e.g. roll back the migration that "
                                       "dropped it)");
  }
  for (const auto& column : saved) {
    if (std::none_of(live->begin(), live->end(), [&](const auto& c) { return same_name(c.name, column); })) {
      throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": column " + table.str() + "." +
                                         column + " does not exist; re-create it (e.g. roll back the migration) "
                                         "first");
    }
  }
}

void restore_rows(Connection& connection, const BackupRecord& record, const std::string& source,
                  const std::vector<std::string>& saved)
{
  const auto& table = record.target.table;
  if (!record.target.column.empty()) {
    std::vector<std::string> keys;
    for (const auto& key : record.target.key_columns) {
      if (key != record.target.column) {
        keys.push_back(key);
      }
    }
    if (keys.empty()) {
      throw Error(ErrorKind::database, "backup " + record.id + " has no key columns to match rows of " + table.str());
    }
    const auto column = quote_identifier(record.target.column);
    connection.execute("UPDATE " + quote_name(table) + " AS l JOIN " + source + " AS saved ON " + key_match(keys) +
                       " SET l." + column + " = saved." + column);
    return;
  }
  // Generated columns compute themselves; every other saved column goes back as it was.
  const auto live = table_columns(connection, table).value_or(std::vector<TableColumn>{});
  std::vector<std::string> names;
  std::string values;
  for (const auto& column : saved) {
    const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return same_name(c.name, column); });
    if (found != live.end() && !found->generated) {
      names.push_back(column);
      values += (values.empty() ? "" : ", ") + std::string("saved.") + quote_identifier(column);
    }
  }
  const auto keys = record.target.key_columns.empty() ? names : record.target.key_columns;
  connection.execute("INSERT INTO " + quote_name(table) + " (" + column_list(names) + ") SELECT " + values +
                     " FROM " + source + " AS saved WHERE NOT EXISTS (SELECT 1 FROM " + quote_name(table) +
                     " AS l WHERE " + key_match(keys) + ")");
}

BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id)
{
  if (!backup_dir.empty()) {
    return backup_to_file(connection, target, backup_dir, id);
  }
  std::vector<TableColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const auto list = column_list(copied_columns(resolved, backup_columns(columns)));
  const auto database = connection.query("SELECT DATABASE()").rows.at(0).at(0).value_or("");
  const auto source_database = resolved.table.schema.empty() ? database : resolved.table.schema;
  // Named after the source database too: one strata_backup serves every database of the server.
  const std::string name = shortened_name(source_database + "_" + id, k_identifier_max);
  const std::string copy = quote_identifier(k_backup_database) + "." + quote_identifier(name);
  const std::string live = quote_name(resolved.table);
  const std::string what = source_database + "." + resolved.table.name +
                           (resolved.column.empty() ? "" : "." + resolved.column);

  // DDL commits on its own, so the empty copy is made first; the rows are then copied and both
  // sides counted in one transaction whose locking reads keep writers out until it commits.
  connection.execute("CREATE DATABASE IF NOT EXISTS " + quote_identifier(k_backup_database) +
                     " CHARACTER SET utf8mb4");
  connection.execute("CREATE TABLE " + copy + " COMMENT = " + quote_literal("strata backup " + id + " of " + what) +
                     " AS SELECT " + list + " FROM " + live + " LIMIT 0");
  long long live_rows = 0;
  long long copied_rows = 0;
  try {
    Transaction transaction(connection);
    connection.execute("INSERT INTO " + copy + " (" + list + ") SELECT " + list + " FROM " + live);
    live_rows = count_rows(connection, live, " LOCK IN SHARE MODE");
    copied_rows = count_rows(connection, copy);
    if (live_rows != copied_rows) {
      throw Error(ErrorKind::database, "backup " + copy + " does not match the database: " +
                                         std::to_string(copied_rows) + " rows of " + what + " copied, " +
                                         std::to_string(live_rows) + " live");
    }
    transaction.commit();
  } catch (const Error&) {
    try {
      connection.execute("DROP TABLE IF EXISTS " + copy); // no half copy stays behind
    } catch (const Error&) { // the first error is the one that matters
    }
    throw;
  }
  return BackupRecord{id, k_backup_database + "." + name, resolved, copied_rows, backup_timestamp()};
}

void restore(Connection& connection, const BackupRecord& record)
{
  const auto name = copy_name(record.location);
  if (name.empty()) {
    restore_from_file(connection, record);
    return;
  }
  const auto saved = table_columns(connection, {k_backup_database, name});
  if (!saved) {
    throw Error(ErrorKind::database, "the copy of backup " + record.id + " (" + record.location + ") is missing");
  }
  std::vector<std::string> names;
  for (const auto& column : *saved) {
    names.push_back(column.name);
  }
  check_restorable(connection, record, names);
  Transaction transaction(connection);
  restore_rows(connection, record, quote_identifier(k_backup_database) + "." + quote_identifier(name), names);
  transaction.commit();
}

} // namespace strata::dialects::mysql
