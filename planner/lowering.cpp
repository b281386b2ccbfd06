// Capability-driven lowering: when any change of an existing table cannot be done with ALTER on
// this engine (capability flags, then the dialect's can_alter_in_place), all of that table's
// column, index, constraint and trigger operations are replaced by ONE RebuildTable. The graph,
// the risk report and the down file then all see the rebuild. A RenameTable stays separate and
// runs first; the rebuild works under the new name.

#include "planner/diff.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;

// True for the operations a rebuild absorbs.
bool table_level(const Operation& op)
{
  return std::holds_alternative<AddColumn>(op) || std::holds_alternative<DropColumn>(op) ||
         std::holds_alternative<AlterColumn>(op) || std::holds_alternative<RenameColumn>(op) ||
         std::holds_alternative<AddIndex>(op) || std::holds_alternative<DropIndex>(op) ||
         std::holds_alternative<AddForeignKey>(op) || std::holds_alternative<DropForeignKey>(op) ||
         std::holds_alternative<AddCheck>(op) || std::holds_alternative<DropCheck>(op) ||
         std::holds_alternative<CreateTrigger>(op) || std::holds_alternative<DropTrigger>(op) ||
         std::holds_alternative<SetPrimaryKey>(op);
}

bool alter_column_allowed(const dialects::Capabilities& caps, const ColumnChanges& changes)
{
  return (!changes.type || caps.alter_column_type) && (!changes.nullability || caps.alter_column_nullability) &&
         (!changes.default_value || caps.alter_column_default);
}

bool capability_allows(const dialects::Capabilities& caps, const Operation& op)
{
  if (const auto* o = std::get_if<AlterColumn>(&op)) {
    return alter_column_allowed(caps, o->changes);
  }
  if (const auto* o = std::get_if<AddIndex>(&op)) {
    return !o->index.constraint || caps.alter_unique_constraint;
  }
  if (const auto* o = std::get_if<DropIndex>(&op)) {
    return !o->index.constraint || caps.alter_unique_constraint;
  }
  return !((std::holds_alternative<SetPrimaryKey>(op) && !caps.alter_primary_key) ||
           (std::holds_alternative<AddColumn>(op) && !caps.alter_add_column) ||
           (std::holds_alternative<DropColumn>(op) && !caps.alter_drop_column) ||
           (std::holds_alternative<RenameColumn>(op) && !caps.alter_rename_column) ||
           (std::holds_alternative<AddForeignKey>(op) && !caps.alter_add_foreign_key) ||
           (std::holds_alternative<DropForeignKey>(op) && !caps.alter_drop_foreign_key) ||
           (std::holds_alternative<AddCheck>(op) && !caps.alter_add_check) ||
           (std::holds_alternative<DropCheck>(op) && !caps.alter_drop_check));
}

std::vector<std::pair<std::string, std::string>> column_sources(const DiffState& state, const Table& before,
                                                                const Table& after)
{
  std::vector<std::pair<std::string, std::string>> sources;
  for (const auto& column : after.columns) {
    const std::string source = state.renames.live_column(after.qualified(), column.name);
    if (before.find_column(source) != nullptr) {
      sources.emplace_back(column.name, source);
    }
  }
  return sources;
}

void lower_table(DiffState& state, const Table& desired)
{
  const QualifiedName name = desired.qualified();
  const Table* renamed = (state.renamed.tables.empty() ? state.live : state.renamed).find_table(name);
  const Table* current = state.current.find_table(name);
  if (renamed == nullptr || current == nullptr) {
    return; // a new table: created whole
  }
  std::vector<size_t> members;
  std::vector<std::string> reasons = state.forced_rebuilds[name];
  for (size_t i = 0; i < state.operations.size(); ++i) {
    const Operation& op = state.operations[i];
    if (!table_level(op) || operation_table(op) != name) {
      continue;
    }
    members.push_back(i);
    const Table* as_is = std::holds_alternative<RenameColumn>(op) ? renamed : current;
    if (std::holds_alternative<SetPrimaryKey>(op) && !capability_allows(state.caps, op)) {
      // Named first, as the table-level reasons are (options follow).
      reasons.insert(reasons.begin(), fmt::format("primary key of {} changes", name.str()));
    } else if (!capability_allows(state.caps, op) || !state.dialect.can_alter_in_place({as_is, &op})) {
      reasons.push_back(describe(op));
    }
  }
  if (reasons.empty()) {
    return;
  }
  if (!state.caps.table_rebuild) {
    std::string joined;
    for (const auto& reason : reasons) {
      joined += (joined.empty() ? "" : "; ") + reason;
    }
    throw Error(ErrorKind::input, fmt::format("{} cannot express these changes of table {}: {}", state.dialect.name,
                                              name.str(), joined));
  }
  RebuildTable rebuild{*renamed, desired, column_sources(state, *renamed, desired), reasons};
  const size_t position = members.empty() ? state.operations.size() : members.front();
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    state.operations.erase(state.operations.begin() + static_cast<std::ptrdiff_t>(*it));
  }
  state.operations.insert(state.operations.begin() + static_cast<std::ptrdiff_t>(position), std::move(rebuild));
}

} // namespace

void lower(DiffState& state)
{
  for (const auto& table : state.desired.tables) {
    lower_table(state, table);
  }
}

} // namespace strata::planner::detail
