#pragma once
// Planner internals: the diff state shared by the passes of plan() (renames, per-kind diffs,
// lowering, views). Not part of the planner's public API (that is plan.hpp).

#include "dialects/rendering.hpp"
#include "schemas/model.hpp"
#include "schemas/name_index.hpp"
#include "schemas/operation.hpp"

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace strata::planner::detail {

using schemas::QualifiedName;

// How names of the plan map back to the names of the live database (probes and backups run on
// the live database before any step of the plan).
struct RenameMap {
  std::map<QualifiedName, QualifiedName> tables;                              // new -> live
  std::map<std::pair<QualifiedName, std::string>, std::string> columns;       // (table new, column new) -> live
  QualifiedName live_table(const QualifiedName& table) const;
  std::string live_column(const QualifiedName& table, const std::string& column) const;
  bool table_has_column_renames(const QualifiedName& table) const;
};

// A pair (referencing table, referenced table) whose foreign keys sit in a cycle.
using TablePairs = std::set<std::pair<QualifiedName, QualifiedName>>;

struct DiffState {
  // The schemas are the caller's, read in place (a large schema is never copied for the state).
  // `desired` given as a non-const reference is the up direction's: the passes that spell its names
  // as live does and clear its rename hints change it (writable_desired). The down direction's
  // state reads both.
  DiffState(const dialects::Rendering& d, const schemas::Schema& live_normal, schemas::Schema& desired_normal)
      : dialect(d), caps(d.capabilities), live(live_normal), desired(desired_normal), m_writable(&desired_normal)
  {
  }
  DiffState(const dialects::Rendering& d, const schemas::Schema& live_normal, const schemas::Schema& desired_normal)
      : dialect(d), caps(d.capabilities), live(live_normal), desired(desired_normal)
  {
  }
  DiffState(const DiffState&) = delete; // current() may point into the state itself
  DiffState& operator=(const DiffState&) = delete;

  const dialects::Rendering& dialect;
  dialects::Capabilities caps;
  bool concurrent_indexes = true; // DiffOptions::concurrent_indexes, for the engine's lock risks
  const schemas::Schema& live; // normalized live schema
  // Built by index_live() once `live` is final: its tables by name, and the names of the tables
  // that have partitions (the risks of each step look these up).
  schemas::TableIndex live_tables;
  std::set<QualifiedName> live_partitioned;
  void index_live();
  const schemas::Schema& desired; // normalized desired schema, renamed_from cleared
  // The desired schema, for the passes that change it; only in the up direction's state.
  schemas::Schema& writable_desired() const
  {
    if (m_writable == nullptr) {
      throw std::logic_error("the down direction's desired schema is read-only");
    }
    return *m_writable;
  }
  schemas::Schema renamed;  // live with table renames applied (what a rebuild starts from); left
                            // empty when no table is renamed: read `live` then
  // Live with table and column renames applied (compared with desired): `renamed` (or `live`)
  // itself, unless a column is renamed, which needs a copy of its own (current_copy). Empty before
  // resolve_renames, and in the down direction's state.
  const schemas::Schema& current() const { return current_base != nullptr ? *current_base : current_copy; }
  const schemas::Schema* current_base = nullptr;
  schemas::Schema current_copy;
  RenameMap renames;
  TablePairs live_cycles;    // FK cycles among live tables
  TablePairs desired_cycles; // FK cycles among desired tables
  std::map<QualifiedName, std::vector<std::string>> forced_rebuilds; // changes without an ALTER form
  std::vector<schemas::Operation> operations;
  std::vector<std::string> hints;
  // Both schemas manage privileges (Schema::privileges_managed): grants are compared, and the
  // inverse of a drop grants again what the object had.
  bool privileges = false;

private:
  schemas::Schema* m_writable = nullptr;
};

// diff_view.cpp: refuses (an input error at `location`) new options whose bounds exclude the
// value a live sequence has already handed out (`progress`, as the catalog read it): the server
// would refuse to alter it. `what` names it ("sequence public.order_no").
void check_sequence_bounds(const std::string& what, const std::optional<schemas::SequenceProgress>& progress,
                           const schemas::SequenceOptions& options, const schemas::SourceLocation& location);

// renames.cpp: RenameTable/RenameColumn operations, the renamed/current schemas, rename hints.
void resolve_renames(DiffState& state);
// name_case.cpp: on engines whose identifiers ignore case, spell desired names as live spells them.
void align_name_case(DiffState& state);
// name_case.cpp: whether no desired name could be re-spelled as live spells it (by align_name_case
// on any engine, or by the case-only renames resolve_renames infers): each name live lacks has no
// live name equal to it up to ASCII case. Conservative: false when unsure.
bool spelled_as_live(const schemas::Schema& live_normal, const schemas::Schema& desired_normal);
// renames.cpp: whether a table or column of `schema` has a rename hint.
bool has_rename_hints(const schemas::Schema& schema);
// diff_table.cpp: tables and columns (and the per-table diffs below for matched tables).
void diff_tables(DiffState& state);
// diff_members.cpp: indexes, foreign keys, checks and triggers of a matched table.
void diff_members(DiffState& state, const schemas::Table& before, const schemas::Table& after);
// The rules of a table or view that stays (diff_members.cpp).
void diff_rules(DiffState& state, const schemas::QualifiedName& relation, const std::vector<schemas::Rule>& before,
                const std::vector<schemas::Rule>& after);
// foreign_key_cycles.cpp
TablePairs foreign_key_cycles(const schemas::Schema& schema);
// refresh_foreign_keys.cpp: unchanged foreign keys dropped and added again around changes the
// engine refuses while they exist (capabilities fk_requires_index, alter_foreign_key_column_type).
void refresh_foreign_keys(DiffState& state);
// lowering.cpp: groups a table's changes into one RebuildTable where ALTER cannot express them.
void lower(DiffState& state);
// diff_view.cpp: views (incl. those reading changed tables), enums, sequences.
void diff_views(DiffState& state);
void diff_enums(DiffState& state);
void diff_sequences(DiffState& state);
// diff_view.cpp: PostgreSQL functions and procedures: CREATE OR REPLACE where the dialect says it
// can change the definition in place, drop and create otherwise.
void diff_functions(DiffState& state);
// diff_view.cpp: SQLite virtual tables, compared by declaration (module and arguments in normal
// form); a changed one is dropped and created again.
void diff_virtual_tables(DiffState& state);
// diff_view.cpp: PostgreSQL extensions (a version left out of the YAML is not compared).
void diff_extensions(DiffState& state);
// diff_view.cpp: PostgreSQL schemas (namespaces): listed ones created, commented and dropped;
// ones objects name created when missing; read ones neither listed nor named dropped.
void diff_namespaces(DiffState& state);
// diff_privileges.cpp: SetPrivileges for every object whose grants change, or that is created
// with grants other than a new object's (after every other pass: it reads their operations);
// refuses a grant to a role the server does not have. Nothing unless state.privileges.
void diff_privileges(DiffState& state);
// What a new object of `target` is given by the engine besides its owner's privileges.
std::vector<schemas::Grant> new_object_grants(schemas::GrantTarget target, const dialects::Capabilities& caps);
// The SetPrivileges that gives an object dropped by `op` its grants again, when it had grants
// other than a new object's (the inverse of a drop, under managed privileges); nullopt otherwise.
std::optional<schemas::SetPrivileges> regrant_dropped(const schemas::Operation& op, const DiffState& state);
// diff_view.cpp: PostgreSQL domains (a changed base type or collation is refused at its line).
void diff_domains(DiffState& state);
// diff_view.cpp: PostgreSQL composite types (an attribute's type changing while a column uses the
// type is refused at its line).
void diff_composite_types(DiffState& state);

// sql_tokens.cpp: identifier tokens of SQL text (lower-cased, quotes removed).
std::set<std::string> identifier_tokens(const std::string& sql);
// sql_tokens.cpp: the names a virtual table's module arguments may give (lower-cased): its
// identifiers and the text of its string literals (fts5 `content='posts'`).
std::set<std::string> names_in_arguments(const std::string& arguments);
bool mentions(const std::string& sql, const std::string& identifier);
// Whether `sql` names any of `identifiers` (in any ASCII case), the text scanned once.
bool mentions_any(const std::string& sql, const std::set<std::string>& identifiers);
// Replaces identifier `from` by `to` where it occurs as a whole token (bare or quoted).
std::string replace_identifier(const std::string& sql, const std::string& from, const std::string& to);

// Columns of a table that the definition of an index key list / check reads.
bool index_uses_column(const schemas::Index& index, const std::string& column);
// dependencies.cpp: whether a column's type names a named type, an enum or a domain (bare,
// schema-qualified, quoted, or an array of it).
bool column_uses_type(const schemas::Column& column, const QualifiedName& type_name);
bool type_names(const schemas::ColumnType& type, const QualifiedName& type_name);
// dependencies.cpp: the columns (table, column) of `schema` whose values hold a value of the type:
// of the type or an array of it, or of a domain or composite type that holds it in turn.
std::vector<std::pair<QualifiedName, std::string>> columns_holding_type(const schemas::Schema& schema,
                                                                        const QualifiedName& type_name);
// The table of an operation that belongs to one (empty name otherwise).
QualifiedName operation_table(const schemas::Operation& op);
// The namespaces (non-default schemas) whose objects an operation creates, changes or drops;
// empty for schema steps themselves and for objects of the default schema.
std::vector<std::string> operation_namespaces(const schemas::Operation& op);
// Non-constraint indexes of a table (created with CREATE INDEX, not inside CREATE TABLE).
bool is_standalone_index(const schemas::Index& index);
// True when `index` can serve `fk` on engines whose foreign keys need one (capability
// fk_requires_index): its leading keys are the key's columns, in order, whole (no prefix).
bool index_serves_foreign_key(const schemas::Index& index, const schemas::ForeignKey& fk);
// True when `table`'s primary key or an index other than `except` serves `fk`.
bool foreign_key_served(const schemas::Table& table, const schemas::ForeignKey& fk, const std::string& except);
// With fk_requires_index, an index a foreign key of `table` needs is created with the table
// (CREATE TABLE creates the key's index itself otherwise, under the key's name).
bool created_with_table(const schemas::Table& table, const schemas::Index& index, bool fk_requires_index);

} // namespace strata::planner::detail
