// Backups before destructive steps: the rows of a dropped table, or the key columns plus the
// values of a dropped/narrowed column, copied into a table of the strata_backup schema in one
// repeatable-read snapshot and verified by count. Enum/domain/composite values are copied as
// text, so the copy never keeps a down file from dropping the type. Restore puts missing rows back
// (whole table) or refills the column by key. With an explicit backup folder the copy goes to a
// file instead (backup_file.cpp).
#include "dialects/postgres/backup_internal.hpp"
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects::postgres {

namespace {

long long count_rows(Connection& connection, const std::string& relation)
{
  const auto result = connection.query("SELECT count(*) FROM " + relation);
  return std::stoll(result.rows.at(0).at(0).value_or("0"));
}

// A saved value as the live column takes it: copies keep enum/domain/composite values as text
// (a copy typed with them would keep DROP TYPE from running), so those are cast back. Other types
// are not cast: an explicit cast to a narrower varchar would silently cut the value.
std::string saved_value(const std::vector<RelationColumn>& live, const std::string& column)
{
  const std::string value = "saved." + quote_identifier(column);
  const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return c.name == column; });
  return found != live.end() && found->user_type ? "CAST(" + value + " AS " + found->type + ")" : value;
}

// "live.k1 IS NOT DISTINCT FROM saved.k1 AND ..." (keys may be all columns of a keyless table).
std::string key_match(const std::vector<std::string>& keys, const std::vector<RelationColumn>& live)
{
  std::string out;
  for (const auto& key : keys) {
    out += (out.empty() ? "" : " AND ") + std::string("live.") + quote_identifier(key) + " IS NOT DISTINCT FROM " +
           saved_value(live, key);
  }
  return out;
}

// The SELECT list of a copy: user-typed columns as text (see saved_value).
std::string copy_list(const std::vector<std::string>& selected, const std::vector<RelationColumn>& columns)
{
  std::string out;
  for (const auto& name : selected) {
    const auto found = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
    const std::string column = quote_identifier(name);
    out += (out.empty() ? "" : ", ") +
           (found != columns.end() && found->user_type ? column + "::text AS " + column : column);
  }
  return out;
}

// Splits "strata_backup.<name>" (the recorded location) into its table name.
std::string location_table(const BackupRecord& record)
{
  const std::string prefix = k_backup_schema + ".";
  if (record.location.rfind(prefix, 0) != 0) {
    throw Error(ErrorKind::input, "backup " + record.id + " is stored at " + record.location +
                                    ", not in the " + k_backup_schema + " schema");
  }
  return record.location.substr(prefix.size());
}

} // namespace

void check_restorable(Connection& connection, const BackupRecord& record, const std::vector<std::string>& saved)
{
  const auto& table = record.target.table;
  const auto live = relation_columns(connection, quote_name(table));
  if (!live) {
    throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": table " + table.str() +
                                       " does not exist; re-create it first (e.g. roll back the migration that "
                                       "dropped it)");
  }
  for (const auto& column : saved) {
    if (std::none_of(live->begin(), live->end(), [&](const auto& c) { return c.name == column; })) {
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
  const auto live = relation_columns(connection, quote_name(table)).value_or(std::vector<RelationColumn>{});
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
    connection.execute("UPDATE " + quote_name(table) + " AS live SET " + column + " = " +
                       saved_value(live, record.target.column) + " FROM " + source + " AS saved WHERE " +
                       key_match(keys, live));
    return;
  }
  std::vector<std::string> names;
  for (const auto& column : saved) {
    const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return c.name == column; });
    if (found != live.end() && !found->generated) {
      names.push_back(column);
    }
  }
  const auto keys = record.target.key_columns.empty() ? names : record.target.key_columns;
  // OVERRIDING SYSTEM VALUE: identity columns GENERATED ALWAYS take the saved values back.
  std::string values;
  for (const auto& name : names) {
    values += (values.empty() ? "" : ", ") + saved_value(live, name);
  }
  connection.execute("INSERT INTO " + quote_name(table) + " (" + column_list(names) +
                     ") OVERRIDING SYSTEM VALUE SELECT " + values + " FROM " + source +
                     " AS saved WHERE NOT EXISTS (SELECT 1 FROM " + quote_name(table) + " AS live WHERE " +
                     key_match(keys, live) + ")");
}

std::optional<std::vector<RelationColumn>> relation_columns(Connection& connection, const std::string& relation)
{
  const auto result = connection.query(
    "SELECT a.attname, a.attgenerated <> '', format_type(a.atttypid, a.atttypmod), "
    "n.nspname NOT IN ('pg_catalog', 'information_schema') FROM pg_attribute a JOIN pg_type t ON t.oid = "
    "a.atttypid LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' JOIN pg_namespace n ON n.oid = "
    "coalesce(e.typnamespace, t.typnamespace) WHERE a.attrelid = to_regclass(" +
    quote_literal(relation) + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
  if (result.empty()) {
    return std::nullopt; // no such relation (every table has a column here... or none: same thing)
  }
  std::vector<RelationColumn> columns;
  for (const auto& row : result.rows) {
    columns.push_back(
      {row[0].value_or(""), row[1].value_or("f") == "t", row[2].value_or(""), row[3].value_or("f") == "t"});
  }
  return columns;
}

std::vector<std::string> primary_key_of(Connection& connection, const std::string& relation)
{
  const auto result = connection.query(
    "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indisprimary AND i.indrelid = "
    "to_regclass(" + quote_literal(relation) + ") ORDER BY k.ord");
  std::vector<std::string> keys;
  for (const auto& row : result.rows) {
    keys.push_back(row[0].value_or(""));
  }
  return keys;
}

std::vector<BackupColumn> backup_columns(const std::vector<RelationColumn>& columns)
{
  std::vector<BackupColumn> out;
  for (const auto& column : columns) {
    out.push_back({column.name, column.generated});
  }
  return out;
}

BackupTarget resolve_target(Connection& connection, const BackupTarget& target, std::vector<RelationColumn>& columns)
{
  const auto& table = target.table;
  const auto live = relation_columns(connection, quote_name(table));
  if (!live) {
    throw Error(ErrorKind::database, "cannot back up table " + table.str() + ": it does not exist");
  }
  if (!target.column.empty() &&
      std::none_of(live->begin(), live->end(), [&](const auto& c) { return c.name == target.column; })) {
    throw Error(ErrorKind::database, "cannot back up column " + table.str() + "." + target.column +
                                       ": it does not exist");
  }
  columns = *live;
  return resolve_keys(target, target.key_columns.empty() ? primary_key_of(connection, quote_name(table))
                                                         : target.key_columns,
                      backup_columns(columns));
}

BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id)
{
  if (!backup_dir.empty()) {
    return backup_to_file(connection, target, backup_dir, id);
  }
  std::vector<RelationColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const std::vector<std::string> selected = copied_columns(resolved, backup_columns(columns));
  const std::string name = shortened_name(id, 63); // identifiers are at most 63 bytes
  const std::string copy = quote_identifier(k_backup_schema) + "." + quote_identifier(name);
  // One snapshot for the copy and both counts: concurrent writers cannot make them disagree.
  Transaction transaction(connection);
  connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  connection.execute("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(k_backup_schema));
  connection.execute("CREATE TABLE " + copy + " AS SELECT " + copy_list(selected, columns) + " FROM " +
                     quote_name(resolved.table));
  const long long live_rows = count_rows(connection, quote_name(resolved.table));
  const long long copied_rows = count_rows(connection, copy);
  if (live_rows != copied_rows) {
    throw Error(ErrorKind::database, "backup " + copy + " does not match the database: " +
                                       std::to_string(copied_rows) + " rows of " + resolved.table.str() +
                                       " copied, " + std::to_string(live_rows) + " live");
  }
  connection.execute("COMMENT ON TABLE " + copy + " IS " +
                     quote_literal("strata backup " + id + " of " + resolved.table.str() +
                                   (resolved.column.empty() ? "" : "." + resolved.column)));
  transaction.commit();
  return BackupRecord{id, k_backup_schema + "." + name, resolved, copied_rows, backup_timestamp()};
}

void restore(Connection& connection, const BackupRecord& record)
{
  if (record.location.rfind(k_backup_schema + ".", 0) != 0) {
    restore_from_file(connection, record);
    return;
  }
  const std::string copy = quote_identifier(k_backup_schema) + "." + quote_identifier(location_table(record));
  const auto saved = relation_columns(connection, copy);
  if (!saved) {
    throw Error(ErrorKind::database, "the copy of backup " + record.id + " (" + record.location + ") is missing");
  }
  std::vector<std::string> names;
  for (const auto& column : *saved) {
    names.push_back(column.name);
  }
  check_restorable(connection, record, names);
  Transaction transaction(connection);
  restore_rows(connection, record, copy, names);
  transaction.commit();
}

} // namespace strata::dialects::postgres
