// Inverse operations for the down file. Operations carry before/after snapshots, so inverting is
// mechanical. A drop's inverse recreates the structure but not the data: such steps are marked
// irreversible (a backup is taken before apply). The down file runs the inverses of all steps in
// reverse step order, and a step's own inverse list is already in execution order.

#include "planner/risk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace strata::planner::detail {

namespace {

using namespace schemas;

std::string data_lost(const std::string& what)
{
  return fmt::format("data in {} is not restored by the down file (a backup is taken before apply)", what);
}

Inverse irreversible(std::vector<Operation> operations, std::string reason)
{
  return Inverse{std::move(operations), false, std::move(reason)};
}

// The table again, its plain indexes as separate AddIndex operations (as the diff creates them).
std::vector<Operation> create_table(const Table& table, bool fk_requires_index)
{
  AddTable add{table};
  add.table.indexes.clear();
  std::vector<Operation> indexes;
  for (const auto& index : table.indexes) {
    if (!created_with_table(table, index, fk_requires_index)) {
      indexes.emplace_back(AddIndex{table.qualified(), index});
    } else {
      add.table.indexes.push_back(index);
    }
  }
  std::vector<Operation> ops{std::move(add)};
  ops.insert(ops.end(), indexes.begin(), indexes.end());
  return ops;
}

// The column a dropped column followed, among the columns that survive the plan.
std::string position_of(const QualifiedName& table, const std::string& column, const DiffState* state)
{
  if (state == nullptr) {
    return {};
  }
  const Table* before = state->current().find_table(table);
  const Table* after = state->desired.find_table(table);
  if (before == nullptr || after == nullptr) {
    return {};
  }
  std::string previous;
  for (const auto& c : before->columns) {
    if (c.name == column) {
      return previous;
    }
    if (after->find_column(c.name) != nullptr) {
      previous = c.name;
    }
  }
  return {};
}

// Whether a rebuild does nothing but give new backfilled columns (added in place before it, see
// lowering.cpp) their NOT NULL and default: the down file's DropColumn of each then restores the
// table, without a rebuild back.
bool only_finishes_backfills(const RebuildTable& op)
{
  Table before = op.before;
  Table after = op.after;
  bool any = false;
  for (const auto& column : op.before.columns) {
    if (!column.backfill) {
      continue;
    }
    any = true;
    const auto named = [&](const Column& c) { return c.name == column.name; };
    before.columns.erase(std::remove_if(before.columns.begin(), before.columns.end(), named), before.columns.end());
    after.columns.erase(std::remove_if(after.columns.begin(), after.columns.end(), named), after.columns.end());
  }
  const bool same_sources = std::all_of(op.column_sources.begin(), op.column_sources.end(),
                                        [](const auto& source) { return source.first == source.second; });
  return any && same_sources && before.same_definition(after);
}

Inverse invert_rebuild(const RebuildTable& op)
{
  if (only_finishes_backfills(op)) {
    return Inverse{{}, true, {}};
  }
  RebuildTable back{op.after, op.before, {}, op.reasons};
  for (const auto& [after, before] : op.column_sources) {
    back.column_sources.emplace_back(before, after);
  }
  std::set<std::string> kept;
  for (const auto& source : op.column_sources) {
    kept.insert(source.second);
  }
  std::string lost;
  for (const auto& column : op.before.columns) {
    if (kept.count(column.name) == 0) {
      lost += (lost.empty() ? "" : ", ") + op.before.qualified().str() + "." + column.name;
    }
  }
  if (lost.empty()) {
    return Inverse{{std::move(back)}, true, {}};
  }
  return irreversible({std::move(back)}, data_lost(lost));
}

// Nothing makes a valid constraint NOT VALID again but dropping it and adding it NOT VALID.
Inverse unvalidate(const ValidateConstraint& op)
{
  if (op.foreign_key) {
    auto not_valid = *op.foreign_key;
    not_valid.not_valid = true;
    return Inverse{{DropForeignKey{op.table, *op.foreign_key}, AddForeignKey{op.table, not_valid}}, true, {}};
  }
  auto not_valid = *op.check;
  not_valid.not_valid = true;
  return Inverse{{DropCheck{op.table, *op.check}, AddCheck{op.table, not_valid}}, true, {}};
}

} // namespace

namespace {

Inverse invert_operation(const Operation& op, const DiffState* state);

} // namespace

// Under managed privileges, a dropped object created again by the down file gets its grants again.
Inverse invert(const Operation& op, const DiffState* state)
{
  Inverse inverse = invert_operation(op, state);
  if (state != nullptr) {
    if (auto regrant = regrant_dropped(op, *state)) {
      inverse.operations.emplace_back(std::move(*regrant));
    }
  }
  return inverse;
}

namespace {

Inverse invert_operation(const Operation& op, const DiffState* state)
{
  return std::visit(
    Overloaded{
      [](const AddTable& o) { return Inverse{{DropTable{o.table}}, true, {}}; },
      [&](const DropTable& o) {
        return irreversible(create_table(o.table, state != nullptr && state->caps.fk_requires_index),
                            data_lost(o.table.qualified().str()));
      },
      [](const RenameTable& o) { return Inverse{{RenameTable{o.to, o.from}}, true, {}}; },
      [](const SetTableComment& o) { return Inverse{{SetTableComment{o.table, o.after, o.before}}, true, {}}; },
      [](const AddColumn& o) { return Inverse{{DropColumn{o.table, o.column}}, true, {}}; },
      [&](const DropColumn& o) {
        return irreversible({AddColumn{o.table, o.column, position_of(o.table, o.column.name, state)}},
                            data_lost(o.table.str() + "." + o.column.name));
      },
      [](const AlterColumn& o) {
        if (o.before.backfill) {
          return Inverse{{}, true, {}}; // NOT NULL and default of a backfilled new column: the down file drops it
        }
        // The down file never restarts the identity's sequence: it may have handed out values by then.
        auto from = o.after;
        from.identity_progress.reset();
        return Inverse{{AlterColumn{o.table, from, o.before, o.changes}}, true, {}};
      },
      [](const RenameColumn& o) { return Inverse{{RenameColumn{o.table, o.to, o.from}}, true, {}}; },
      [](const AddIndex& o) { return Inverse{{DropIndex{o.table, o.index}}, true, {}}; },
      [](const DropIndex& o) { return Inverse{{AddIndex{o.table, o.index}}, true, {}}; },
      [](const AddForeignKey& o) { return Inverse{{DropForeignKey{o.table, o.foreign_key}}, true, {}}; },
      [](const DropForeignKey& o) { return Inverse{{AddForeignKey{o.table, o.foreign_key}}, true, {}}; },
      [](const AddCheck& o) { return Inverse{{DropCheck{o.table, o.check}}, true, {}}; },
      [](const DropCheck& o) { return Inverse{{AddCheck{o.table, o.check}}, true, {}}; },
      [](const CreateView& o) { return Inverse{{DropView{o.view}}, true, {}}; },
      [](const DropView& o) { return Inverse{{CreateView{o.view}}, true, {}}; },
      [](const CreateEnum& o) { return Inverse{{DropEnum{o.enum_type}}, true, {}}; },
      [](const AddEnumValue& o) {
        return irreversible({}, fmt::format("value '{}' cannot be removed from enum {}", o.value, o.enum_name.str()));
      },
      [](const DropEnum& o) { return Inverse{{CreateEnum{o.enum_type}}, true, {}}; },
      [](const CreateSequence& o) { return Inverse{{DropSequence{o.sequence}}, true, {}}; },
      [](const DropSequence& o) { return Inverse{{CreateSequence{o.sequence}}, true, {}}; },
      [](const AlterSequence& o) {
        auto from = o.after; // likewise never restarted by the down file
        from.progress.reset();
        return Inverse{{AlterSequence{from, o.before}}, true, {}};
      },
      [](const CreateTrigger& o) { return Inverse{{DropTrigger{o.table, o.trigger}}, true, {}}; },
      [](const DropTrigger& o) { return Inverse{{CreateTrigger{o.table, o.trigger}}, true, {}}; },
      [](const RebuildTable& o) { return invert_rebuild(o); },
      [](const SetPrimaryKey& o) { return Inverse{{SetPrimaryKey{o.table, o.after, o.before}}, true, {}}; },
      [](const SetTableOptions& o) { return Inverse{{SetTableOptions{o.table, o.after, o.before}}, true, {}}; },
      [](const ValidateConstraint& o) { return unvalidate(o); },
      [](const SetPartitioning& o) {
        const SetPartitioning back{o.table, o.after, o.before};
        const auto dropped = o.dropped();
        if (dropped.empty()) {
          return Inverse{{back}, true, {}};
        }
        std::string lost;
        for (const auto& name : dropped) {
          lost += (lost.empty() ? "" : ", ") + name;
        }
        return irreversible({back}, data_lost(fmt::format("partition {} of {}", lost, o.table.str())));
      },
      [](const SetSystemVersioning& o) {
        const SetSystemVersioning back{o.table, o.after, o.before, o.period_after, o.period_before};
        if (!o.before.enabled) {
          return Inverse{{back}, true, {}};
        }
        return irreversible({back}, fmt::format("the history rows of table {} are not restored by the down file (nor "
                                                "backed up: they share their rows' keys)",
                                                o.table.str()));
      },
      [](const CreateFunction& o) { return Inverse{{DropFunction{o.function}}, true, {}}; },
      [](const DropFunction& o) { return Inverse{{CreateFunction{o.function}}, true, {}}; },
      [](const ReplaceFunction& o) { return Inverse{{ReplaceFunction{o.after, o.before}}, true, {}}; },
      [](const CreateDomain& o) { return Inverse{{DropDomain{o.domain}}, true, {}}; },
      [](const DropDomain& o) { return Inverse{{CreateDomain{o.domain}}, true, {}}; },
      [](const AlterDomain& o) { return Inverse{{AlterDomain{o.after, o.before}}, true, {}}; },
      [](const CreateCompositeType& o) { return Inverse{{DropCompositeType{o.type}}, true, {}}; },
      [](const DropCompositeType& o) { return Inverse{{CreateCompositeType{o.type}}, true, {}}; },
      [&](const AlterCompositeType& o) {
        // Attributes dropped (or moved) come back empty in the columns holding the type.
        const auto dropped = composite_attribute_steps(o.before, o.after).dropped;
        if (dropped.empty() ||
            (state != nullptr && columns_holding_type(state->live, o.before.qualified()).empty())) {
          return Inverse{{AlterCompositeType{o.after, o.before}}, true, {}};
        }
        std::string names;
        for (const auto& attribute : dropped) {
          names += (names.empty() ? "" : ", ") + attribute.name;
        }
        return irreversible({AlterCompositeType{o.after, o.before}},
                            data_lost(fmt::format("attribute {} of type {}", names, o.before.qualified().str())));
      },
      [](const SetIndexStorage& o) { return Inverse{{SetIndexStorage{o.table, o.index, o.after, o.before}}, true, {}}; },
      [](const SetIndexVisibility& o) {
        return Inverse{{SetIndexVisibility{o.table, o.index, !o.invisible}}, true, {}};
      },
      [](const SetConstraintComment& o) {
        return Inverse{{SetConstraintComment{o.table, o.name, o.index, o.after, o.before}}, true, {}};
      },
      [](const SetObjectComment& o) {
        auto back = o;
        std::swap(back.before, back.after);
        return Inverse{{std::move(back)}, true, {}};
      },
      [](const CreateRule& o) { return Inverse{{DropRule{o.relation, o.rule}}, true, {}}; },
      [](const DropRule& o) { return Inverse{{CreateRule{o.relation, o.rule}}, true, {}}; },
      [](const CreatePolicy& o) { return Inverse{{DropPolicy{o.table, o.policy}}, true, {}}; },
      [](const DropPolicy& o) { return Inverse{{CreatePolicy{o.table, o.policy}}, true, {}}; },
      [](const SetRowSecurity& o) { return Inverse{{SetRowSecurity{o.table, o.after, o.before}}, true, {}}; },
      // Detaching and attaching move no rows: the inverse puts the table back where it was.
      [](const SetPartitionOf& o) { return Inverse{{SetPartitionOf{o.table, o.after, o.before}}, true, {}}; },
      [](const CreateVirtualTable& o) { return Inverse{{DropVirtualTable{o.table}}, true, {}}; },
      [](const DropVirtualTable& o) {
        return irreversible({CreateVirtualTable{o.table}}, data_lost("virtual table " + o.table.name));
      },
      // The values go with the column, which the inverse of its AddColumn drops.
      [](const BackfillColumn&) { return Inverse{{}, true, {}}; },
      // A down file drops only the schemas its up file created (a table put into a schema that
      // was there before leaves the schema when it goes).
      [](const CreateSchema& o) { return Inverse{{DropSchema{o.schema}}, true, {}}; },
      [](const DropSchema& o) { return Inverse{{CreateSchema{o.schema}}, true, {}}; },
      [](const CreateExtension& o) { return Inverse{{DropExtension{o.extension}}, true, {}}; },
      [](const DropExtension& o) { return Inverse{{CreateExtension{o.extension}}, true, {}}; },
      [](const AlterExtension& o) {
        if (o.before.version == o.after.version) {
          return Inverse{{AlterExtension{o.after, o.before}}, true, {}};
        }
        // Extensions ship update scripts, rarely downgrade ones: the down file keeps the new
        // version (and moves the extension back where it was).
        std::vector<Operation> back;
        if (o.before.schema != o.after.schema) {
          auto where = o.before;
          where.version = o.after.version;
          back.emplace_back(AlterExtension{o.after, where});
        }
        return irreversible(std::move(back), fmt::format("extension {} is not downgraded from version {} to {}",
                                                         o.after.name, o.after.version, o.before.version));
      },
      [](const SetPrivileges& o) {
        auto back = o;
        std::swap(back.before, back.after);
        back.had = o.after;
        return Inverse{{std::move(back)}, true, {}};
      },
    },
    op);
}

} // namespace

} // namespace strata::planner::detail
