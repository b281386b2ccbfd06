// Foreign-key cycles between tables (strong components of the reference graph).

#include "planner/diff.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <map>

namespace strata::planner::detail {

TablePairs foreign_key_cycles(const schemas::Schema& schema)
{
  using KeyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  std::map<QualifiedName, size_t> vertex_of;
  for (const auto& table : schema.tables) {
    vertex_of.emplace(table.qualified(), vertex_of.size());
  }
  KeyGraph graph(vertex_of.size());
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
