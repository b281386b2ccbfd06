#pragma once
// The one server-side backup algorithm (PostgreSQL, MySQL): resolve the target and its keys, copy
// the rows (into a table of the strata_backup schema/database, or into a `.jsonl` file of an
// explicit backup folder) in one snapshot, verify the copy by row count, record it (a copy table's
// comment says "(unrecorded)" until the catalog row is written); restore puts
// missing rows back (whole table) or refills the column by key. An engine supplies only what
// differs: its catalog look-ups, quoting, the NULL-safe comparison, the UPDATE … FROM form, how
// the copy is made and how rows travel as JSON. (SQLite copies whole database files instead:
// dialects/sqlite/backup.cpp.)

#include "dialects/backup_common.hpp"
#include "dialects/dialect.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects {

// A live column as backups see it.
struct LiveColumn {
  std::string name;
  bool generated = false;
  std::string type;       // the engine's type text (PostgreSQL format_type, MySQL DATA_TYPE)
  bool user_type = false; // PostgreSQL: an enum/domain/composite (or array of one), copied as text
  // NOT NULL: restore matches it with plain equality, which the engine can hash or merge (a
  // NULL-safe comparison on PostgreSQL joins every saved row with every live one).
  bool not_null = false;
};

// A copy into the backup schema/database, as the hooks that make it see it.
struct ServerCopy {
  std::string copy;    // quoted <backup home>.<name>
  std::string live;    // quoted live table
  std::string list;    // the copy's column list
  std::string select;  // the SELECT list reading them from the live table
  std::string comment; // "strata backup <id> of <what>"
};

class ServerBackup {
public:
  virtual ~ServerBackup() = default;

  // Into the backup schema/database, or into <backup_dir>/<id>.jsonl when a folder is given.
  BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                      const std::string& id) const;
  void restore(Connection& connection, const BackupRecord& record) const;
  // Administration::drop_backup: the `.jsonl` file, or the copy table after checking that its
  // name and comment are the ones backup() gave this record's copy on this database.
  bool drop(Connection& connection, const BackupRecord& record) const;
  // Administration::backup_copies: the `.jsonl` files of `backup_dir` when one is given, else
  // this database's copy tables (whose comment names their backup id; partial while it ends in
  // " (unrecorded)").
  std::vector<BackupCopy> copies(Connection& connection, const std::filesystem::path& backup_dir) const;
  // Administration::remove_partial_backup: drops the copy table when it is one of this database's
  // copies and its comment is the unrecorded one of `copy.id`; throws Error(integrity) otherwise.
  bool remove_partial(Connection& connection, const BackupCopy& copy) const;
  // Administration::backup_recorded: the copy's comment loses " (unrecorded)" (files: nothing).
  void recorded(Connection& connection, const BackupRecord& record) const;

protected:
  // --- the engine's catalog and quoting
  // Columns of `table` in order; nullopt when it does not exist.
  virtual std::optional<std::vector<LiveColumn>> columns(Connection& connection,
                                                         const schemas::QualifiedName& table) const = 0;
  virtual std::vector<std::string> primary_key(Connection& connection, const schemas::QualifiedName& table) const = 0;
  // How the engine compares column names (MySQL: ASCII case-insensitively).
  virtual bool same_name(const std::string& a, const std::string& b) const { return a == b; }
  virtual std::string quote_identifier(const std::string& name) const = 0;
  virtual std::string quote_literal(const std::string& value) const = 0;

  // --- restoring by key
  // `left` equals `right`, NULL equal to NULL.
  virtual std::string null_safe_equal(const std::string& left, const std::string& right) const = 0;
  // A saved column's value (alias `saved`) as the live column takes it.
  virtual std::string saved_value(const std::vector<LiveColumn>& live, const std::string& column) const;
  // Sets `column` of `table` (alias `live`) to `value` from `source` (alias `saved`) where `match`.
  virtual void refill_column(Connection& connection, const std::string& table, const std::string& column,
                             const std::string& value, const std::string& source, const std::string& match) const = 0;
  // Words between the column list and SELECT of the restoring INSERT.
  virtual std::string insert_option() const { return ""; }

  // --- copies in the server
  // The schema/database that holds the copies; the recorded location is "<home>.<name>".
  virtual std::string backup_home() const = 0;
  // The copy's table name (within the engine's identifier limit) and what messages call the source.
  virtual std::pair<std::string, std::string> copy_name(Connection& connection, const BackupTarget& resolved,
                                                        const std::string& id) const = 0;
  // A column of the copy's SELECT list.
  virtual std::string copied_value(const LiveColumn& column) const { return quote_identifier(column.name); }
  // First statements of the snapshot transaction (isolation level).
  virtual void begin_snapshot(Connection&) const {}
  // Before the transaction: DDL that commits on its own (MySQL makes the empty copy here).
  virtual void prepare_copy(Connection&, const ServerCopy&) const {}
  // Inside the transaction: fills the copy.
  virtual void fill_copy(Connection& connection, const ServerCopy& copy) const = 0;
  // Appended to the live count (a locking read keeps writers out until the commit).
  virtual std::string counting_lock() const { return ""; }
  // Inside the transaction after the verified count (PostgreSQL: the comment).
  virtual void finish_copy(Connection&, const ServerCopy&) const {}
  // Replaces the comment of the copy table `copy` (quoted <home>.<name>).
  virtual void set_comment(Connection& connection, const std::string& copy, const std::string& comment) const = 0;
  // After a failed copy (MySQL: the half copy its DDL committed).
  virtual void discard_copy(Connection&, const ServerCopy&) const {}
  // The comment of table `name` of the backup home ("" when it has none); nullopt when there is
  // no such table.
  virtual std::optional<std::string> copy_comment(Connection& connection, const std::string& name) const = 0;
  // Name and comment of every table of the backup home that is a copy of this database's (by
  // its comment "strata backup <id> of ..."; MySQL: and its name).
  virtual std::vector<std::pair<std::string, std::string>> own_copies(Connection& connection) const = 0;

  // --- copies in files
  // A query returning one JSON object text per row of `table`, with the `selected` columns.
  virtual std::string row_objects(const std::vector<std::string>& selected, const std::vector<LiveColumn>& columns,
                                  const std::string& table) const = 0;
  // The JSON array of the names (the file's first line) and back.
  virtual std::string names_json(Connection& connection, const std::vector<std::string>& names) const = 0;
  virtual std::vector<std::string> json_names(Connection& connection, const std::string& header) const = 0;
  virtual std::size_t rows_per_statement() const = 0;
  // Before the restoring transaction: a staging table for the rows, or empty (none).
  virtual std::string stage(Connection&, const BackupRecord&, const std::vector<std::string>&) const { return ""; }
  virtual void unstage(Connection&, const std::string&) const {}
  // The FROM item holding one batch of row objects, or empty when they went into the staging table.
  virtual std::string load_batch(Connection& connection, const BackupRecord& record,
                                 const std::vector<std::string>& names, const std::vector<LiveColumn>& live,
                                 const std::string& staging, const std::vector<std::string>& rows) const = 0;

  std::string quote_name(const schemas::QualifiedName& name) const;
  std::string column_list(const std::vector<std::string>& names) const;
  // 'a', 'b', 'c': the names as string literals (for the engines' JSON array constructors).
  std::string literal_list(const std::vector<std::string>& names) const;

private:
  // The copy's table name and final comment backup() gives `record` on this database.
  std::pair<std::string, std::string> expected_copy(Connection& connection, const BackupRecord& record) const;
  BackupTarget resolve_target(Connection& connection, const BackupTarget& target,
                              std::vector<LiveColumn>& columns) const;
  void check_restorable(Connection& connection, const BackupRecord& record,
                        const std::vector<std::string>& saved) const;
  void restore_rows(Connection& connection, const BackupRecord& record, const std::string& source,
                    const std::vector<std::string>& saved) const;
  std::string key_match(const std::vector<std::string>& keys, const std::vector<LiveColumn>& live) const;
  BackupRecord backup_to_file(Connection& connection, const BackupTarget& target, const std::filesystem::path& dir,
                              const std::string& id) const;
  void restore_from_file(Connection& connection, const BackupRecord& record) const;
};

} // namespace strata::dialects
