#pragma once
// The Dialect interface: everything engine-specific the other modules may ask for. The planner
// uses only capabilities(), normalize() and engine_risks(); never SQL strings.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"
#include "schemas/model.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace strata::dialects {

struct Capabilities {
  bool transactional_ddl = false;   // DDL commits with the transaction (SQLite, PostgreSQL)
  bool comments = false;            // COMMENT ON / column comments are stored
  bool schemas = false;             // named schemas (namespaces) besides the default
  bool enum_types = false;          // CREATE TYPE ... AS ENUM
  bool sequences = false;
  bool concurrent_index = false;    // CREATE INDEX CONCURRENTLY
  // What ALTER TABLE can express in place; anything else needs RebuildTable (if table_rebuild).
  bool alter_add_column = true;      // plain ADD COLUMN (constraints permitting: see below)
  bool alter_drop_column = true;
  bool alter_rename_column = true;
  bool alter_rename_table = true;
  bool alter_column_type = true;
  bool alter_column_nullability = true;
  bool alter_column_default = true;
  bool alter_add_foreign_key = true;
  bool alter_drop_foreign_key = true;
  bool alter_add_check = true;
  bool alter_drop_check = true;
  bool alter_primary_key = true;
  bool alter_unique_constraint = true; // add/drop a UNIQUE table constraint in place
  bool table_rebuild = false;          // RebuildTable is available (SQLite)
  // ALTER TABLE changes the table options (Table::options) in place: SetTableOptions (MySQL
  // ENGINE=, CONVERT TO CHARACTER SET). Otherwise a changed option needs a RebuildTable.
  bool alter_table_options = false;
  // Every foreign key needs an index whose leading columns are its columns (MySQL/InnoDB): an
  // index is created before the foreign key that needs it and dropped only after it.
  bool fk_requires_index = false;
  // Consecutive ALTER TABLE statements of one table are combined into one (MySQL: each ALTER
  // TABLE may copy the table; one statement copies it once). See Statement::alter_table.
  bool merge_alter_table = false;
  // The type or collation of a column in a foreign key (either side) can change while the key
  // exists. MySQL refuses it: the planner drops and re-adds such keys around the change.
  bool alter_foreign_key_column_type = true;
  // Identifiers that differ only in ASCII case name the same object (SQLite; MySQL columns).
  // The planner then matches such names and never renders a case-only difference.
  bool case_insensitive_names = false;
  // Backups are copies kept inside the database (PostgreSQL: the strata_backup schema) unless a
  // backup folder is given explicitly; file-based engines (SQLite) always need a folder.
  bool server_side_backups = false;
  // The database is a file the process opens itself (SQLite): no server to create scratch
  // databases on (they live in memory instead), and opening a missing file would create it.
  bool embedded = false;
};

// The planner asks this before emitting an operation in place. For SQLite ADD COLUMN cannot add
// a PRIMARY KEY/UNIQUE column, a NOT NULL column without a non-NULL default, a column with a
// non-constant default, or a STORED generated column, and DROP COLUMN fails on columns used by an
// index, a foreign key, a check, a view or a trigger.
struct AlterQuestion {
  const schemas::Table* table = nullptr; // live table before the change
  const schemas::Operation* operation = nullptr;
};

// One rendered SQL statement.
struct Statement {
  std::string sql;               // without the trailing ';'
  std::string comment;           // optional one-line explanation
  bool no_transaction = false;   // must run outside a transaction (PostgreSQL CONCURRENTLY)
  // Set by engines that combine ALTER TABLE clauses (capability merge_alter_table) when `sql` is
  // exactly "ALTER TABLE <alter_table> <clause>[, <algorithm>]": the writer joins consecutive
  // such statements of one table and one algorithm into a single ALTER TABLE.
  std::string alter_table{};
  std::string clause{};
  std::string algorithm{};
};

// Per-plan rendering state (never stored in the dialect).
struct RenderContext {
  const schemas::Schema* live = nullptr;    // may be null
  const schemas::Schema* desired = nullptr; // may be null
  // PostgreSQL: build/drop indexes of existing tables CONCURRENTLY (statements marked
  // no_transaction). Off with `--no-concurrent-indexes`.
  bool concurrent_indexes = true;
  // Dialect bookkeeping across the operations of one file: namespaces this file already creates
  // (PostgreSQL emits CREATE SCHEMA IF NOT EXISTS once, before the first object of a schema).
  std::set<std::string> created_schemas{};
};

// What engine_risks may know besides the operation (filled by the planner).
struct RiskContext {
  // The normalized schema the operation applies to (live, with table renames applied); null when
  // unknown. Tells whether a table exists already (has rows, takes locks) or is new in the plan.
  const schemas::Schema* before = nullptr;
  bool concurrent_indexes = true; // as RenderContext::concurrent_indexes
};

// A count the planner wants measured on the live database (destructive / data-dependent risks).
struct ProbeQuery {
  enum class Kind {
    rows,             // rows in `table`
    non_null,         // rows where `columns[0]` IS NOT NULL
    nulls,            // rows where `columns[0]` IS NULL
    duplicate_groups, // groups of equal non-null `columns` values with more than one row
    orphans,          // rows whose non-null `columns` have no match in `ref_table.ref_columns`
    too_long,         // rows whose `columns[0]` text is longer than `limit` characters
    violating_check,  // rows where NOT (`expression`)
    values_outside,   // rows whose non-null `columns[0]` is none of `values` (enum members removed)
  };
  Kind kind = Kind::rows;
  schemas::QualifiedName table;
  std::vector<std::string> columns;
  schemas::QualifiedName ref_table;
  std::vector<std::string> ref_columns;
  long long limit = 0;
  std::string expression;
  std::vector<std::string> values;
};

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

// Objects Dialect::canonicalize() needs on its probe database (see there).
struct CanonicalProbes {
  std::vector<schemas::QualifiedName> tables; // live tables copied by the probes
  std::vector<schemas::QualifiedName> views;  // desired views whose queries are probed
  bool empty() const { return tables.empty() && views.empty(); }
};

// A held migration lock; released in the destructor.
class Lock {
public:
  virtual ~Lock() = default;
};

class Dialect {
public:
  virtual ~Dialect() = default;

  virtual std::string name() const = 0; // "sqlite", "postgres", "mysql"
  virtual Capabilities capabilities() const = 0;

  virtual std::unique_ptr<Connection> connect(const DbUrl& url) const = 0;

  virtual std::string quote_identifier(const std::string& name) const = 0;
  virtual std::string quote_literal(const std::string& value) const = 0;
  // Type text for this engine (portable kinds mapped, native passed through, map resolved).
  virtual std::string format_type(const schemas::ColumnType& type) const = 0;

  // Pure: canonical forms of types, defaults, expressions and implicit names so that an
  // unchanged schema never diffs. normalize(normalize(x)) == normalize(x). Also drops what the
  // engine cannot store (e.g. comments on SQLite) and resolves per-engine types.
  virtual schemas::Schema normalize(const schemas::Schema& schema) const = 0;

  // Server-side canonical forms, run before diffing desired against live: where a desired
  // expression (default, check, index expression/predicate, generated column, view query) differs
  // in text from its live counterpart after normalize(), the engine is asked how it would store
  // the desired one, and the desired text is replaced by that form, so an equivalent expression
  // never diffs. Default: nothing.
  //
  // `catalog` answers read-only catalog questions (the target database: MySQL's default charset,
  // collation and engine). The probes create throw-away objects (temporary tables, probe views)
  // on `probe_db`, which must hold the live objects canonical_probes() names: `plan` passes its
  // target; read-only commands pass a scratch database holding copies of those objects, so that
  // nothing is ever created on the target. Null `probe_db`: no probe runs and every differing
  // expression keeps its desired text.
  virtual void canonicalize(Connection& /*catalog*/, Connection* /*probe_db*/, schemas::Schema& /*desired*/,
                            const schemas::Schema& /*live*/) const
  {
  }
  // What canonicalize() would probe, computed without a connection: the live tables whose
  // expressions the probes store on copies, and the views whose desired queries they create
  // (these read other tables and views). Both empty (the common case): canonicalize() needs no
  // probe database and sends only catalog reads.
  virtual CanonicalProbes canonical_probes(const schemas::Schema& /*desired*/, const schemas::Schema& /*live*/) const
  {
    return {};
  }

  // True when ALTER TABLE can perform the operation in place on this table.
  virtual bool can_alter_in_place(const AlterQuestion& question) const = 0;

  virtual std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx) const = 0;

  // Engine-specific risks (locks, table copies) for an operation; generic ones are the planner's.
  virtual std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const = 0;
  // The same with what the planner knows of the database; engines whose risks depend on whether a
  // table exists (PostgreSQL locks) override it. Default: the context-free form.
  virtual std::vector<schemas::Risk> engine_risks_in_context(const schemas::Operation& op,
                                                             const RiskContext& /*context*/) const
  {
    return engine_risks(op);
  }

  // SELECT returning one integer column with the count asked for.
  virtual std::string probe_sql(const ProbeQuery& probe) const = 0;

  // Engine checks run after a migration file's statements and before its commit (SQLite:
  // PRAGMA foreign_key_check). Throws strata::Error naming the violations.
  virtual void check_integrity(Connection& connection) const = 0;

  // True when a table (strata's own, e.g. strata_schema_history) named `name` exists in the
  // connection's default schema. A catalog question, so that callers never have to provoke and
  // catch an error (on PostgreSQL an error inside a transaction aborts it). The default asks
  // information_schema.tables; engines without it override.
  virtual bool table_exists(Connection& connection, const std::string& name) const
  {
    const auto result = connection.query(
      "SELECT count(*) FROM information_schema.tables WHERE table_name = " + quote_literal(name));
    return !result.rows.empty() && !result.rows[0].empty() && result.rows[0][0].value_or("0") != "0";
  }

  // Called by the executor after `sql` failed outside a transaction (no-transaction files), to
  // undo what the failed statement left behind (PostgreSQL: the INVALID index of a failed CREATE
  // INDEX CONCURRENTLY), so that a retry starts clean. Default: nothing is left behind.
  virtual void after_failed_statement(Connection& /*connection*/, const std::string& /*sql*/) const {}

  // Takes the migration lock, waiting at most `timeout`; throws strata::Error naming what holds
  // it when the wait runs out.
  virtual std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url,
                                             std::chrono::milliseconds timeout) const = 0;

  // Copies what `target` would destroy (into backup_dir for file-based engines), verifies the
  // copy by row count, and returns the record. Throws on failure (nothing is destroyed then).
  virtual BackupRecord backup(Connection& connection, const BackupTarget& target,
                              const std::filesystem::path& backup_dir, const std::string& id) const = 0;
  // Puts the backed-up rows/values back (re-inserting missing rows, or re-filling the column by
  // key). Throws when the table/column is missing.
  virtual void restore(Connection& connection, const BackupRecord& record) const = 0;

  // Scratch databases, where verify, lint and drift --against migrations replay migration files.
  // Creates the empty database `name` on the server `server` points at (with its credentials)
  // and returns the URL that reaches it. SQLite: an in-memory database (`name` is unused; the
  // caller keeps one connection open for its whole life). Throws DatabaseError.
  virtual DbUrl create_scratch(const DbUrl& server, const std::string& name) const = 0;
  // Drops a database create_scratch made (SQLite in memory: nothing). Throws DatabaseError.
  virtual void drop_scratch(const DbUrl& server, const DbUrl& scratch) const = 0;
  // Up to `limit` user objects of the connection's database ("table users", "schema audit"), to
  // tell whether a given --dev-db is empty. strata's own tables count too.
  virtual std::vector<std::string> list_objects(Connection& connection, size_t limit) const = 0;
  // Drops every user object of the connection's database: a --dev-db is left empty after use.
  virtual void clear_database(Connection& connection) const = 0;
};

} // namespace strata::dialects
