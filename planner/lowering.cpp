// Capability-driven lowering: when any change of an existing table cannot be done with ALTER on
// this engine (capability flags, then the dialect's can_alter_in_place), all of that table's
// column, index, constraint and trigger operations are replaced by ONE RebuildTable. The graph,
// the risk report and the down file then all see the rebuild. A RenameTable stays separate and
// runs first; the rebuild works under the new name.

#include "planner/diff.hpp"

#include "schemas/error.hpp"
#include "schemas/name_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;

// A new column that a BackfillColumn fills: always added in place (NULL-able, no default), so
// that the batched step can fill it before a rebuild makes it NOT NULL.
const Column* backfilled_column(const Operation& op)
{
  const auto* add = std::get_if<AddColumn>(&op);
  return add != nullptr && add->column.backfill ? &add->column : nullptr;
}

// True for the operations a rebuild absorbs.
bool table_level(const Operation& op)
{
  if (backfilled_column(op) != nullptr) {
    return false;
  }
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

// The one RebuildTable that replaces the table-level operations `members` (indexes into
// state.operations) of an existing table, when any of them cannot be done in place; none for a
// new table or one altered in place. `backfilled`: columns added in place before the rebuild
// (and filled by their BackfillColumn), which it copies as the table's other columns.
std::optional<RebuildTable> rebuild_of(const DiffState& state, const Table& desired, const TableIndex& renamed_tables,
                                       const TableIndex& current_tables, const std::vector<size_t>& members,
                                       const std::vector<Column>& backfilled)
{
  const QualifiedName name = desired.qualified();
  const Table* renamed = renamed_tables.find(name);
  const Table* current = current_tables.find(name);
  if (renamed == nullptr || current == nullptr) {
    return std::nullopt; // a new table: created whole
  }
  Table renamed_grown;
  Table current_grown;
  if (!backfilled.empty()) {
    renamed_grown = *renamed;
    current_grown = *current;
    renamed_grown.columns.insert(renamed_grown.columns.end(), backfilled.begin(), backfilled.end());
    current_grown.columns.insert(current_grown.columns.end(), backfilled.begin(), backfilled.end());
    renamed = &renamed_grown;
    current = &current_grown;
  }
  std::vector<std::string> reasons;
  if (const auto forced = state.forced_rebuilds.find(name); forced != state.forced_rebuilds.end()) {
    reasons = forced->second;
  }
  for (const size_t i : members) {
    const Operation& op = state.operations[i];
    const Table* as_is = std::holds_alternative<RenameColumn>(op) ? renamed : current;
    if (std::holds_alternative<SetPrimaryKey>(op) && !capability_allows(state.caps, op)) {
      // Named first, as the table-level reasons are (options follow).
      reasons.insert(reasons.begin(), fmt::format("primary key of {} changes", name.str()));
    } else if (!capability_allows(state.caps, op) || !state.dialect.can_alter_in_place({as_is, &op})) {
      reasons.push_back(describe(op));
    }
  }
  if (reasons.empty()) {
    return std::nullopt;
  }
  if (!state.caps.table_rebuild) {
    std::string joined;
    for (const auto& reason : reasons) {
      joined += (joined.empty() ? "" : "; ") + reason;
    }
    throw Error(ErrorKind::input, fmt::format("{} cannot express these changes of table {}: {}", state.dialect.name,
                                              name.str(), joined));
  }
  return RebuildTable{*renamed, desired, column_sources(state, *renamed, desired), reasons};
}

} // namespace

// Each rebuild takes the place of its table's first table-level operation (after the others of
// the plan when the table had none: a forced rebuild), and its table's other operations go.
// One pass over the operations and one over the tables, whatever their number.
void lower(DiffState& state)
{
  const TableIndex renamed(state.renamed.tables.empty() ? state.live.tables : state.renamed.tables);
  const TableIndex current(state.current().tables);
  std::unordered_map<QualifiedName, std::vector<size_t>, QualifiedNameHash> members;
  std::unordered_map<QualifiedName, std::vector<Column>, QualifiedNameHash> backfilled;
  for (size_t i = 0; i < state.operations.size(); ++i) {
    if (table_level(state.operations[i])) {
      members[operation_table(state.operations[i])].push_back(i);
    } else if (const Column* column = backfilled_column(state.operations[i])) {
      backfilled[operation_table(state.operations[i])].push_back(*column);
    }
  }
  const std::vector<size_t> none;
  const std::vector<Column> no_columns;
  std::vector<std::optional<RebuildTable>> placed(state.operations.size());
  std::vector<bool> absorbed(state.operations.size(), false);
  std::vector<RebuildTable> appended;
  for (const auto& table : state.desired.tables) {
    const auto found = members.find(table.qualified());
    const auto& own = found == members.end() ? none : found->second;
    const auto grown = backfilled.find(table.qualified());
    auto rebuild = rebuild_of(state, table, renamed, current, own, grown == backfilled.end() ? no_columns : grown->second);
    if (!rebuild) {
      continue;
    }
    for (const size_t i : own) {
      absorbed[i] = true;
    }
    if (own.empty()) {
      appended.push_back(std::move(*rebuild));
    } else {
      placed[own.front()] = std::move(rebuild);
    }
  }
  if (appended.empty() && std::find(absorbed.begin(), absorbed.end(), true) == absorbed.end()) {
    return;
  }
  std::vector<Operation> lowered;
  lowered.reserve(state.operations.size() + appended.size());
  for (size_t i = 0; i < state.operations.size(); ++i) {
    if (placed[i]) {
      lowered.emplace_back(std::move(*placed[i]));
    } else if (!absorbed[i]) {
      lowered.push_back(std::move(state.operations[i]));
    }
  }
  for (auto& rebuild : appended) {
    lowered.emplace_back(std::move(rebuild));
  }
  state.operations = std::move(lowered);
}

} // namespace strata::planner::detail
