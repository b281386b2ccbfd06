#pragma once
// The administration role of a dialect: what the executor, the scratch databases and the
// workflows do to a database — connect, integrity checks, catalog questions of the executor, the
// migration lock, backups, scratch databases, emptying a --dev-db. Like the rendering role
// (rendering.hpp, which explains the form) a plain aggregate of the engine's functions; a member
// with a default (table_exists, after_failed_statement) may be left out.

#include "dialects/connection.hpp"
#include "dialects/quoting.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "dialects/url.hpp"
#include "schemas/model.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace strata::dialects {

// What a backup protects: a whole table, or one column (keyed by the primary key).
struct BackupTarget {
  schemas::QualifiedName table;
  std::string column;                    // empty: the whole table
  std::vector<std::string> key_columns;  // primary key (or all columns when none)
};

struct BackupRecord {
  std::string id;        // unique, e.g. "20261121193000-users-email"
  std::string location;  // file path or schema.table holding the copy
  BackupTarget target;
  long long rows = 0;    // verified row count of the copy
  std::string created_at; // UTC ISO-8601
};

// A backup copy found where backups are kept (the backup folder's files, the backup schema's or
// database's tables), whether or not a catalog row names it.
struct BackupCopy {
  std::string id;       // the backup id its name (or comment) gives
  std::string location; // as a BackupRecord's location (file path, or <home>.<table>)
  // Unfinished: the copy of a backup whose catalog row was not (yet) written when it was listed —
  // marked so by its name (SQLite: the <id>.<tag>.part name) or its comment (PostgreSQL, MySQL:
  // "... (unrecorded)") until backup_recorded clears the mark. No catalog row naming it: what a
  // killed backup left, removed by the next backup (remove_partial_backup) when it is ours.
  bool partial = false;
  // Known to be this database's (its name or comment says so); false for a file of a shared
  // folder that could be another database's.
  bool ours = false;
};

// A held migration lock; released in the destructor.
class Lock {
public:
  virtual ~Lock() = default;
  // What taking it involved that the run should report ("took over the migration lock of ...
  // whose lease ran out"), "" when nothing.
  virtual std::string note() const { return {}; }
  // Why the lock is no longer this process's (a lease-based lock whose heartbeats stopped for
  // longer than its lease and that another process took over), "" while it is held.
  virtual std::string lost() const { return {}; }
};

// What a long statement is doing, seen from a connection of the probe's own (PostgreSQL: the
// phase and blocks of an index build). It only reads. Used from one thread at a time.
class ProgressProbe {
public:
  virtual ~ProgressProbe() = default;
  // "CREATE INDEX on events: building index: scanning table, 12 of 40 blocks (30%)", or "" when
  // there is nothing to say (or the probe cannot reach the server: it never fails the statement).
  virtual std::string sample() = 0;
};


// The default of Administration::table_exists: information_schema.tables, which the server
// engines have (SQLite has not: its dialect answers from sqlite_schema).
inline bool information_schema_table_exists(Connection& connection, const std::string& name)
{
  const auto result = connection.query(
    "SELECT count(*) FROM information_schema.tables WHERE table_name = " + quote_doubling(name, '\''));
  return !result.rows.empty() && !result.rows[0].empty() && result.rows[0][0].value_or("0") != "0";
}
// The default of Administration::begin_read_only: a plain transaction (SQLite, whose counting
// SELECTs cannot write; the caller rolls it back).
inline void begin_plain_transaction(Connection& connection)
{
  connection.begin();
}
// The default of Administration::after_failed_statement: a failed statement leaves nothing behind.
inline void nothing_left_behind(Connection& /*connection*/, const std::string& /*sql*/) {}

struct Administration {
  std::unique_ptr<Connection> (*connect)(const DbUrl& url) = nullptr;

  // How a migration file of this engine is cut into statements (migrations::split_statements),
  // as the engine's own command-line client reads one: the file's lexical syntax (MySQL: backslash
  // escapes and DELIMITER lines; PostgreSQL: E'' strings, dollar quotes, nested comments) and,
  // where the engine's library can tell, whether the text up to a ';' is a whole statement
  // (SQLite: sqlite3_complete, which knows CREATE TRIGGER ... END;). Without it, a ';' inside a
  // CREATE TRIGGER's BEGIN ... END does not end the statement.
  const lex::Syntax& (*file_syntax)() = &lex::portable_syntax;
  bool (*statement_complete)(const std::string& text) = nullptr;

  // Engine checks run after a migration file's statements and before its commit (SQLite:
  // PRAGMA foreign_key_check). Throws strata::Error naming the violations.
  void (*check_integrity)(Connection& connection) = nullptr;

  // True when a table (strata's own, e.g. strata_schema_history) named `name` exists in the
  // connection's default schema. A catalog question, so that callers never have to provoke and
  // catch an error (on PostgreSQL an error inside a transaction aborts it).
  bool (*table_exists)(Connection& connection, const std::string& name) = &information_schema_table_exists;

  // Called by the executor after `sql` failed outside a transaction (no-transaction files), to
  // undo what the failed statement left behind (PostgreSQL: the INVALID index of a failed CREATE
  // INDEX CONCURRENTLY), so that a retry starts clean.
  void (*after_failed_statement)(Connection& connection, const std::string& sql) = &nothing_left_behind;

  // Starts a transaction in which the server refuses writes (PostgreSQL `BEGIN READ ONLY`,
  // MySQL `START TRANSACTION READ ONLY`), for counts whose SQL holds text from a migration file
  // (apply's preflight checks); the caller rolls it back.
  void (*begin_read_only)(Connection& connection) = &begin_plain_transaction;

  // Takes the migration lock, waiting at most `timeout`; throws strata::Error naming what holds
  // it when the wait runs out.
  std::unique_ptr<Lock> (*acquire_lock)(Connection& connection, const DbUrl& url,
                                        std::chrono::milliseconds timeout) = nullptr;

  // Copies what `target` would destroy (into backup_dir for file-based engines), verifies the
  // copy by row count, and returns the record. Throws on failure (nothing is destroyed then).
  BackupRecord (*backup)(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                         const std::string& id) = nullptr;
  // Puts the backed-up rows/values back (re-inserting missing rows, or re-filling the column by
  // key). Throws when the table/column is missing.
  void (*restore)(Connection& connection, const BackupRecord& record) = nullptr;
  // Removes the copy `record` points at (`backup prune`): its file, or its table in the backup
  // schema/database once the table is known to be this record's copy for this database (name and
  // comment as the backup made them). False when it was already gone. Throws Error, removing
  // nothing, when the location is not this record's copy or the removal fails. Runs inside the
  // transaction that deletes the catalog row (on engines whose DDL commits, after that delete).
  bool (*drop_backup)(Connection& connection, const BackupRecord& record) = nullptr;
  // The copies present for this database: in `backup_dir` when one is given (file-based engines
  // always), else in the backup schema/database. New backups never take one of their ids.
  std::vector<BackupCopy> (*backup_copies)(Connection& connection, const std::filesystem::path& backup_dir) = nullptr;
  // Removes a partial copy of ours that no catalog row names (what a killed backup left): only a
  // copy whose name (and comment) say it is this database's unfinished one; false when it was
  // already gone. Throws Error, removing nothing, when the location is not such a copy.
  bool (*remove_partial_backup)(Connection& connection, const BackupCopy& copy) = nullptr;
  // Called once the catalog row of `record` is written (and for a recorded copy still marked
  // partial): clears the copy's unfinished mark. Null: the engine's copies carry no mark.
  void (*backup_recorded)(Connection& connection, const BackupRecord& record) = nullptr;

  // A probe of statements running on `running` (called between statements; it may note the
  // session's id; its own connection to `url` opens on the first sample). Null: the engine
  // reports no more than the elapsed time.
  std::unique_ptr<ProgressProbe> (*progress_probe)(Connection& running, const DbUrl& url) = nullptr;

  // Scratch databases, where verify, lint and drift --against migrations replay migration files.
  // Creates the empty database `name` on the server `server` points at (with its credentials)
  // and returns the URL that reaches it. SQLite: an in-memory database (`name` is unused; the
  // caller keeps one connection open for its whole life). Throws DatabaseError.
  DbUrl (*create_scratch)(const DbUrl& server, const std::string& name) = nullptr;
  // Drops a database create_scratch made (SQLite in memory: nothing). Throws DatabaseError.
  void (*drop_scratch)(const DbUrl& server, const DbUrl& scratch) = nullptr;
  // Up to `limit` user objects of the connection's database ("table users", "schema audit"), to
  // tell whether a given --dev-db is empty. strata's own tables count too.
  std::vector<std::string> (*list_objects)(Connection& connection, size_t limit) = nullptr;
  // Drops every user object of the connection's database: a --dev-db is left empty after use.
  void (*clear_database)(Connection& connection) = nullptr;

  // Fleets: a target whose database name is a pattern lists the server's databases (those a user
  // may connect to and migrate: system databases and strata's backup database left out), sorted,
  // connecting with `server`'s credentials to a database that always exists (not its own).
  // Null: the engine has no server to ask (SQLite).
  std::vector<std::string> (*list_databases)(const DbUrl& server) = nullptr;
  // A target whose schema is a pattern lists the user schemas of the connection's database
  // (system schemas and strata's backup schema left out), sorted. Null: no schemas.
  std::vector<std::string> (*list_schemas)(Connection& connection) = nullptr;
};

} // namespace strata::dialects
