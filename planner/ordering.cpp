// Deterministic ordering: a Kahn sort that always takes the ready vertex with the best
// (priority, stable_key). boost::topological_sort is not used: it is DFS-based and cannot prefer
// one ready vertex over another. A cycle left after the FK-cycle detachment of the diff is
// reported with its objects and edge reasons (found with boost::strong_components).

#include "planner/graph.hpp"

#include "schemas/error.hpp"

#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

namespace strata::planner::detail {

namespace {

[[noreturn]] void report_cycle(const Graph& graph, const std::vector<bool>& placed)
{
  std::vector<int> component(boost::num_vertices(graph));
  boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                     boost::get(boost::vertex_index, graph)));
  std::map<int, std::vector<size_t>> members;
  for (size_t v = 0; v < component.size(); ++v) {
    if (!placed[v]) {
      members[component[v]].push_back(v);
    }
  }
  std::string text;
  for (const auto& [id, vertices] : members) {
    if (vertices.size() < 2) {
      continue;
    }
    std::set<size_t> inside(vertices.begin(), vertices.end());
    std::string objects;
    std::string edges;
    for (size_t v : vertices) {
      objects += (objects.empty() ? "" : ", ") + graph[v].stable_key;
      for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) {
        const size_t target = boost::target(*it, graph);
        if (inside.count(target) > 0) {
          edges += fmt::format("\n  {} before {}: {}", graph[v].stable_key, graph[target].stable_key,
                               graph[*it].reason);
        }
      }
    }
    text += fmt::format("\ncycle between {}:{}", objects, edges);
  }
  throw Error(ErrorKind::internal, "the planned operations depend on each other in a cycle" + text);
}

} // namespace

std::vector<size_t> OperationGraph::order() const
{
  using Ready = std::tuple<int, std::string, size_t>;
  const size_t count = boost::num_vertices(m_graph);
  std::vector<size_t> waiting(count);
  std::set<Ready> ready;
  for (size_t v = 0; v < count; ++v) {
    waiting[v] = boost::in_degree(v, m_graph);
    if (waiting[v] == 0) {
      ready.emplace(m_graph[v].priority, m_graph[v].stable_key, v);
    }
  }
  std::vector<size_t> order;
  std::vector<bool> placed(count, false);
  while (!ready.empty()) {
    const auto [priority, key, v] = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(m_graph[v].operation);
    placed[v] = true;
    for (auto [it, end] = boost::out_edges(v, m_graph); it != end; ++it) {
      const size_t target = boost::target(*it, m_graph);
      if (--waiting[target] == 0) {
        ready.emplace(m_graph[target].priority, m_graph[target].stable_key, target);
      }
    }
  }
  if (order.size() != count) {
    report_cycle(m_graph, placed);
  }
  return order;
}

} // namespace strata::planner::detail
