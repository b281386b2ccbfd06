#pragma once
// The rendering role of a dialect: what the planner and the renderers may ask an engine — its
// name and capabilities, quoting, type text, normal forms, SQL for an operation or a probe, and
// engine risks. Pure answers (canonicalize aside, which asks a server how it stores expressions);
// no administration of a database (that is administration.hpp). The planner uses only
// capabilities, normalize and the engine risks; never SQL strings.
//
// A role is a plain aggregate of the engine's functions, not a class to derive from: each engine
// names its free functions once, with designated initializers, in dialects/<engine>/
// <engine>_dialect.cpp, so there is no forwarding class per engine. A member with a default
// (canonicalize, canonical_probes) may be left out. A test that needs another answer copies an
// engine's Rendering and replaces one member.

#include "dialects/connection.hpp"
#include "schemas/index_names.hpp"
#include "schemas/model.hpp"
#include "schemas/name_index.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <optional>
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
  // A primary key's comment changes alone (PostgreSQL COMMENT ON CONSTRAINT); elsewhere (MySQL)
  // the key is dropped and added again with it (a SetPrimaryKey).
  bool primary_key_comment_in_place = true;
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
  // Identifiers that differ only in ASCII case name the same object (SQLite; MySQL columns,
  // indexes and constraints). The planner then matches such names and never renders a case-only
  // difference.
  bool case_insensitive_names = false;
  // The same for table and view names (SQLite). MySQL's depend on the server's
  // lower_case_table_names: 0 (Linux) keeps them apart, so a case-only change is a rename; with
  // 1 or 2 its canonicalize() spells desired names as the catalog does.
  bool case_insensitive_table_names = false;
  // Where index names must be unique (checked on the desired schema before planning): per table
  // (MySQL), per database (SQLite) or per schema with the keys' indexes (PostgreSQL).
  schemas::IndexNameScope index_name_scope = schemas::IndexNameScope::schema;
  // Backups are copies kept inside the database (PostgreSQL: the strata_backup schema) unless a
  // backup folder is given explicitly; file-based engines (SQLite) always need a folder.
  bool server_side_backups = false;
  // The database is a file the process opens itself (SQLite): no server to create scratch
  // databases on (they live in memory instead), and opening a missing file would create it.
  bool embedded = false;
  // Narrowing a text type fails on values longer than the new length (MySQL in strict mode).
  // PostgreSQL casts with USING and cuts them instead; SQLite does not enforce lengths. Decides
  // whether a "values too long" count is a preflight check (the step fails) or only a loss.
  bool narrowing_rejects_long_values = false;
  // Table options a new table is created with and an existing one is never compared on (MySQL's
  // AUTO_INCREMENT start: the counter moves with every insert, and the catalog is not read for it).
  std::vector<std::string> creation_table_options{};
  // A new function may be executed by every role (PostgreSQL grants EXECUTE to PUBLIC on
  // CREATE FUNCTION): where privileges are managed, a created function starts from that grant.
  bool public_executes_new_functions = false;
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
  // Text `sql` holds before its ALTER TABLE (MariaDB's SET STATEMENT … FOR); only statements with
  // the same one are joined, and the joined statement keeps it.
  std::string prefix{};
  // A batched data step: `comment` is its `strata: batch` directive, and its file is headed
  // `-- strata: batched` (migrations/batch_step.hpp).
  bool batched = false;
};

// Per-plan rendering state (never stored in the dialect).
struct RenderContext {
  const schemas::Schema* live = nullptr;    // may be null
  const schemas::Schema* desired = nullptr; // may be null
  // Their tables by name, built once by whoever renders many operations with this context (a
  // plan of thousands of tables looks tables up per step); null: the schemas' find_table.
  const schemas::TableIndex* live_index = nullptr;
  const schemas::TableIndex* desired_index = nullptr;
  // A table of `live` / `desired` by name; null when absent or the schema is.
  const schemas::Table* live_table(const schemas::QualifiedName& name) const
  {
    return live_index != nullptr ? live_index->find(name) : live != nullptr ? live->find_table(name) : nullptr;
  }
  const schemas::Table* desired_table(const schemas::QualifiedName& name) const
  {
    return desired_index != nullptr ? desired_index->find(name) : desired != nullptr ? desired->find_table(name) : nullptr;
  }
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
  const schemas::TableIndex* before_index = nullptr; // its tables by name; null: before->find_table
  // A table of `before` by name; null when absent or `before` is.
  const schemas::Table* before_table(const schemas::QualifiedName& name) const
  {
    return before_index != nullptr ? before_index->find(name) : before != nullptr ? before->find_table(name) : nullptr;
  }
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
    changed_values,   // rows whose non-null `columns[0]` the change from `from_type` to `to_type` alters
    partition_rows,   // rows in the partitions `values` of `table` (MySQL/MariaDB)
    history_rows,     // history rows of the system-versioned `table` (MariaDB)
  };
  Kind kind = Kind::rows;
  schemas::QualifiedName table;
  std::vector<std::string> columns;
  schemas::QualifiedName ref_table;
  std::vector<std::string> ref_columns;
  long long limit = 0;
  std::string expression;
  std::vector<std::string> values;
  schemas::ColumnType from_type{}; // changed_values: the live type and the new one
  schemas::ColumnType to_type{};
};

// Objects Rendering::canonicalize needs on its probe database (see there).
struct CanonicalProbes {
  std::vector<schemas::QualifiedName> tables; // live tables copied by the probes
  std::vector<schemas::QualifiedName> views;  // desired views whose queries are probed
  // Desired functions are probed (created as temporary functions: they need only the types the
  // copies bring, not the tables).
  bool functions = false;
  bool empty() const { return tables.empty() && views.empty() && !functions; }
};

// No server-side canonical forms (the default of Rendering::canonicalize).
inline bool keep_desired_text(Connection& /*catalog*/, Connection* /*probe_db*/, schemas::Schema& /*desired*/,
                              const schemas::Schema& /*live*/)
{
  return false;
}
inline CanonicalProbes no_canonical_probes(const schemas::Schema& /*desired*/, const schemas::Schema& /*live*/)
{
  return {};
}

struct Rendering {
  std::string name; // "sqlite", "postgres", "mysql"
  Capabilities capabilities;

  std::string (*quote_identifier)(const std::string& name) = nullptr;
  std::string (*quote_literal)(const std::string& value) = nullptr;
  // Type text for this engine (portable kinds mapped, native passed through, map resolved).
  std::string (*format_type)(const schemas::ColumnType& type) = nullptr;

  // Pure: canonical forms of types, defaults, expressions and implicit names so that an
  // unchanged schema never diffs. normalize(normalize(x)) == normalize(x). Also drops what the
  // engine cannot store (e.g. comments on SQLite) and resolves per-engine types.
  schemas::Schema (*normalize)(const schemas::Schema& schema) = nullptr;
  // normalize() where the schema lies: the schema becomes its normal form, with no second copy.
  void (*normalize_in_place)(schemas::Schema& schema) = nullptr;
  // Whether normalize(schema) == schema, without copying the schema (it is left as it was).
  bool (*is_normal)(schemas::Schema& schema) = nullptr;

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
  // expression keeps its desired text. Returns false when it left `desired` as it was (a
  // normalized schema then stays its own normal form: the planner need not check it again);
  // true when it changed it, or may have.
  bool (*canonicalize)(Connection& catalog, Connection* probe_db, schemas::Schema& desired,
                       const schemas::Schema& live) = &keep_desired_text;
  // What canonicalize() would probe, computed without a connection: the live tables whose
  // expressions the probes store on copies, and the views whose desired queries they create
  // (these read other tables and views). Both empty (the common case, and the default):
  // canonicalize() needs no probe database and sends only catalog reads.
  CanonicalProbes (*canonical_probes)(const schemas::Schema& desired,
                                      const schemas::Schema& live) = &no_canonical_probes;

  // What this engine refuses in a name, or changes so that the database would never match the
  // schema (PostgreSQL cuts identifiers beyond 63 bytes; MySQL/MariaDB refuse names beyond 64
  // characters, a trailing space or a character outside the BMP, and change such ENUM values): a
  // phrase that follows "name " ("is 70 bytes long; ..."), empty when nothing. `label`: an enum
  // value, a string rather than an identifier. Null: only the rules every engine shares
  // (schemas/name_rules.hpp). Asked through schemas::name_diagnostics.
  std::string (*name_problem)(const std::string& name, bool label) = nullptr;

  // True when ALTER TABLE can perform the operation in place on this table.
  bool (*can_alter_in_place)(const AlterQuestion& question) = nullptr;

  std::vector<Statement> (*render)(const schemas::Operation& op, RenderContext& ctx) = nullptr;

  // Engine-specific risks (locks, table copies) for an operation, with what the planner knows of
  // the database (engines whose risks depend on whether a table exists, as PostgreSQL's locks,
  // read it; the others ignore it). Generic risks are the planner's.
  std::vector<schemas::Risk> (*engine_risks_in_context)(const schemas::Operation& op,
                                                        const RiskContext& context) = nullptr;
  // The same without context: as if every table existed already.
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const
  {
    return engine_risks_in_context(op, RiskContext{});
  }

  // Whether changing a column's type from `before` to `after` (normal forms) can alter a stored
  // value and still succeed: rounded to a smaller scale or fractional-seconds precision, a float
  // narrowed, text cut, a value converted to another storage class. Such a change is destructive
  // (D103): the planner counts the values it alters (ProbeQuery::Kind::changed_values) and backs
  // the column up. A change that fails on a value that does not fit instead is not one of these.
  bool (*changes_stored_values)(const schemas::ColumnType& before, const schemas::ColumnType& after) = nullptr;
  // Whether that change succeeds on every stored value (it may still round them), where the
  // engine-neutral comparison of the two types cannot tell: no "may fail on existing values"
  // (DD205) then. Null: only the neutral comparison decides.
  bool (*type_change_never_fails)(const schemas::ColumnType& before, const schemas::ColumnType& after) = nullptr;

  // Whether CREATE OR REPLACE can turn function `before` into `after` (same identity; normal
  // forms): same kind, argument names, defaults and result (PostgreSQL refuses to change those in
  // place). Otherwise the planner drops the old one and creates the new. Null: never.
  bool (*replaces_function)(const schemas::Function& before, const schemas::Function& after) = nullptr;

  // SELECT returning one integer column with the count asked for.
  std::string (*probe_sql)(const ProbeQuery& probe) = nullptr;

  // plan's column check tries new and changed columns on a scratch database, which lacks what
  // the target added to its engine (PostgreSQL extensions: citext, uuid_generate_v4()). For a
  // column the scratch database refused: true when `target` knows its type and default, asked
  // with a statement the server only plans, never runs (PostgreSQL: EXPLAIN SELECT CAST(...)).
  // Null (the default): types and functions are built into the engine, so the refusal stands.
  bool (*target_knows_column)(Connection& target, const std::string& type,
                              const std::optional<std::string>& default_value) = nullptr;
  // The same check on the target itself: each of `tables` (one column each) created as a
  // temporary table in a transaction that is rolled back, so nothing stays there and no scratch
  // database is needed. The engine's message for each table it refuses, in order ("" for one it
  // takes); nullopt when the target takes no temporary table (a read-only session, a hot standby,
  // no TEMP privilege). Null (the default): never on the target (SQLite's scratch database is in
  // memory already; MySQL/MariaDB commit DDL).
  std::optional<std::vector<std::string>> (*try_columns_on_target)(Connection& target,
                                                                    const std::vector<schemas::Table>& tables) = nullptr;
};

} // namespace strata::dialects
