#include "planner/risk_classifier.hpp"

#include "schemas/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;
using dialects::ProbeQuery;

std::string dotted(const QualifiedName& table, const std::string& column)
{
  return table.str() + "." + column;
}

bool has_columns(const Table& table, const std::vector<std::string>& columns)
{
  return std::all_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return table.find_column(c) != nullptr; });
}

} // namespace

void Classifier::add(RiskCode code, std::string message)
{
  result.risks.push_back(make_risk(code, std::move(message)));
}

void Classifier::probe(ProbeQuery query, bool preflight)
{
  // A PostgreSQL partition has its root table's columns.
  const auto columns_of = [&](const QualifiedName& name) {
    const Table* table = m_state.live_tables.find(name);
    return table == nullptr ? nullptr : m_state.live.column_owner(*table);
  };
  const Table* live = columns_of(query.table);
  const bool virtual_rows = live == nullptr && query.kind == ProbeQuery::Kind::rows && query.table.schema.empty() &&
                            m_state.live.find_virtual_table(query.table.name) != nullptr;
  if (!virtual_rows && (live == nullptr || !has_columns(*live, query.columns))) {
    return;
  }
  if (query.kind == ProbeQuery::Kind::orphans) {
    const Table* ref = columns_of(query.ref_table);
    if (ref == nullptr || !has_columns(*ref, query.ref_columns)) {
      return;
    }
  }
  result.measurements.push_back(Measurement{result.risks.size() - 1, std::move(query), preflight});
}

ProbeQuery Classifier::live_probe(ProbeQuery::Kind kind, const QualifiedName& table,
                                  std::vector<std::string> columns) const
{
  ProbeQuery query;
  query.kind = kind;
  query.table = m_state.renames.live_table(table);
  for (auto& column : columns) {
    column = m_state.renames.live_column(table, column);
  }
  query.columns = std::move(columns);
  return query;
}

bool Classifier::exists_live(const QualifiedName& table) const
{
  return m_state.live_tables.contains(m_state.renames.live_table(table));
}

bool Classifier::exists_live_view(const QualifiedName& view) const
{
  return m_state.live.find_view(view) != nullptr;
}

void Classifier::backup(const QualifiedName& table, const std::string& column)
{
  const QualifiedName live_name = m_state.renames.live_table(table);
  dialects::BackupTarget target{live_name, column.empty() ? "" : m_state.renames.live_column(table, column), {}};
  if (const Table* live = m_state.live_tables.find(live_name); live != nullptr) {
    target.key_columns = live->primary_key;
    if (target.key_columns.empty()) {
      for (const auto& c : live->columns) {
        target.key_columns.push_back(c.name);
      }
    }
  }
  result.backups.push_back(std::move(target));
}

void Classifier::dropped_table(const QualifiedName& table)
{
  add(RiskCode::drop_table, fmt::format("dropping table {} destroys its rows", table.str()));
  probe(live_probe(ProbeQuery::Kind::rows, table));
  add(RiskCode::dropped_object, fmt::format("code reading table {} breaks", table.str()));
  add(RiskCode::irreversible, fmt::format("the down file recreates table {} empty", table.str()));
  backup(table, "");
}

void Classifier::dropped_virtual_table(const VirtualTable& table)
{
  const QualifiedName name{"", table.name};
  const bool recreated = std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
    const auto* create = std::get_if<CreateVirtualTable>(&op);
    return create != nullptr && ascii_lower(create->table.name) == ascii_lower(table.name);
  });
  if (recreated) {
    add(RiskCode::drop_table, fmt::format("virtual table {} is dropped and created again for its new declaration: "
                                          "its rows are lost (an external-content index must be rebuilt)",
                                          table.name));
  } else {
    add(RiskCode::drop_table, fmt::format("dropping virtual table {} destroys its rows", table.name));
  }
  probe(live_probe(ProbeQuery::Kind::rows, name));
  if (!recreated) {
    add(RiskCode::dropped_object, fmt::format("code reading virtual table {} breaks", table.name));
  }
  add(RiskCode::irreversible, fmt::format("the down file recreates virtual table {} empty", table.name));
  backup(name, "");
}

bool Classifier::has_partition_tables(const Table& table) const
{
  return !table.partition_of->empty() || m_state.live_partitioned.count(table.qualified()) > 0;
}

void Classifier::dropped_partitioned(const Table& table)
{
  const QualifiedName name = table.qualified();
  const Table* dropped_parent = nullptr;
  for (const Table* at = &table; !at->partition_of->empty();) {
    const auto parent = std::find_if(m_all.begin(), m_all.end(), [&](const Operation& op) {
      const auto* drop = std::get_if<DropTable>(&op);
      return drop != nullptr && drop->table.qualified() == at->partition_of->table;
    });
    if (parent == m_all.end()) {
      break;
    }
    at = &std::get<DropTable>(*parent).table;
    dropped_parent = at;
  }
  const char* kind = table.partition_of->empty() ? "partitioned table" : "partition";
  if (dropped_parent != nullptr) {
    add(RiskCode::drop_partition, fmt::format("dropping {} {} destroys its rows (counted and backed up with {}, "
                                              "dropped too)", kind, name.str(), dropped_parent->qualified().str()));
  } else {
    add(RiskCode::drop_partition,
        fmt::format("dropping {} {} destroys its rows{}", kind, name.str(),
                    table.partitioning->empty() ? "" : " (with every partition's)"));
    probe(live_probe(ProbeQuery::Kind::rows, name));
  }
  add(RiskCode::dropped_object, fmt::format("code reading table {} breaks", name.str()));
  add(RiskCode::irreversible, fmt::format("the down file recreates {} {} empty", kind, name.str()));
  if (dropped_parent == nullptr) {
    backup(name, "");
  }
}

void Classifier::partition_of(const SetPartitionOf& op)
{
  if (op.before.empty()) {
    return; // attached: the dialect's locking risk
  }
  add(RiskCode::partition_detached,
      op.after.empty()
        ? fmt::format("partition {} is detached from {}: its rows no longer appear in queries on {}", op.table.str(),
                      op.before.table.str(), op.before.table.str())
        : fmt::format("partition {} is detached from {} and attached again ({}): its rows leave {} meanwhile",
                      op.table.str(), op.before.table.str(), op.after.clause(), op.before.table.str()));
}

void Classifier::dropped_column(const QualifiedName& table, const std::string& column)
{
  add(RiskCode::drop_column, fmt::format("dropping column {} destroys its values", dotted(table, column)));
  probe(live_probe(ProbeQuery::Kind::non_null, table, {column}));
  add(RiskCode::dropped_object, fmt::format("code reading column {} breaks", dotted(table, column)));
  add(RiskCode::irreversible, fmt::format("the down file re-adds column {} empty", dotted(table, column)));
  backup(table, column);
}

void Classifier::dropped_attributes(const AlterCompositeType& op)
{
  const auto steps = composite_attribute_steps(op.before, op.after);
  if (steps.dropped.empty()) {
    return;
  }
  const std::string type = op.before.qualified().str();
  const auto columns = columns_holding_type(m_state.live, op.before.qualified());
  for (const auto& attribute : steps.dropped) {
    const bool moved = std::find(steps.moved.begin(), steps.moved.end(), attribute.name) != steps.moved.end();
    for (const auto& [table, column] : columns) {
      add(RiskCode::drop_column,
          fmt::format("{} attribute {} of type {} destroys its values in column {}",
                      moved ? "dropping and adding again (to move it)" : "dropping", attribute.name, type,
                      dotted(table, column)));
      probe(live_probe(ProbeQuery::Kind::non_null, table, {column}));
    }
    if (!moved) {
      add(RiskCode::dropped_object, fmt::format("code reading attribute {} of type {} breaks", attribute.name, type));
    }
  }
  for (const auto& [table, column] : columns) {
    backup(table, column);
  }
  if (!columns.empty()) {
    add(RiskCode::irreversible, fmt::format("the down file adds the dropped attributes of type {} back empty", type));
  }
}

void Classifier::partitioning(const SetPartitioning& op)
{
  const auto dropped = op.dropped();
  for (const auto& name : dropped) {
    add(RiskCode::drop_partition, fmt::format("dropping partition {} of table {} destroys its rows", name, op.table.str()));
    ProbeQuery query = live_probe(ProbeQuery::Kind::partition_rows, op.table);
    query.values = {name};
    probe(std::move(query));
  }
  if (!dropped.empty()) {
    add(RiskCode::irreversible, fmt::format("the down file re-adds the partitions of table {} empty", op.table.str()));
    backup(op.table, "");
  }
  if (!op.in_place() && !op.after.empty() && op.after.count == 0 && !op.after.partitions.empty() &&
      !op.after.partitions.front().values.empty()) {
    add(RiskCode::repartition, fmt::format("partitioning table {} by {} fails on a row no partition takes",
                                           op.table.str(), op.after.method));
  }
}

// Removing system versioning (or changing its form, which removes it first) deletes the history
// rows, counted on the live table; the down file adds versioning back without them. The current
// rows stay, so there is nothing to back up.
void Classifier::versioning(const SetSystemVersioning& op)
{
  if (!op.before.enabled) {
    return;
  }
  add(RiskCode::drop_history,
      fmt::format("removing system versioning from table {} deletes its history rows", op.table.str()));
  probe(live_probe(ProbeQuery::Kind::history_rows, op.table));
  add(RiskCode::irreversible,
      fmt::format("the down file adds system versioning back to table {} without its history rows", op.table.str()));
}

void Classifier::renamed_column(const QualifiedName& table, const std::string& to, const std::string& from)
{
  add(RiskCode::renamed_object,
      fmt::format("code using column {} under its old name {} breaks", dotted(table, to), from));
}

void Classifier::type_change(const QualifiedName& table, const Column& before, const Column& after)
{
  const auto info = classify_type_change(before.type, after.type, m_state.dialect.name);
  const std::string what = fmt::format("{} from {} to {}", dotted(table, after.name), before.type.str(),
                                       after.type.str());
  // The engine decides which changes alter stored values and still succeed (rounding, cutting,
  // converting): those are destructive, counted and backed up like a dropped column.
  const bool alters = m_state.dialect.changes_stored_values != nullptr &&
                      m_state.dialect.changes_stored_values(before.type, after.type);
  if (info.change == TypeChange::widening && !alters) {
    return;
  }
  if (!info.removed_members.empty()) {
    std::string removed;
    for (const auto& member : info.removed_members) {
      removed += (removed.empty() ? "'" : ", '") + member + "'";
    }
    add(RiskCode::type_change,
        fmt::format("changing the type of {} removes enum members {}: fails while rows hold them", what, removed));
    auto query = live_probe(ProbeQuery::Kind::values_outside, table, {after.name});
    query.values = info.kept_members;
    probe(std::move(query), true);
    return;
  }
  if (alters) {
    // No parenthesis at the end: the count follows as "(N values would change)".
    add(RiskCode::narrowing_type, fmt::format("changing the type of {} alters stored values: it rounds, cuts or "
                                              "converts them",
                                              what));
    auto query = live_probe(ProbeQuery::Kind::changed_values, table, {after.name});
    query.from_type = before.type;
    query.to_type = after.type;
    probe(std::move(query));
    if (exists_live(table)) {
      backup(table, after.name);
    }
  } else if (info.change == TypeChange::narrowing) {
    add(RiskCode::narrowing_type, fmt::format("narrowing {} may cut values", what));
  }
  // The engine knows changes that succeed on every value while classify_type_change cannot tell
  // (timestamp(6) -> timestamp(0) on PostgreSQL reads as two unrelated native types).
  const bool never_fails = m_state.dialect.type_change_never_fails != nullptr &&
                           m_state.dialect.type_change_never_fails(before.type, after.type);
  if (info.change == TypeChange::widening || never_fails) {
    return;
  }
  add(RiskCode::type_change, fmt::format("changing the type of {} may fail on existing values", what));
  if (info.limit > 0) {
    auto query = live_probe(ProbeQuery::Kind::too_long, table, {after.name});
    query.limit = info.limit;
    probe(std::move(query), m_state.caps.narrowing_rejects_long_values);
  }
}

void Classifier::set_not_null(const QualifiedName& table, const std::string& column)
{
  add(RiskCode::not_null, fmt::format("setting {} NOT NULL fails while rows hold NULL", dotted(table, column)));
  probe(live_probe(ProbeQuery::Kind::nulls, table, {column}), true);
}

void Classifier::set_not_null(const QualifiedName& table, const std::string& column, const Column& before)
{
  if (!before.backfill) {
    set_not_null(table, column);
    return;
  }
  const std::string& expression = before.backfill->expression;
  add(RiskCode::not_null, fmt::format("setting {} NOT NULL after its backfill fails on rows where ({}) is NULL",
                                      dotted(table, column), expression));
  auto query = live_probe(ProbeQuery::Kind::violating_check, table);
  query.expression = live_expression(table, "(" + expression + ") IS NOT NULL");
  probe(std::move(query), true);
}

void Classifier::added_column(const QualifiedName& table, const Column& column)
{
  if (!column.nullable && !column.default_value && !column.generated && !column.identity && exists_live(table)) {
    add(RiskCode::not_null, fmt::format("adding NOT NULL column {} without a default fails on a table with rows",
                                        dotted(table, column.name)));
    probe(live_probe(ProbeQuery::Kind::rows, table));
  }
}

void Classifier::unique_columns(const QualifiedName& table, const std::string& what,
                                const std::vector<std::string>& columns)
{
  if (!exists_live(table)) {
    return;
  }
  add(RiskCode::unique, fmt::format("{} on {} fails while duplicate values exist", what, table.str()));
  if (!columns.empty()) {
    probe(live_probe(ProbeQuery::Kind::duplicate_groups, table, columns), true);
  }
}

void Classifier::added_index(const QualifiedName& table, const Index& index)
{
  if (index.exclusion() && exists_live(table)) {
    add(RiskCode::unique, fmt::format("adding EXCLUDE constraint {} on {} fails while two rows conflict under its "
                                      "operators",
                                      index.name, table.str()));
  } else if (index.unique || index.constraint) {
    unique_columns(table, fmt::format("adding unique index {}", index.name),
                   index.where.empty() ? index.column_names() : std::vector<std::string>{});
  }
}

void Classifier::added_foreign_key(const QualifiedName& table, const ForeignKey& fk, const char* action)
{
  if (!exists_live(table) || fk.not_valid) {
    return;
  }
  add(RiskCode::foreign_key, fmt::format("{} foreign key {} on {} fails while rows reference missing {} rows", action,
                                         fk.name, table.str(), fk.references.str()));
  auto query = live_probe(ProbeQuery::Kind::orphans, table, fk.columns);
  query.ref_table = m_state.renames.live_table(fk.references);
  for (const auto& c : fk.ref_columns) {
    query.ref_columns.push_back(m_state.renames.live_column(fk.references, c));
  }
  probe(std::move(query), true);
}

void Classifier::added_check(const QualifiedName& table, const Check& check, const char* action)
{
  if (!exists_live(table) || check.not_valid) {
    return;
  }
  add(RiskCode::check, fmt::format("{} check {} on {} fails while rows violate it", action, check.name, table.str()));
  auto query = live_probe(ProbeQuery::Kind::violating_check, table);
  query.expression = live_expression(table, check.expression);
  probe(std::move(query), true);
}

// Adding or changing a primary key fails on duplicate keys and on NULL in a key column (the key
// makes its columns NOT NULL; an AlterColumn that does so already carries DD201).
void Classifier::primary_key(const SetPrimaryKey& op)
{
  if (op.after.columns.empty()) {
    add(RiskCode::dropped_primary_key,
        fmt::format("dropping the primary key of {}: code relying on its uniqueness (row identity, ON CONFLICT) "
                    "breaks",
                    op.table.str()));
    return;
  }
  if (op.before.columns != op.after.columns) { // a renamed key keeps its index
    unique_columns(op.table, op.before.columns.empty() ? "adding the primary key" : "changing the primary key",
                   op.after.columns);
  } else if (op.before.deferrable != op.after.deferrable || op.before.initially_deferred != op.after.initially_deferred) {
    // PostgreSQL alters the deferrability of foreign keys only: the key is dropped and added.
    add(RiskCode::unique,
        fmt::format("changing the deferrability of the primary key of {} drops and adds it: its index is built "
                    "again, and a foreign key referencing it makes the drop fail (none may reference a deferrable "
                    "key)",
                    op.table.str()));
  }
  const Table* table = m_state.current().find_table(op.table);
  const Table* live = table == nullptr ? nullptr : m_state.current().column_owner(*table); // a partition: its root's
  for (const auto& column : op.after.columns) {
    const Column* old = live == nullptr ? nullptr : live->find_column(column);
    if (old != nullptr && old->nullable && !made_not_null(op.table, column)) {
      add(RiskCode::not_null,
          fmt::format("making {} part of the primary key fails while rows hold NULL", dotted(op.table, column)));
      probe(live_probe(ProbeQuery::Kind::nulls, op.table, {column}), true);
    }
  }
}

bool Classifier::recreated_view(const View& view) const
{
  return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
    const auto* create = std::get_if<CreateView>(&op);
    return create != nullptr && create->view.qualified() == view.qualified();
  });
}

bool Classifier::recreated_enum(const Enum& e) const
{
  return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
    const auto* create = std::get_if<CreateEnum>(&op);
    return create != nullptr && create->enum_type.qualified() == e.qualified();
  });
}

bool Classifier::other_function_step(const Function& f, bool drop) const
{
  return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
    const auto* create = std::get_if<CreateFunction>(&op);
    const auto* dropped = std::get_if<DropFunction>(&op);
    const Function* other = drop ? (dropped != nullptr ? &dropped->function : nullptr)
                                 : (create != nullptr ? &create->function : nullptr);
    return other != nullptr && other->identity() == f.identity();
  });
}

namespace {

// The member (policy, rule) a `Step` of `name` on `on` planned carries; null when none is planned.
template <class Step, class Member>
const Member* planned_member(const std::vector<Operation>& all, const QualifiedName& on, const std::string& name,
                             QualifiedName Step::*where, Member Step::*member)
{
  for (const auto& op : all) {
    const auto* step = std::get_if<Step>(&op);
    if (step != nullptr && (*step).*where == on && ((*step).*member).name == name) {
      return &((*step).*member);
    }
  }
  return nullptr;
}

} // namespace

const Policy* Classifier::created_policy(const QualifiedName& table, const std::string& name) const
{
  return planned_member(m_all, table, name, &CreatePolicy::table, &CreatePolicy::policy);
}

const Rule* Classifier::created_rule(const QualifiedName& relation, const std::string& name) const
{
  return planned_member(m_all, relation, name, &CreateRule::relation, &CreateRule::rule);
}

bool Classifier::desired_rule_unchanged(const QualifiedName& relation, const Rule& live) const
{
  const Table* table = m_state.desired.find_table(relation);
  const View* view = table == nullptr ? m_state.desired.find_view(relation) : nullptr;
  const std::vector<Rule>* rules = table != nullptr ? &table->rules : view != nullptr ? &view->rules : nullptr;
  return rules != nullptr && std::any_of(rules->begin(), rules->end(), [&](const Rule& r) {
           return r.same_definition(live);
         });
}

bool Classifier::dropped_rule(const QualifiedName& relation, const std::string& name) const
{
  return planned_member(m_all, relation, name, &DropRule::relation, &DropRule::rule) != nullptr;
}

std::string Classifier::live_expression(const QualifiedName& table, std::string expression) const
{
  for (const auto& [key, live_name] : m_state.renames.columns) {
    if (key.first == table) {
      expression = replace_identifier(expression, key.second, live_name);
    }
  }
  return expression;
}

bool Classifier::made_not_null(const QualifiedName& table, const std::string& column) const
{
  return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
    const auto* alter = std::get_if<AlterColumn>(&op);
    return alter != nullptr && alter->table == table && alter->after.name == column && alter->changes.nullability &&
           !alter->after.nullable;
  });
}

} // namespace strata::planner::detail
