#pragma once
// OperationGraph: one vertex per operation of the diff, an edge "earlier -> later" for every
// dependency, each edge with its reason. Ordered by a deterministic priority Kahn sort.

#include "planner/diff.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace strata::planner::detail {

enum class Phase { drop = 0, create = 1 };

struct VertexProps {
  std::string stable_key; // "<kind>:<object>:<phase>", unique within the graph
  Phase phase = Phase::create;
  int priority = 0;       // lower runs earlier among ready vertices
  size_t operation = 0;   // index into OperationGraph::operations()
};

struct EdgeProps {
  std::string reason;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;

// "table:users:create", "column:users.email:drop", ...: the object part is shared by the drop
// and create of the same object.
std::string object_key(const schemas::Operation& op);
std::string stable_key(const schemas::Operation& op);
Phase phase_of(const schemas::Operation& op);
// Drops of views/triggers/FKs first, then renames, creates, column changes, indexes and
// constraints, table drops, views last.
int priority_of(const schemas::Operation& op);

class OperationGraph {
public:
  explicit OperationGraph(std::vector<schemas::Operation> operations);

  // `later` runs after `earlier`. Self edges and repeated edges are ignored.
  void add_order(size_t earlier, size_t later, const std::string& reason);

  const Graph& graph() const { return m_graph; }
  const std::vector<schemas::Operation>& operations() const { return m_operations; }
  const schemas::Operation& operation(size_t i) const { return m_operations[i]; }
  size_t size() const { return m_operations.size(); }
  // The operations, moved out for the plan's steps once nothing else reads them (order, reasons
  // and predecessors are to be asked before): a rebuilt table's operation holds two whole tables.
  std::vector<schemas::Operation> take_operations() { return std::move(m_operations); }

  // ordering.cpp: operation indices in execution order; throws strata::Error(internal) naming the
  // objects and edge reasons of a remaining cycle.
  std::vector<size_t> order() const;
  // "after create table users: a table is created before its indexes" for each edge into `op`.
  std::vector<std::string> reasons_into(size_t op) const;
  // Operations with an edge into `op` (they must come before it).
  std::vector<size_t> predecessors(size_t op) const;

private:
  std::vector<schemas::Operation> m_operations;
  Graph m_graph;
  std::set<std::pair<size_t, size_t>> m_edges;
};

// dependencies.cpp: adds every rule's edges.
void add_dependencies(OperationGraph& graph, const DiffState& state);

} // namespace strata::planner::detail
