#pragma once
// The operation vocabulary: a closed variant of plain structs, each carrying before and/or after
// snapshots of the object it changes. No SQL here; dialects render, the planner reasons.

#include "schemas/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace strata::schemas {

// The visitor for std::visit over Operation (and any variant): one lambda per alternative.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct AddTable {
  Table table; // created with columns, primary key, checks, unique constraints; indexes and
               // foreign keys travel as their own AddIndex / AddForeignKey operations
  friend bool operator==(const AddTable&, const AddTable&) = default;
};
struct DropTable {
  Table table; // snapshot, for the inverse and for backups
  friend bool operator==(const DropTable&, const DropTable&) = default;
};
struct RenameTable {
  QualifiedName from;
  QualifiedName to;
  friend bool operator==(const RenameTable&, const RenameTable&) = default;
};
struct SetTableComment {
  QualifiedName table;
  std::string before;
  std::string after;
  friend bool operator==(const SetTableComment&, const SetTableComment&) = default;
};
struct AddColumn {
  QualifiedName table;
  Column column;
  std::string after_column; // column it follows in the desired order; empty: first
  friend bool operator==(const AddColumn&, const AddColumn&) = default;
};
struct DropColumn {
  QualifiedName table;
  Column column; // snapshot
  friend bool operator==(const DropColumn&, const DropColumn&) = default;
};

// Which parts of a column change (atlas ChangeKind). Several may be set at once.
struct ColumnChanges {
  bool type = false;
  bool nullability = false;
  bool default_value = false;
  bool identity = false;
  bool generated = false;
  bool collation = false;
  bool comment = false;
  bool on_update = false; // MySQL ON UPDATE
  bool sequence = false;  // PostgreSQL: the type of a serial column's owned sequence
  bool versioning = false; // MariaDB: WITHOUT SYSTEM VERSIONING set or cleared
  bool any() const
  {
    return type || nullability || default_value || identity || generated || collation || comment || on_update ||
           sequence || versioning;
  }
  friend bool operator==(const ColumnChanges&, const ColumnChanges&) = default;
};

struct AlterColumn {
  QualifiedName table;
  Column before;
  Column after;
  ColumnChanges changes;
  friend bool operator==(const AlterColumn&, const AlterColumn&) = default;
};
struct RenameColumn {
  QualifiedName table;
  std::string from;
  std::string to;
  friend bool operator==(const RenameColumn&, const RenameColumn&) = default;
};
struct AddIndex {
  QualifiedName table;
  Index index;
  friend bool operator==(const AddIndex&, const AddIndex&) = default;
};
struct DropIndex {
  QualifiedName table;
  Index index;
  friend bool operator==(const DropIndex&, const DropIndex&) = default;
};
struct AddForeignKey {
  QualifiedName table;
  ForeignKey foreign_key;
  friend bool operator==(const AddForeignKey&, const AddForeignKey&) = default;
};
struct DropForeignKey {
  QualifiedName table;
  ForeignKey foreign_key;
  friend bool operator==(const DropForeignKey&, const DropForeignKey&) = default;
};
struct AddCheck {
  QualifiedName table;
  Check check;
  friend bool operator==(const AddCheck&, const AddCheck&) = default;
};
struct DropCheck {
  QualifiedName table;
  Check check;
  friend bool operator==(const DropCheck&, const DropCheck&) = default;
};
struct CreateView {
  View view;
  friend bool operator==(const CreateView&, const CreateView&) = default;
};
struct DropView {
  View view;
  friend bool operator==(const DropView&, const DropView&) = default;
};
struct CreateEnum {
  Enum enum_type;
  friend bool operator==(const CreateEnum&, const CreateEnum&) = default;
};
struct AddEnumValue {
  QualifiedName enum_name;
  std::string value;
  std::string after_value; // empty: append
  friend bool operator==(const AddEnumValue&, const AddEnumValue&) = default;
};
struct DropEnum {
  Enum enum_type;
  friend bool operator==(const DropEnum&, const DropEnum&) = default;
};
struct CreateSequence {
  Sequence sequence;
  friend bool operator==(const CreateSequence&, const CreateSequence&) = default;
};
struct DropSequence {
  Sequence sequence;
  friend bool operator==(const DropSequence&, const DropSequence&) = default;
};
struct CreateTrigger {
  QualifiedName table;
  Trigger trigger;
  friend bool operator==(const CreateTrigger&, const CreateTrigger&) = default;
};
struct DropTrigger {
  QualifiedName table;
  Trigger trigger;
  friend bool operator==(const DropTrigger&, const DropTrigger&) = default;
};
// PostgreSQL functions and procedures. A definition that CREATE OR REPLACE can change in place
// (same kind, arguments and result) is one ReplaceFunction; otherwise the old one is dropped and
// the new one created.
struct CreateFunction {
  Function function;
  friend bool operator==(const CreateFunction&, const CreateFunction&) = default;
};
struct DropFunction {
  Function function;
  friend bool operator==(const DropFunction&, const DropFunction&) = default;
};
struct ReplaceFunction {
  Function before;
  Function after;
  friend bool operator==(const ReplaceFunction&, const ReplaceFunction&) = default;
};
// PostgreSQL extensions: created before everything that may use their types, functions and
// operator classes, dropped after it; AlterExtension moves one to another schema and/or version.
struct CreateExtension {
  Extension extension;
  friend bool operator==(const CreateExtension&, const CreateExtension&) = default;
};
struct DropExtension {
  Extension extension;
  friend bool operator==(const DropExtension&, const DropExtension&) = default;
};
struct AlterExtension {
  Extension before;
  Extension after;
  friend bool operator==(const AlterExtension&, const AlterExtension&) = default;
};
// PostgreSQL domains: created before the columns that use them, dropped after; AlterDomain
// changes a domain's default, NOT NULL and checks in place (its base type cannot change).
struct CreateDomain {
  Domain domain;
  friend bool operator==(const CreateDomain&, const CreateDomain&) = default;
};
struct DropDomain {
  Domain domain;
  friend bool operator==(const DropDomain&, const DropDomain&) = default;
};
struct AlterDomain {
  Domain before;
  Domain after;
  friend bool operator==(const AlterDomain&, const AlterDomain&) = default;
};
// PostgreSQL composite types: created before the columns, domains, functions and composite types
// that use them, dropped after; AlterCompositeType adds, drops and retypes attributes in place
// (ALTER TYPE ... ADD | DROP | ALTER ATTRIBUTE). Attributes the server cannot put in their place
// (new ones go last) are dropped and added again after the last attribute kept in order.
struct CreateCompositeType {
  CompositeType type;
  friend bool operator==(const CreateCompositeType&, const CreateCompositeType&) = default;
};
struct DropCompositeType {
  CompositeType type;
  friend bool operator==(const DropCompositeType&, const DropCompositeType&) = default;
};
struct AlterCompositeType {
  CompositeType before;
  CompositeType after;
  friend bool operator==(const AlterCompositeType&, const AlterCompositeType&) = default;
};
// The attribute steps of an AlterCompositeType. The attributes `after` starts with, in the order
// `before` has them, stay (`retyped`: those whose type or collation changes, before and after);
// every other attribute of `before` is dropped and the rest of `after` added, in order, after
// them (ADD ATTRIBUTE appends). `moved`: the dropped ones `after` still has (added again in their
// new place, their values lost).
struct CompositeAttributeSteps {
  std::vector<CompositeAttribute> dropped;
  std::vector<CompositeAttribute> added;
  std::vector<std::pair<CompositeAttribute, CompositeAttribute>> retyped;
  std::vector<std::string> moved;
};
CompositeAttributeSteps composite_attribute_steps(const CompositeType& before, const CompositeType& after);
// SQLite virtual tables: created (CREATE VIRTUAL TABLE) and dropped (DROP TABLE, with its rows and
// shadow tables); a changed declaration is a drop and a create. Never rebuilt or altered.
struct CreateVirtualTable {
  VirtualTable table;
  friend bool operator==(const CreateVirtualTable&, const CreateVirtualTable&) = default;
};
struct DropVirtualTable {
  VirtualTable table;
  friend bool operator==(const DropVirtualTable&, const DropVirtualTable&) = default;
};
// PostgreSQL row-level security: a policy created or dropped (a changed one is dropped and created
// again in the same transaction), and ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY of a table
// (Table::row_security: "", "enabled", "forced").
struct CreatePolicy {
  QualifiedName table;
  Policy policy;
  friend bool operator==(const CreatePolicy&, const CreatePolicy&) = default;
};
struct DropPolicy {
  QualifiedName table;
  Policy policy;
  friend bool operator==(const DropPolicy&, const DropPolicy&) = default;
};
struct SetRowSecurity {
  QualifiedName table;
  std::string before;
  std::string after;
  friend bool operator==(const SetRowSecurity&, const SetRowSecurity&) = default;
};

// Recreate a table whose changes ALTER TABLE cannot express (SQLite's 12-step procedure):
// create `after` under a temporary name, copy rows, drop `before`, rename, recreate indexes and
// triggers of `after`. `column_sources` maps each column of `after` that takes data to the
// column of `before` it is copied from (renames included); a column absent from the map gets
// its default.
struct RebuildTable {
  Table before;
  Table after;
  std::vector<std::pair<std::string, std::string>> column_sources; // after column -> before column
  std::vector<std::string> reasons;                                // why a rebuild was needed
  friend bool operator==(const RebuildTable&, const RebuildTable&) = default;
};

// A primary key as a table carries it: its columns in key order and its constraint name (empty:
// the engine's implicit name). No columns: the table has no primary key.
struct PrimaryKey {
  std::vector<std::string> columns;
  std::string name;
  bool deferrable = false;         // PostgreSQL DEFERRABLE
  bool initially_deferred = false; // PostgreSQL INITIALLY DEFERRED
  std::string comment{};           // PostgreSQL COMMENT ON CONSTRAINT, set again after a re-add
  friend bool operator==(const PrimaryKey&, const PrimaryKey&) = default;
};

// The primary key of an existing table is added, dropped, or changes columns or name. Engines
// without `alter_primary_key` (SQLite) get the RebuildTable this lowers to instead.
struct SetPrimaryKey {
  QualifiedName table;
  PrimaryKey before;
  PrimaryKey after;
  friend bool operator==(const SetPrimaryKey&, const SetPrimaryKey&) = default;
};

// The engine options of an existing table change (Table::options: MySQL engine, charset,
// collation). Emitted only where the dialect can alter them in place (capability
// alter_table_options); elsewhere a changed option forces the table's RebuildTable (SQLite).
struct SetTableOptions {
  QualifiedName table;
  std::map<std::string, std::string> before;
  std::map<std::string, std::string> after;
  friend bool operator==(const SetTableOptions&, const SetTableOptions&) = default;
};

// A NOT VALID foreign key or check becomes valid (PostgreSQL VALIDATE CONSTRAINT): existing rows
// are checked, the definition stays. Exactly one of `foreign_key` and `check` is set: the
// constraint as it is after the step (not_valid false). Its inverse drops it and adds it again
// NOT VALID.
struct ValidateConstraint {
  QualifiedName table;
  std::optional<ForeignKey> foreign_key;
  std::optional<Check> check;
  const std::string& name() const { return foreign_key ? foreign_key->name : check->name; }
  const char* kind() const { return foreign_key ? "foreign key" : "check"; }
  friend bool operator==(const ValidateConstraint&, const ValidateConstraint&) = default;
};

// The partitioning of an existing MySQL/MariaDB table changes (Table::partitioning): partitions
// added at the end or dropped when the scheme stays (ADD / DROP PARTITION; a dropped partition's
// rows are gone), else the table is partitioned anew (PARTITION BY, a copy of the table) or no
// longer (REMOVE PARTITIONING).
struct SetPartitioning {
  QualifiedName table;
  Partitioning before;
  Partitioning after;
  // Partitions of `before` the step drops: named partitions of the same scheme that `after` lacks.
  std::vector<std::string> dropped() const;
  // True when the step only adds and drops named partitions of an unchanged scheme.
  bool in_place() const;
  friend bool operator==(const SetPartitioning&, const SetPartitioning&) = default;
};

// A PostgreSQL table becomes a partition of a parent (ATTACH PARTITION: `before` empty), stops
// being one (DETACH PARTITION: `after` empty) or changes its bound or parent (DETACH, then ATTACH).
// The table itself, its rows and columns stay.
struct SetPartitionOf {
  QualifiedName table;
  PartitionOf before;
  PartitionOf after;
  friend bool operator==(const SetPartitionOf&, const SetPartitionOf&) = default;
};

// The storage parameters of an existing PostgreSQL index change in place: ALTER INDEX ... SET (...)
// for those `after` sets or changes, RESET (...) for those only `before` has.
struct SetIndexStorage {
  QualifiedName table;
  std::string index;
  std::map<std::string, std::string> before;
  std::map<std::string, std::string> after;
  friend bool operator==(const SetIndexStorage&, const SetIndexStorage&) = default;
};

// An existing index is hidden from the optimizer or shown to it again, in place (MySQL 8 ALTER
// INDEX ... INVISIBLE | VISIBLE, MariaDB 10.6 ... IGNORED | NOT IGNORED): the index stays and is
// kept up to date either way.
struct SetIndexVisibility {
  QualifiedName table;
  std::string index;
  bool invisible = false; // after the change
  friend bool operator==(const SetIndexVisibility&, const SetIndexVisibility&) = default;
};

// The comment on an index or a table constraint changes (PostgreSQL COMMENT ON INDEX for a plain
// index, COMMENT ON CONSTRAINT ... ON table for keys, UNIQUE/EXCLUDE constraints, foreign keys and
// checks). Empty: no comment. An empty `name` (not an index) is the table's primary key under the
// engine's implicit name.
struct SetConstraintComment {
  QualifiedName table;
  std::string name;
  bool index = false; // a plain index (not a constraint)
  std::string before;
  std::string after;
  friend bool operator==(const SetConstraintComment&, const SetConstraintComment&) = default;
};

// The comment on a PostgreSQL type (enum, composite), domain, sequence, function (procedure,
// aggregate), trigger, rule, schema or column of a view changes in place (COMMENT ON ...). A created object carries its comment in its own
// create step; this is for one that stays. Empty: no comment.
// A schema's: `object.name` is the namespace ("" the default schema).
enum class CommentedObject {
  enum_type,
  domain,
  sequence,
  function,
  trigger,
  rule,
  composite_type,
  view_column,
  schema,
  composite_attribute, // COMMENT ON COLUMN type.attribute (object: the type, member: the attribute)
};
struct SetObjectComment {
  CommentedObject kind = CommentedObject::enum_type;
  QualifiedName object;  // the type, domain, sequence or function; a trigger's table, a rule's or column's view
  std::string member;    // a trigger's, rule's, view column's or composite type attribute's name
  Function function{};   // the function (its header says FUNCTION, PROCEDURE or AGGREGATE and its arguments)
  std::string before;
  std::string after;
  friend bool operator==(const SetObjectComment&, const SetObjectComment&) = default;
};

// PostgreSQL rules of a table or view (CREATE RULE / DROP RULE ... ON relation). A changed rule is
// dropped and created again; a view created again gets its rules again.
struct CreateRule {
  QualifiedName relation;
  Rule rule;
  friend bool operator==(const CreateRule&, const CreateRule&) = default;
};
struct DropRule {
  QualifiedName relation;
  Rule rule;
  friend bool operator==(const DropRule&, const DropRule&) = default;
};

// A PostgreSQL sequence that stays changes its type, options or owner in place (ALTER SEQUENCE):
// its current value is kept.
struct AlterSequence {
  Sequence before;
  Sequence after;
  friend bool operator==(const AlterSequence&, const AlterSequence&) = default;
};

// The rows a table already has get the value of a column just added to it (YAML `backfill:`): a
// batched data step, UPDATE table SET column = (expression) WHERE column IS NULL run over ranges
// of `batch` keys of `key` (a `-- strata: batch` directive; the file is headed `-- strata:
// batched`). Planned between the column's AddColumn, which adds it NULL-able and without its
// default, and the AlterColumn (SQLite: the RebuildTable) that gives it its NOT NULL and default.
// Nothing to undo: the down file drops the column.
struct BackfillColumn {
  QualifiedName table;
  std::string column;
  std::string expression; // SQL over the row's other columns, as written
  std::vector<std::string> keys; // the table's primary key (one column or several, walked as one key)
  long long batch = 5000; // keys per batch
  friend bool operator==(const BackfillColumn&, const BackfillColumn&) = default;
};

// PostgreSQL schemas (namespaces): created (with their comment) before every object in them,
// dropped (DROP SCHEMA without CASCADE) after every object dropped from them. A namespace's comment
// alone changes through SetObjectComment (CommentedObject::schema). `schema.name` empty: the
// default schema (only ever commented, never created or dropped).
struct CreateSchema {
  Namespace schema;
  friend bool operator==(const CreateSchema&, const CreateSchema&) = default;
};
struct DropSchema {
  Namespace schema;
  friend bool operator==(const DropSchema&, const DropSchema&) = default;
};

// MariaDB system versioning of an existing table is added, removed or changes form (Table::
// versioning). `period_before` / `period_after` are the explicit form's ROW START and ROW END
// columns the step drops / adds with the period (none for the implicit form): the step owns them,
// they travel as no AddColumn / DropColumn of their own. Removing versioning deletes the history
// rows; the inverse adds versioning back without them.
struct SetSystemVersioning {
  QualifiedName table;
  SystemVersioning before;
  SystemVersioning after;
  std::vector<Column> period_before;
  std::vector<Column> period_after;
  friend bool operator==(const SetSystemVersioning&, const SetSystemVersioning&) = default;
};

// PostgreSQL privileges of a table, view, materialized view, sequence, function or schema change
// in place: GRANT and REVOKE (schemas::grant_changes says which). `before` is what the object has
// (live), or for an object this plan creates, what PostgreSQL gives a new one (a function:
// EXECUTE to PUBLIC; anything else: nothing besides its owner); `after` the desired list. Both
// in normal form. Planned only where privileges are managed (Schema::privileges_managed).
struct SetPrivileges {
  GrantTarget target = GrantTarget::table;
  QualifiedName object; // a schema's: `object.name` is the namespace
  Function function{};  // a function's: its kind and signature (its header says FUNCTION, PROCEDURE or AGGREGATE)
  std::vector<Grant> before;
  std::vector<Grant> after;
  // What the object has before the plan runs: `before`, unless the plan creates the object (again):
  // then the old object's grants (none for a new one). What a revoke takes away is measured on it.
  std::vector<Grant> had{};
  friend bool operator==(const SetPrivileges&, const SetPrivileges&) = default;
};

using Operation = std::variant<AddTable, DropTable, RenameTable, SetTableComment, AddColumn, DropColumn,
                               AlterColumn, RenameColumn, AddIndex, DropIndex, AddForeignKey,
                               DropForeignKey, AddCheck, DropCheck, CreateView, DropView, CreateEnum,
                               AddEnumValue, DropEnum, CreateSequence, DropSequence, CreateTrigger,
                               DropTrigger, RebuildTable, SetPrimaryKey, SetTableOptions, ValidateConstraint,
                               SetPartitioning, CreateFunction, DropFunction, ReplaceFunction,
                               CreateExtension, DropExtension, AlterExtension, CreateDomain, DropDomain,
                               AlterDomain, SetIndexStorage, SetConstraintComment, CreatePolicy, DropPolicy,
                               SetRowSecurity, SetPartitionOf, SetObjectComment, CreateRule, DropRule, AlterSequence,
                               CreateVirtualTable, DropVirtualTable, SetIndexVisibility, CreateCompositeType,
                               DropCompositeType, AlterCompositeType, BackfillColumn, CreateSchema, DropSchema,
                               SetSystemVersioning, SetPrivileges>;
// The object a SetPrivileges names, for display: "table app.users", "function touch(integer)",
// "schema audit".
std::string shown_privilege_object(const SetPrivileges& op);

// What a SetObjectComment names: its kind ("enum", "domain", "sequence", "function", "trigger")
// and its name ("app.mood", "touch(integer)", a trigger's own name).
std::pair<std::string, std::string> commented_object(const SetObjectComment& op);
// The same for display: "enum app.mood", "trigger audit on app.orders".
std::string shown_commented_object(const SetObjectComment& op);
// A namespace's name for display: "(default)" for the default schema's "".
std::string shown_namespace(const std::string& name);
// "AddTable", "DropColumn", ... (stable; used in json output and summaries)
std::string operation_kind(const Operation& op);
// The object the operation touches, e.g. "users", "users.email", "users_email_idx" (display).
std::string operation_target(const Operation& op);
// A short human description: "add column users.email".
std::string describe(const Operation& op);

} // namespace strata::schemas
