// Indexes (plain and UNIQUE constraints) and triggers of a matched table. Neither can be altered
// in place anywhere: a changed definition is a drop followed by a create under the same name.

#include "planner/diff.hpp"

namespace strata::planner::detail {

void diff_indexes(DiffState& state, const schemas::Table& before, const schemas::Table& after)
{
  const auto table = after.qualified();
  for (const auto& index : after.indexes) {
    const schemas::Index* old = before.find_index(index.name);
    if (old != nullptr && old->same_definition(index)) {
      continue;
    }
    if (old != nullptr) {
      state.operations.emplace_back(schemas::DropIndex{table, *old});
    }
    state.operations.emplace_back(schemas::AddIndex{table, index});
  }
  for (const auto& index : before.indexes) {
    if (after.find_index(index.name) == nullptr) {
      state.operations.emplace_back(schemas::DropIndex{table, index});
    }
  }
}

void diff_triggers(DiffState& state, const schemas::Table& before, const schemas::Table& after)
{
  const auto table = after.qualified();
  const auto find = [](const schemas::Table& t, const std::string& name) -> const schemas::Trigger* {
    for (const auto& trigger : t.triggers) {
      if (trigger.name == name) {
        return &trigger;
      }
    }
    return nullptr;
  };
  for (const auto& trigger : after.triggers) {
    const schemas::Trigger* old = find(before, trigger.name);
    if (old != nullptr && *old == trigger) {
      continue;
    }
    if (old != nullptr) {
      state.operations.emplace_back(schemas::DropTrigger{table, *old});
    }
    state.operations.emplace_back(schemas::CreateTrigger{table, trigger});
  }
  for (const auto& trigger : before.triggers) {
    if (find(after, trigger.name) == nullptr) {
      state.operations.emplace_back(schemas::DropTrigger{table, trigger});
    }
  }
}

} // namespace strata::planner::detail
