// Backups before destructive steps: SQLite's online backup API copies the whole database into
// <dir>/<id>.<database tag>.part, which is flushed and then linked as <dir>/<id>.sqlite, so a
// finished backup file is never partial. The .part name stays until the catalog row is written
// (backup_recorded), so a killed backup leaves a .part file (and its journal, or the finished
// file it is linked to), which the tag (a hash of the database file's real path) says is this
// database's.
// Restore ATTACHes the file and puts the table's rows or the column's values back.
#include "dialects/backup_common.hpp"
#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/internal.hpp"

#include "schemas/error.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace strata::dialects::sqlite {

namespace {

const std::string k_alias = "strata_backup";

SqliteConnection& sqlite_connection(Connection& connection)
{
  auto* sqlite = dynamic_cast<SqliteConnection*>(&connection);
  if (sqlite == nullptr) {
    throw Error(ErrorKind::internal, "the SQLite dialect was given a " + connection.engine() + " connection");
  }
  return *sqlite;
}

long long table_rows(Connection& connection, const std::string& schema, const std::string& table)
{
  return count_rows(connection, quote_identifier(schema) + "." + quote_identifier(table));
}

struct ColumnInfo {
  std::string name;
  bool generated = false; // computed, or a virtual table's hidden column: never copied back
};

// Columns of schema.table (empty when the table does not exist), generated ones flagged, and the
// hidden columns of a virtual table (FTS5's rank and the one named after the table).
std::vector<ColumnInfo> columns_of(Connection& connection, const std::string& schema, const std::string& table)
{
  const auto result = connection.query("SELECT name, hidden FROM pragma_table_xinfo(" + quote_literal(table) + ", " +
                                       quote_literal(schema) + ")");
  std::vector<ColumnInfo> columns;
  for (const auto& row : result.rows) {
    const std::string hidden = row[1].value_or("0");
    columns.push_back({row[0].value_or(""), hidden == "1" || hidden == "2" || hidden == "3"});
  }
  return columns;
}

// Primary key columns of schema.table in key order (empty when the table has none).
std::vector<std::string> primary_key_of(Connection& connection, const std::string& schema, const std::string& table)
{
  const auto result = connection.query("SELECT name FROM pragma_table_info(" + quote_literal(table) + ", " +
                                       quote_literal(schema) + ") WHERE pk > 0 ORDER BY pk");
  std::vector<std::string> keys;
  for (const auto& row : result.rows) {
    keys.push_back(row[0].value_or(""));
  }
  return keys;
}

bool has_column(const std::vector<ColumnInfo>& columns, const std::string& name)
{
  return std::any_of(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
}

const std::string k_partial = ".part";

// Which database a partial file belongs to: a hash of the main database file's real path (one
// file reached through a symlink or another spelling has one tag).
std::string database_tag(Connection& connection)
{
  const auto result = connection.query("SELECT file FROM pragma_database_list WHERE name = 'main'");
  const std::string file = result.rows.empty() ? "" : result.rows[0][0].value_or("");
  if (file.empty()) {
    return short_hash(":memory:");
  }
  std::error_code error;
  auto real = std::filesystem::weakly_canonical(file, error);
  return short_hash(error ? file : real.string());
}

void remove_with_journal(const std::filesystem::path& file)
{
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  std::filesystem::remove(file.string() + "-journal", ignored);
}

// <id>.sqlite beside `partial` when it is the same file (the finished name a backup linked to
// it); empty when there is none.
std::filesystem::path linked_copy(const std::filesystem::path& partial, const std::string& id)
{
  const auto finished = partial.parent_path() / (id + ".sqlite");
  std::error_code error;
  return std::filesystem::equivalent(partial, finished, error) && !error ? finished : std::filesystem::path{};
}

void copy_database(SqliteConnection& source, const std::filesystem::path& file)
{
  sqlite3* target = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(file.c_str(), &target, flags, nullptr) != SQLITE_OK) {
    const std::string message = target ? sqlite3_errmsg(target) : "out of memory";
    sqlite3_close(target);
    throw Error(ErrorKind::database, "cannot create backup file " + file.string() + ": " + message);
  }
  sqlite3_backup* job = sqlite3_backup_init(target, "main", source.handle(), "main");
  int rc = SQLITE_ERROR;
  if (job != nullptr) {
    // Another process writing makes a step BUSY: wait for it a bounded time (k_attempts * 50 ms).
    constexpr int k_attempts = 100;
    for (int attempt = 0; attempt < k_attempts; ++attempt) {
      rc = sqlite3_backup_step(job, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_OK) {
        break;
      }
      sqlite3_sleep(50);
    }
    sqlite3_backup_finish(job);
  }
  const std::string message = sqlite3_errmsg(target);
  sqlite3_close(target);
  if (rc != SQLITE_DONE) {
    remove_with_journal(file);
    throw Error(ErrorKind::database, "backup to " + file.string() + " failed: " + message);
  }
}

// Detaches the backup file whatever happens.
class Attached {
public:
  Attached(Connection& connection, const std::string& file) : m_connection(connection)
  {
    m_connection.execute("ATTACH DATABASE " + quote_literal(file) + " AS " + quote_identifier(k_alias));
  }
  ~Attached()
  {
    try {
      m_connection.execute("DETACH DATABASE " + quote_identifier(k_alias));
    } catch (...) { // a destructor must not throw; the original error is what matters
    }
  }
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;

private:
  Connection& m_connection;
};

// Re-creates a dropped table (and its indexes and triggers) from the backup's own definitions.
void recreate_table(Connection& connection, const ResultSet& definitions)
{
  for (const auto& row : definitions.rows) {
    if (row[0].value_or("") == "table") {
      connection.execute(row[1].value_or(""));
    }
  }
}

void restore_table(Connection& connection, const BackupRecord& record)
{
  const std::string& table = record.target.table.name;
  const auto backup_columns = columns_of(connection, k_alias, table);
  if (backup_columns.empty()) {
    throw Error(ErrorKind::database, "backup " + record.id + " does not contain table " + table);
  }
  const auto definitions = connection.query("SELECT type, sql FROM " + quote_identifier(k_alias) +
                                            ".sqlite_schema WHERE tbl_name = " + quote_literal(table) +
                                            " AND sql IS NOT NULL ORDER BY type = 'table' DESC, rowid");
  Transaction transaction(connection);
  const bool existed = !columns_of(connection, "main", table).empty();
  if (!existed) {
    recreate_table(connection, definitions);
  }
  const auto live_columns = columns_of(connection, "main", table);
  std::string names;
  for (const auto& column : backup_columns) {
    if (column.generated) {
      continue;
    }
    if (!has_column(live_columns, column.name)) {
      throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": column " + column.name +
                                         " is missing from table " + table + "; re-create it first");
    }
    names += (names.empty() ? "" : ", ") + quote_identifier(column.name);
  }
  connection.execute("INSERT OR IGNORE INTO main." + quote_identifier(table) + " (" + names + ") SELECT " + names +
                     " FROM " + quote_identifier(k_alias) + "." + quote_identifier(table));
  if (!existed) { // indexes and triggers after the rows, so triggers do not fire on restored rows
    for (const auto& row : definitions.rows) {
      if (row[0].value_or("") != "table") {
        connection.execute(row[1].value_or(""));
      }
    }
  }
  transaction.commit();
}

void restore_column(Connection& connection, const BackupRecord& record)
{
  const std::string& table = record.target.table.name;
  const std::string& column = record.target.column;
  const auto live_columns = columns_of(connection, "main", table);
  if (live_columns.empty()) {
    throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": table " + table + " does not exist");
  }
  if (!has_column(live_columns, column)) {
    throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": column " + table + "." + column +
                                       " does not exist; re-create it (e.g. roll back the migration) first");
  }
  if (!has_column(columns_of(connection, k_alias, table), column)) {
    throw Error(ErrorKind::database, "backup " + record.id + " does not contain column " + table + "." + column);
  }
  // Rows are matched by the recorded key, else the backup's primary key, else the rowid.
  std::vector<std::string> keys;
  const auto recorded = record.target.key_columns.empty() ? primary_key_of(connection, k_alias, table)
                                                          : record.target.key_columns;
  for (const auto& key : recorded) {
    if (key != column) {
      keys.push_back(key);
    }
  }
  const std::string live = "main." + quote_identifier(table);
  const std::string copy = quote_identifier("strata_copy");
  std::string match;
  for (const auto& key : keys.empty() ? std::vector<std::string>{"rowid"} : keys) {
    match += (match.empty() ? "" : " AND ") + copy + "." + quote_identifier(key) + " IS " + live + "." +
             quote_identifier(key);
  }
  const std::string from = " FROM " + quote_identifier(k_alias) + "." + quote_identifier(table) + " AS " + copy +
                           " WHERE " + match;
  Transaction transaction(connection);
  connection.execute("UPDATE " + live + " SET " + quote_identifier(column) + " = (SELECT " + copy + "." +
                     quote_identifier(column) + from + ") WHERE EXISTS (SELECT 1" + from + ")");
  transaction.commit();
}

} // namespace

BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id)
{
  SqliteConnection& source = sqlite_connection(connection);
  if (sqlite3_get_autocommit(source.handle()) == 0) {
    // The copy must be the committed state just before the destructive step; inside a transaction
    // the backup API would block on (or miss) this connection's own uncommitted writes.
    throw Error(ErrorKind::internal, "a backup must be taken outside a transaction");
  }
  const std::string& table = target.table.name;
  const auto live_columns = columns_of(connection, "main", table);
  if (live_columns.empty()) {
    throw Error(ErrorKind::database, "cannot back up table " + table + ": it does not exist");
  }
  if (!target.column.empty() && !has_column(live_columns, target.column)) {
    throw Error(ErrorKind::database, "cannot back up column " + table + "." + target.column + ": it does not exist");
  }
  // An absolute path: the catalog finds it from any working directory.
  const std::filesystem::path file =
    std::filesystem::absolute(new_backup_file(backup_dir, id + ".sqlite")).lexically_normal();
  const std::filesystem::path partial = file.parent_path() / (id + "." + database_tag(connection) + k_partial);
  remove_with_journal(partial); // what a killed copy of this id left (we hold the migration lock)
  copy_database(source, partial);

  const long long live_rows = table_rows(connection, "main", table);
  long long copied_rows = 0;
  bool column_copied = true;
  {
    DbUrl url;
    url.scheme = "sqlite";
    url.path = partial.string();
    url.original = url.path;
    SqliteConnection copy(url);
    copied_rows = table_rows(copy, "main", table);
    column_copied = target.column.empty() || has_column(columns_of(copy, "main", table), target.column);
  }
  if (copied_rows != live_rows || !column_copied) {
    remove_with_journal(partial);
    throw Error(ErrorKind::database, "backup " + file.string() + " does not match the database: " +
                                       std::to_string(copied_rows) + " rows of " + table + " copied, " +
                                       std::to_string(live_rows) + " live");
  }
  publish_backup_file(partial, file, true); // the .part name goes once the catalog row is written
  BackupTarget recorded = target;
  if (recorded.key_columns.empty()) {
    recorded.key_columns = primary_key_of(connection, "main", table);
  }
  return BackupRecord{id, file.string(), recorded, copied_rows, backup_timestamp()};
}

bool drop_backup(Connection& connection, const BackupRecord& record)
{
  sqlite_connection(connection);
  return remove_backup_file(record, ".sqlite");
}

std::vector<BackupCopy> backup_copies(Connection& connection, const std::filesystem::path& backup_dir)
{
  sqlite_connection(connection);
  auto copies = backup_files(backup_dir, ".sqlite");
  const std::string ours = "." + database_tag(connection);
  // <id>.<tag>.part: a copy not recorded yet; its id is taken (another database's copy may
  // still be running), and it is ours when the tag is this database's. A finished <id>.sqlite
  // that is the same file as our .part is that unrecorded copy too: listed once, as the .part.
  for (auto& copy : backup_files(backup_dir, k_partial)) {
    const auto dot = copy.id.rfind('.');
    if (dot == std::string::npos || dot == 0) {
      continue;
    }
    copy.ours = copy.id.substr(dot) == ours;
    copy.id.resize(dot);
    copy.partial = true;
    if (copy.ours) {
      const auto finished = linked_copy(copy.location, copy.id);
      copies.erase(std::remove_if(copies.begin(), copies.end(),
                                  [&](const auto& c) { return !finished.empty() && c.location == finished.string(); }),
                   copies.end());
    }
    copies.push_back(std::move(copy));
  }
  return copies;
}

bool remove_partial_backup(Connection& connection, const BackupCopy& copy)
{
  const std::filesystem::path file(copy.location);
  if (!copy.partial || file.extension() != k_partial ||
      file.filename().string() != copy.id + "." + database_tag(connection) + k_partial) {
    throw Error(ErrorKind::internal, "not a partial backup file of this database: " + copy.location);
  }
  const auto finished = linked_copy(file, copy.id);
  const bool existed = std::filesystem::exists(file);
  if (!finished.empty()) {
    std::filesystem::remove(finished);
  }
  remove_with_journal(file);
  return existed;
}

void backup_recorded(Connection& connection, const BackupRecord& record)
{
  const std::filesystem::path file(record.location);
  const auto partial = file.parent_path() / (record.id + "." + database_tag(connection) + k_partial);
  if (linked_copy(partial, record.id) == file) {
    std::filesystem::remove(partial);
  }
}

void restore(Connection& connection, const BackupRecord& record)
{
  sqlite_connection(connection);
  if (!std::filesystem::exists(record.location)) {
    throw Error(ErrorKind::database, "backup file " + record.location + " of backup " + record.id + " is missing");
  }
  Attached attached(connection, record.location);
  if (record.target.column.empty()) {
    restore_table(connection, record);
  } else {
    restore_column(connection, record);
  }
}

} // namespace strata::dialects::sqlite
