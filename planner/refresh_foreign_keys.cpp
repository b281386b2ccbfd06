// Unchanged foreign keys that must be dropped and added again around another change, because the
// engine refuses that change while the key exists (MySQL/InnoDB):
// - fk_requires_index: the only index a key uses is redefined under its own name (drop, create);
// - !alter_foreign_key_column_type: a column of the key (referencing or referenced) changes type
//   or collation ("Cannot change column ...: used in a foreign key constraint").
// The dependency rules then order drop key -> change -> add key.

#include "planner/diff.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace strata::planner::detail {

namespace {

using schemas::ForeignKey;
using schemas::Table;

bool plan_has(const DiffState& state, const std::function<bool(const schemas::Operation&)>& match)
{
  return std::any_of(state.operations.begin(), state.operations.end(), match);
}

// True when the plan already drops the key (it changes or goes): nothing to refresh.
bool key_dropped(const DiffState& state, const QualifiedName& table, const std::string& name)
{
  return plan_has(state, [&](const schemas::Operation& o) {
    const auto* drop = std::get_if<schemas::DropForeignKey>(&o);
    return drop != nullptr && drop->table == table && drop->foreign_key.name == name;
  });
}

struct Refresher {
  DiffState& state;
  std::set<std::pair<QualifiedName, std::string>> done{};
  std::vector<schemas::Operation> out{};

  void refresh(const QualifiedName& table, const ForeignKey& live_fk)
  {
    const Table* desired = state.desired.find_table(table);
    const ForeignKey* kept = desired ? desired->find_foreign_key(live_fk.name) : nullptr;
    if (kept == nullptr || key_dropped(state, table, live_fk.name) || !done.insert({table, live_fk.name}).second) {
      return;
    }
    out.emplace_back(schemas::DropForeignKey{table, live_fk});
    out.emplace_back(schemas::AddForeignKey{table, *kept});
  }

  void around_redefined_index(const schemas::DropIndex& drop)
  {
    const Table* live = state.current().find_table(drop.table);
    const Table* desired = state.desired.find_table(drop.table);
    const bool recreated = plan_has(state, [&](const schemas::Operation& o) {
      const auto* add = std::get_if<schemas::AddIndex>(&o);
      return add != nullptr && add->table == drop.table && add->index.name == drop.index.name;
    });
    if (live == nullptr || desired == nullptr || !recreated) {
      return;
    }
    for (const auto& fk : live->foreign_keys) {
      if (index_serves_foreign_key(drop.index, fk) && !foreign_key_served(*live, fk, drop.index.name) &&
          !foreign_key_served(*desired, fk, drop.index.name)) {
        refresh(drop.table, fk);
      }
    }
  }

  void around_retyped_column(const schemas::AlterColumn& alter)
  {
    if (!alter.changes.type && !alter.changes.collation) {
      return;
    }
    const auto has = [&](const std::vector<std::string>& columns) {
      return std::find(columns.begin(), columns.end(), alter.before.name) != columns.end();
    };
    for (const auto& table : state.current().tables) {
      for (const auto& fk : table.foreign_keys) {
        const bool referencing = table.qualified() == alter.table && has(fk.columns);
        const bool referenced = fk.references == alter.table && has(fk.ref_columns);
        if (referencing || referenced) {
          refresh(table.qualified(), fk);
        }
      }
    }
  }
};

} // namespace

void refresh_foreign_keys(DiffState& state)
{
  Refresher refresher{state};
  for (const auto& op : state.operations) {
    if (const auto* drop = std::get_if<schemas::DropIndex>(&op); drop != nullptr && state.caps.fk_requires_index) {
      refresher.around_redefined_index(*drop);
    } else if (const auto* alter = std::get_if<schemas::AlterColumn>(&op);
               alter != nullptr && !state.caps.alter_foreign_key_column_type) {
      refresher.around_retyped_column(*alter);
    }
  }
  state.operations.insert(state.operations.end(), refresher.out.begin(), refresher.out.end());
}

} // namespace strata::planner::detail
