// Generic risk classification of one operation: which risks (codes from the catalogue in
// schemas/risk_codes.cpp), probes and backups each kind of operation carries. Engine-specific
// risks (locks, table copies) come from Dialect::engine_risks_in_context and follow these.

#include "planner/risk.hpp"

#include "planner/risk_classifier.hpp"
#include "schemas/privileges.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <map>
#include <set>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;

void classify_rebuild(Classifier& c, const RebuildTable& op)
{
  const auto table = op.after.qualified();
  std::map<std::string, std::string> source_of(op.column_sources.begin(), op.column_sources.end());
  std::set<std::string> kept;
  for (const auto& [after, before] : op.column_sources) {
    kept.insert(before);
  }
  for (const auto& column : op.before.columns) {
    if (kept.count(column.name) == 0) {
      c.dropped_column(op.before.qualified(), column.name);
    }
  }
  for (const auto& column : op.after.columns) {
    const auto it = source_of.find(column.name);
    const Column* old = it == source_of.end() ? nullptr : op.before.find_column(it->second);
    if (old == nullptr) {
      c.added_column(table, column);
      continue;
    }
    if (old->name != column.name) {
      c.renamed_column(table, column.name, old->name);
    }
    if (old->type != column.type) {
      c.type_change(table, *old, column);
    }
    if (old->nullable && !column.nullable) {
      c.set_not_null(table, column.name, *old);
    }
  }
  if (op.before.primary_key != op.after.primary_key && !op.after.primary_key.empty()) {
    c.unique_columns(table, "changing the primary key", op.after.primary_key);
  }
  for (const auto& index : op.after.indexes) {
    const Index* old = op.before.find_index(index.name);
    if (old == nullptr || !old->same_definition(index)) {
      c.added_index(table, index);
    }
  }
  for (const auto& fk : op.after.foreign_keys) {
    const ForeignKey* old = op.before.find_foreign_key(fk.name);
    if (old == nullptr || !old->same_definition(fk)) {
      c.added_foreign_key(table, fk);
    }
  }
  for (const auto& check : op.after.checks) {
    const Check* old = op.before.find_check(check.name);
    if (old == nullptr || !(*old == check)) {
      c.added_check(table, check);
    }
  }
}

// One handler per alternative of schemas::Operation and no template fallback: an operation added
// to the variant does not compile until its risks are decided here.
struct OperationRisks {
  Classifier& c;

  void operator()(const DropTable& op) const
  {
    if (c.has_partition_tables(op.table)) {
      c.dropped_partitioned(op.table); // PostgreSQL partitions are tables of their own
    } else {
      c.dropped_table(op.table.qualified());
    }
  }
  void operator()(const SetPartitionOf& op) const { c.partition_of(op); }
  void operator()(const DropColumn& op) const { c.dropped_column(op.table, op.column.name); }
  void operator()(const AlterColumn& op) const
  {
    if (op.changes.type) {
      c.type_change(op.table, op.before, op.after);
    }
    if (op.changes.nullability && !op.after.nullable) {
      c.set_not_null(op.table, op.after.name, op.before);
    }
  }
  void operator()(const AddColumn& op) const { c.added_column(op.table, op.column); }
  void operator()(const RenameTable& op) const
  {
    c.add(RiskCode::renamed_object,
          fmt::format("code using table {} under its old name {} breaks", op.to.str(), op.from.str()));
  }
  void operator()(const RenameColumn& op) const { c.renamed_column(op.table, op.to, op.from); }
  void operator()(const AddIndex& op) const { c.added_index(op.table, op.index); }
  void operator()(const AddForeignKey& op) const { c.added_foreign_key(op.table, op.foreign_key); }
  void operator()(const AddCheck& op) const { c.added_check(op.table, op.check); }
  void operator()(const DropView& op) const
  {
    if (!c.recreated_view(op.view)) { // a view dropped and recreated still exists after the plan
      c.add(RiskCode::dropped_object, fmt::format("code reading {} {} breaks", op.view.kind(), op.view.qualified().str()));
    }
  }
  void operator()(const AddEnumValue& op) const
  {
    c.add(RiskCode::irreversible,
          fmt::format("value '{}' of enum {} cannot be removed by the down file", op.value, op.enum_name.str()));
  }
  void operator()(const DropEnum& op) const
  {
    // A drop the plan follows with a create of the same enum is how values are removed or
    // reordered (PostgreSQL cannot drop an enum value in place).
    if (c.recreated_enum(op.enum_type)) {
      c.add(RiskCode::enum_recreated,
            fmt::format("enum {} is recreated with values removed or reordered; columns holding them fail",
                        op.enum_type.qualified().str()));
    }
  }
  void operator()(const RebuildTable& op) const { classify_rebuild(c, op); }
  void operator()(const SetPrimaryKey& op) const { c.primary_key(op); }
  void operator()(const SetPartitioning& op) const { c.partitioning(op); }
  void operator()(const SetSystemVersioning& op) const { c.versioning(op); }
  // Batched: each batch locks only its rows; the NOT NULL that follows carries the risk of a row
  // the expression leaves NULL.
  void operator()(const BackfillColumn&) const {}
  // A new schema is empty; DROP SCHEMA (without CASCADE) fails while anything strata does not
  // manage is still in it, and breaks code that names the schema.
  void operator()(const CreateSchema&) const {}
  void operator()(const DropSchema& op) const
  {
    c.add(RiskCode::dropped_object,
          fmt::format("schema {} is dropped; the step fails while anything is still in it (objects strata does not "
                      "manage included)",
                      op.schema.name));
  }

  // New objects have no rows and no readers; dropping an index, a constraint or a trigger loses
  // no data; comments and table options are metadata (their engine locks come from the dialect).
  void operator()(const AddTable&) const {}
  void operator()(const SetTableComment&) const {}
  void operator()(const DropIndex&) const {}
  void operator()(const DropForeignKey&) const {}
  void operator()(const DropCheck&) const {}
  void operator()(const CreateView&) const {}
  void operator()(const CreateEnum&) const {}
  void operator()(const CreateSequence&) const {}
  void operator()(const DropSequence&) const {}
  void operator()(const AlterSequence&) const {}
  void operator()(const CreateTrigger&) const {}
  void operator()(const DropTrigger&) const {}
  // PostgreSQL: SET UNLOGGED / SET LOGGED rewrites the table (storage parameters apply to pages
  // written from now on: no risk).
  void operator()(const SetTableOptions& op) const
  {
    if (op.before.count("unlogged") != op.after.count("unlogged")) {
      c.add(RiskCode::pg_persistence_changed,
            fmt::format("table {} becomes {}: the server rewrites it while every reader and writer waits",
                        op.table.str(), op.after.count("unlogged") > 0 ? "UNLOGGED (not crash-safe, not replicated)"
                                                                      : "LOGGED"));
    }
  }
  // Storage parameters apply to pages written from now on; comments are metadata.
  void operator()(const SetIndexStorage&) const {}
  void operator()(const SetConstraintComment&) const {}
  // The index stays up to date either way: queries may get slower, never wrong.
  void operator()(const SetIndexVisibility&) const {}
  void operator()(const SetObjectComment&) const {}
  // A function's body is code: callers see the new one at once. Nothing is stored by it (a
  // default or check using it is checked again only on new rows), so it is not data-dependent.
  void operator()(const ReplaceFunction& op) const { function_changed(op.after); }
  void operator()(const CreateFunction& op) const
  {
    if (c.other_function_step(op.function, true)) { // dropped and created: its arguments or result change
      function_changed(op.function);
    }
  }
  void operator()(const DropFunction& op) const
  {
    if (!c.other_function_step(op.function, false)) {
      c.add(RiskCode::dropped_object, fmt::format("code calling function {} breaks", op.function.signature()));
    }
  }
  // A new domain has no columns yet; dropping one breaks code casting to it; a NOT NULL or a check
  // added to one is checked against every column of the type (a failing row fails the step).
  void operator()(const CreateDomain&) const {}
  void operator()(const DropDomain& op) const
  {
    c.add(RiskCode::dropped_object, fmt::format("code using domain {} breaks", op.domain.qualified().str()));
  }
  void operator()(const AlterDomain& op) const
  {
    const std::string name = op.after.qualified().str();
    if (op.before.nullable && !op.after.nullable) {
      c.add(RiskCode::not_null, fmt::format("domain {} becomes NOT NULL: a NULL in any column of the type fails the "
                                            "step", name));
    }
    for (const auto& check : op.after.checks) {
      if (!check.not_valid && std::find(op.before.checks.begin(), op.before.checks.end(), check) == op.before.checks.end()) {
        c.add(RiskCode::check, fmt::format("check {} of domain {} is checked against every column of the type",
                                           check.name, name));
      }
    }
  }
  // A new composite type holds no values; dropping one breaks code using it (the server refuses
  // while a column holds it); dropping an attribute loses its values in the columns holding the
  // type.
  void operator()(const CreateCompositeType&) const {}
  void operator()(const DropCompositeType& op) const
  {
    c.add(RiskCode::dropped_object, fmt::format("code using type {} breaks", op.type.qualified().str()));
  }
  void operator()(const AlterCompositeType& op) const { c.dropped_attributes(op); }
  // A new virtual table is empty; dropping one (or recreating it for a new declaration) loses its rows.
  void operator()(const CreateVirtualTable&) const {}
  void operator()(const DropVirtualTable& op) const { c.dropped_virtual_table(op.table); }
  // Creating an extension adds objects; dropping one would take its types and functions from what
  // still uses them (DROP EXTENSION without CASCADE: the server refuses while anything does).
  void operator()(const CreateExtension&) const {}
  void operator()(const AlterExtension& op) const
  {
    if (op.before.version != op.after.version) {
      c.add(RiskCode::irreversible, fmt::format("extension {} is not downgraded from version {} to {} by the down file",
                                                op.after.name, op.after.version, op.before.version));
    }
  }
  // A revoke takes away what a role may do on the object (what it had before the plan: a recreated
  // object's old grants); granting only adds, and carries no risk.
  void operator()(const SetPrivileges& op) const
  {
    std::string lost;
    for (const auto& step : schemas::grant_changes(op.had, op.after).revoked) {
      lost += fmt::format("{}{} {} from {}", lost.empty() ? "" : "; ", schemas::privilege_list(step.privileges),
                          step.grant_option ? "grant option revoked" : "revoked", step.role);
    }
    if (!lost.empty()) {
      c.add(RiskCode::privileges_revoked,
            fmt::format("privileges on {}: {}: what those roles run on it fails with \"permission denied\"",
                        schemas::shown_privilege_object(op), lost));
    }
  }
  void operator()(const DropExtension& op) const
  {
    c.add(RiskCode::dropped_object,
          fmt::format("extension {} is dropped with its types, functions and operators; the step fails while "
                      "anything still uses them",
                      op.extension.name));
  }
  // Who may read or write which rows changes at once: with row-level security on and no policy
  // for a role, that role sees no rows at all. A new policy only adds what its author intends,
  // unless it replaces a dropped one of the same name (a changed policy).
  void operator()(const SetRowSecurity& op) const
  {
    c.add(RiskCode::access_changed,
          op.after.empty() ? fmt::format("row-level security of {} is disabled: every role with table privileges "
                                         "sees every row", op.table.str())
                           : fmt::format("row-level security of {} is {}: roles without a policy allowing it see "
                                         "and change no rows{}", op.table.str(), op.after,
                                         op.after == "forced" ? " (the table's owner too)" : ""));
  }
  void operator()(const CreatePolicy&) const {}
  void operator()(const DropPolicy& op) const
  {
    const Policy* created = c.created_policy(op.table, op.policy.name);
    if (created != nullptr && *created == op.policy) {
      return; // dropped and created again as it was, around a change of a column it uses
    }
    c.add(RiskCode::access_changed,
          fmt::format("policy {} of {} {}: the rows its roles may read or write change", op.policy.name,
                      op.table.str(), created != nullptr ? "changes" : "is dropped"));
  }
  // A rule rewrites the statements run on its table or view: dropping or changing one changes what
  // they do at once, and so does a new rule on a table or view that stays.
  void operator()(const DropRule& op) const
  {
    const Rule* created = c.created_rule(op.relation, op.rule.name);
    if (created != nullptr && c.desired_rule_unchanged(op.relation, op.rule)) {
      return; // dropped and created again as it was (its view recreated, a column it uses retyped)
    }
    c.add(RiskCode::function_changed,
          fmt::format("rule {} on {} {}: the statements it rewrote run differently from now on", op.rule.name,
                      op.relation.str(), created != nullptr ? "changes" : "is dropped"));
  }
  void operator()(const CreateRule& op) const
  {
    const bool stays = c.exists_live(op.relation) || c.exists_live_view(op.relation);
    if (stays && !c.dropped_rule(op.relation, op.rule.name)) {
      c.add(RiskCode::function_changed,
            fmt::format("rule {} on {} is new: the statements it rewrites run differently from now on", op.rule.name,
                        op.relation.str()));
    }
  }
  void function_changed(const Function& f) const
  {
    c.add(RiskCode::function_changed,
          fmt::format("callers of function {} get its new definition at once", f.signature()));
  }
  void operator()(const ValidateConstraint& op) const
  {
    if (op.foreign_key) {
      c.added_foreign_key(op.table, *op.foreign_key, "validating");
    } else {
      c.added_check(op.table, *op.check, "validating");
    }
  }
};

} // namespace

Classified classify(const Operation& op, const DiffState& state, const std::vector<Operation>& all)
{
  Classifier c(state, all);
  std::visit(OperationRisks{c}, op);
  // The engine's lock risks depend on which tables exist before the step (a new table has no rows
  // and no readers): the live schema under the plan's table names (the down direction has no
  // renames to apply: its live schema is used as is).
  const Schema& before = state.renamed.tables.empty() ? state.live : state.renamed;
  const dialects::RiskContext context{&before, state.concurrent_indexes,
                                      state.renamed.tables.empty() ? &state.live_tables : nullptr};
  for (auto& risk : state.dialect.engine_risks_in_context(op, context)) {
    c.result.risks.push_back(std::move(risk));
  }
  // A reviewer weighs a lock by the table it holds: each locking risk (rewrites, copies, rebuilds,
  // blocking index builds) ends with the size and row estimate the catalog gave for the step's
  // table, when the live database was read.
  const auto table = operation_table(op);
  const schemas::Table* live = table.name.empty() ? nullptr : context.before_table(table);
  if (live != nullptr && live->estimate.known()) {
    for (auto& risk : c.result.risks) {
      if (risk.kind == RiskKind::locking) {
        schemas::add_table_estimate(risk, table.str(), live->estimate.bytes, live->estimate.rows);
      }
    }
  }
  return std::move(c.result);
}

} // namespace strata::planner::detail
