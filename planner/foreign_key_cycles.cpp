// Foreign-key cycles between tables (strong components of the reference graph).

#include "planner/diff.hpp"
#include "schemas/name_index.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <unordered_map>
#include <vector>

namespace strata::planner::detail {

TablePairs foreign_key_cycles(const schemas::Schema& schema)
{
  using KeyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  std::unordered_map<QualifiedName, size_t, schemas::QualifiedNameHash> vertex_of;
  vertex_of.reserve(schema.tables.size());
  for (const auto& table : schema.tables) {
    vertex_of.emplace(table.qualified(), vertex_of.size());
  }
  // The vertex of each table's referenced tables, by table in schema order (none: not a vertex,
  // or the table itself).
  std::vector<std::vector<size_t>> targets(schema.tables.size());
  KeyGraph graph(vertex_of.size());
  for (size_t t = 0; t < schema.tables.size(); ++t) {
    const auto& table = schema.tables[t];
    const size_t from = vertex_of.at(table.qualified());
    for (const auto& fk : table.foreign_keys) {
      const auto it = vertex_of.find(fk.references);
      const bool edge = it != vertex_of.end() && it->second != from;
      targets[t].push_back(edge ? it->second : from);
      if (edge) {
        boost::add_edge(from, it->second, graph);
      }
    }
  }
  std::vector<int> component(vertex_of.size());
  if (!vertex_of.empty()) {
    boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                       boost::get(boost::vertex_index, graph)));
  }
  TablePairs cycles;
  for (size_t t = 0; t < schema.tables.size(); ++t) {
    const auto& table = schema.tables[t];
    const size_t from = vertex_of.at(table.qualified());
    for (size_t k = 0; k < table.foreign_keys.size(); ++k) {
      const size_t to = targets[t][k];
      if (to != from && component[from] == component[to]) {
        cycles.emplace(table.qualified(), table.foreign_keys[k].references);
      }
    }
  }
  return cycles;
}

} // namespace strata::planner::detail
