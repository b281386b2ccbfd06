// Foreign keys and checks of a matched table (a changed one is dropped and added again), and the
// detection of foreign-key cycles between tables (strong components of the reference graph).

#include "planner/diff.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <map>

namespace strata::planner::detail {

void diff_foreign_keys(DiffState& state, const schemas::Table& before, const schemas::Table& after)
{
  const auto table = after.qualified();
  for (const auto& fk : after.foreign_keys) {
    const schemas::ForeignKey* old = before.find_foreign_key(fk.name);
    if (old != nullptr && old->same_definition(fk)) {
      continue;
    }
    if (old != nullptr) {
      state.operations.emplace_back(schemas::DropForeignKey{table, *old});
    }
    state.operations.emplace_back(schemas::AddForeignKey{table, fk});
  }
  for (const auto& fk : before.foreign_keys) {
    if (after.find_foreign_key(fk.name) == nullptr) {
      state.operations.emplace_back(schemas::DropForeignKey{table, fk});
    }
  }
}

void diff_checks(DiffState& state, const schemas::Table& before, const schemas::Table& after)
{
  const auto table = after.qualified();
  for (const auto& check : after.checks) {
    const schemas::Check* old = before.find_check(check.name);
    if (old != nullptr && *old == check) {
      continue;
    }
    if (old != nullptr) {
      state.operations.emplace_back(schemas::DropCheck{table, *old});
    }
    state.operations.emplace_back(schemas::AddCheck{table, check});
  }
  for (const auto& check : before.checks) {
    if (after.find_check(check.name) == nullptr) {
      state.operations.emplace_back(schemas::DropCheck{table, check});
    }
  }
}

TablePairs foreign_key_cycles(const schemas::Schema& schema)
{
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  std::map<QualifiedName, size_t> vertex_of;
  for (const auto& table : schema.tables) {
    vertex_of.emplace(table.qualified(), vertex_of.size());
  }
  Graph graph(vertex_of.size());
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      if (const auto it = vertex_of.find(fk.references); it != vertex_of.end() && fk.references != table.qualified()) {
        boost::add_edge(vertex_of.at(table.qualified()), it->second, graph);
      }
    }
  }
  std::vector<int> component(vertex_of.size());
  if (!vertex_of.empty()) {
    boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                       boost::get(boost::vertex_index, graph)));
  }
  TablePairs cycles;
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      const auto it = vertex_of.find(fk.references);
      if (it != vertex_of.end() && fk.references != table.qualified() &&
          component[vertex_of.at(table.qualified())] == component[it->second]) {
        cycles.emplace(table.qualified(), fk.references);
      }
    }
  }
  return cycles;
}

} // namespace strata::planner::detail
