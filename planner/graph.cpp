// Vertex keys, phases and priorities of operations, and the graph container.

#include "planner/graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

namespace strata::planner::detail {

namespace {

std::string member(const QualifiedName& table, const std::string& name)
{
  return table.str() + "." + name;
}

// The object a SetObjectComment names, as the create and drop steps of that object key it (a
// trigger under its table's schema).
std::string object_comment_key(const schemas::SetObjectComment& o)
{
  const auto [kind, name] = schemas::commented_object(o);
  if (o.kind == schemas::CommentedObject::rule || o.kind == schemas::CommentedObject::view_column ||
      o.kind == schemas::CommentedObject::composite_attribute) {
    return kind + ":" + member(o.object, name);
  }
  return kind + ":" + (o.kind == schemas::CommentedObject::trigger ? QualifiedName{o.object.schema, name}.str() : name);
}

// Object part and phase word of the stable key.
std::pair<std::string, std::string> key_parts(const schemas::Operation& op)
{
  using namespace schemas;
  return std::visit(
    Overloaded{
      [](const AddTable& o) { return std::pair{"table:" + o.table.qualified().str(), std::string("create")}; },
      [](const DropTable& o) { return std::pair{"table:" + o.table.qualified().str(), std::string("drop")}; },
      [](const RenameTable& o) { return std::pair{"table:" + o.to.str(), std::string("rename")}; },
      [](const RebuildTable& o) { return std::pair{"table:" + o.after.qualified().str(), std::string("rebuild")}; },
      [](const SetTableComment& o) { return std::pair{"table:" + o.table.str(), std::string("comment")}; },
      [](const AddColumn& o) { return std::pair{"column:" + member(o.table, o.column.name), std::string("add")}; },
      [](const DropColumn& o) { return std::pair{"column:" + member(o.table, o.column.name), std::string("drop")}; },
      [](const AlterColumn& o) { return std::pair{"column:" + member(o.table, o.after.name), std::string("alter")}; },
      [](const RenameColumn& o) { return std::pair{"column:" + member(o.table, o.to), std::string("rename")}; },
      [](const AddIndex& o) { return std::pair{"index:" + QualifiedName{o.table.schema, o.index.name}.str(), std::string("create")}; },
      [](const DropIndex& o) { return std::pair{"index:" + QualifiedName{o.table.schema, o.index.name}.str(), std::string("drop")}; },
      [](const AddForeignKey& o) { return std::pair{"foreign_key:" + member(o.table, o.foreign_key.name), std::string("create")}; },
      [](const DropForeignKey& o) { return std::pair{"foreign_key:" + member(o.table, o.foreign_key.name), std::string("drop")}; },
      [](const AddCheck& o) { return std::pair{"check:" + member(o.table, o.check.name), std::string("create")}; },
      [](const DropCheck& o) { return std::pair{"check:" + member(o.table, o.check.name), std::string("drop")}; },
      [](const CreateView& o) { return std::pair{"view:" + o.view.qualified().str(), std::string("create")}; },
      [](const DropView& o) { return std::pair{"view:" + o.view.qualified().str(), std::string("drop")}; },
      [](const CreateEnum& o) { return std::pair{"enum:" + o.enum_type.qualified().str(), std::string("create")}; },
      [](const AddEnumValue& o) { return std::pair{"enum:" + o.enum_name.str(), "add:" + o.value}; },
      [](const DropEnum& o) { return std::pair{"enum:" + o.enum_type.qualified().str(), std::string("drop")}; },
      [](const CreateSequence& o) { return std::pair{"sequence:" + o.sequence.qualified().str(), std::string("create")}; },
      [](const DropSequence& o) { return std::pair{"sequence:" + o.sequence.qualified().str(), std::string("drop")}; },
      [](const CreateTrigger& o) { return std::pair{"trigger:" + QualifiedName{o.table.schema, o.trigger.name}.str(), std::string("create")}; },
      [](const DropTrigger& o) { return std::pair{"trigger:" + QualifiedName{o.table.schema, o.trigger.name}.str(), std::string("drop")}; },
      [](const SetPrimaryKey& o) { return std::pair{"primary_key:" + o.table.str(), std::string("set")}; },
      [](const SetTableOptions& o) { return std::pair{"table:" + o.table.str(), std::string("options")}; },
      [](const ValidateConstraint& o) {
        return std::pair{std::string(o.foreign_key ? "foreign_key:" : "check:") + member(o.table, o.name()),
                         std::string("validate")};
      },
      [](const SetPartitioning& o) { return std::pair{"table:" + o.table.str(), std::string("partitioning")}; },
      [](const SetSystemVersioning& o) { return std::pair{"table:" + o.table.str(), std::string("versioning")}; },
      [](const CreateFunction& o) { return std::pair{"function:" + o.function.identity(), std::string("create")}; },
      [](const DropFunction& o) { return std::pair{"function:" + o.function.identity(), std::string("drop")}; },
      [](const ReplaceFunction& o) { return std::pair{"function:" + o.after.identity(), std::string("replace")}; },
      [](const CreateExtension& o) { return std::pair{"extension:" + o.extension.name, std::string("create")}; },
      [](const DropExtension& o) { return std::pair{"extension:" + o.extension.name, std::string("drop")}; },
      [](const AlterExtension& o) { return std::pair{"extension:" + o.after.name, std::string("alter")}; },
      [](const CreateDomain& o) { return std::pair{"domain:" + o.domain.qualified().str(), std::string("create")}; },
      [](const DropDomain& o) { return std::pair{"domain:" + o.domain.qualified().str(), std::string("drop")}; },
      [](const AlterDomain& o) { return std::pair{"domain:" + o.after.qualified().str(), std::string("alter")}; },
      [](const SetIndexStorage& o) { return std::pair{"index:" + QualifiedName{o.table.schema, o.index}.str(), std::string("storage")}; },
      [](const SetConstraintComment& o) {
        return std::pair{(o.index ? "index:" + QualifiedName{o.table.schema, o.name}.str() : "constraint:" + member(o.table, o.name)),
                         std::string("comment")};
      },
      [](const CreatePolicy& o) { return std::pair{"policy:" + member(o.table, o.policy.name), std::string("create")}; },
      [](const DropPolicy& o) { return std::pair{"policy:" + member(o.table, o.policy.name), std::string("drop")}; },
      [](const SetRowSecurity& o) { return std::pair{"table:" + o.table.str(), std::string("row_security")}; },
      [](const SetPartitionOf& o) { return std::pair{"table:" + o.table.str(), std::string("partition_of")}; },
      [](const SetObjectComment& o) { return std::pair{object_comment_key(o), std::string("comment")}; },
      [](const CreateRule& o) { return std::pair{"rule:" + member(o.relation, o.rule.name), std::string("create")}; },
      [](const DropRule& o) { return std::pair{"rule:" + member(o.relation, o.rule.name), std::string("drop")}; },
      [](const AlterSequence& o) { return std::pair{"sequence:" + o.after.qualified().str(), std::string("alter")}; },
      // A virtual table shares its name with the tables: a table of that name goes before it comes.
      [](const CreateVirtualTable& o) { return std::pair{"table:" + o.table.name, std::string("create_virtual")}; },
      [](const DropVirtualTable& o) { return std::pair{"table:" + o.table.name, std::string("drop_virtual")}; },
      [](const SetIndexVisibility& o) {
        return std::pair{"index:" + QualifiedName{o.table.schema, o.index}.str(), std::string("visibility")};
      },
      [](const CreateCompositeType& o) { return std::pair{"type:" + o.type.qualified().str(), std::string("create")}; },
      [](const DropCompositeType& o) { return std::pair{"type:" + o.type.qualified().str(), std::string("drop")}; },
      [](const AlterCompositeType& o) { return std::pair{"type:" + o.after.qualified().str(), std::string("alter")}; },
      [](const BackfillColumn& o) { return std::pair{"column:" + member(o.table, o.column), std::string("backfill")}; },
      [](const CreateSchema& o) { return std::pair{"schema:" + shown_namespace(o.schema.name), std::string("create")}; },
      [](const DropSchema& o) { return std::pair{"schema:" + shown_namespace(o.schema.name), std::string("drop")}; },
      // Keyed as the object it changes (its create step's key), so ordered after that step.
      [](const SetPrivileges& o) {
        switch (o.target) {
        case GrantTarget::table: return std::pair{"table:" + o.object.str(), std::string("privileges")};
        case GrantTarget::view:
        case GrantTarget::materialized_view: return std::pair{"view:" + o.object.str(), std::string("privileges")};
        case GrantTarget::sequence: return std::pair{"sequence:" + o.object.str(), std::string("privileges")};
        case GrantTarget::function: return std::pair{"function:" + o.function.signature(), std::string("privileges")};
        case GrantTarget::schema: break;
        }
        return std::pair{"schema:" + shown_namespace(o.object.name), std::string("privileges")};
      },
    },
    op);
}

} // namespace

std::string object_key(const schemas::Operation& op)
{
  return key_parts(op).first;
}

std::string stable_key(const schemas::Operation& op)
{
  const auto [object, phase] = key_parts(op);
  return object + ":" + phase;
}

Phase phase_of(const schemas::Operation& op)
{
  using namespace schemas;
  const bool drop = std::holds_alternative<DropTable>(op) || std::holds_alternative<DropColumn>(op) ||
                    std::holds_alternative<DropIndex>(op) || std::holds_alternative<DropForeignKey>(op) ||
                    std::holds_alternative<DropCheck>(op) || std::holds_alternative<DropView>(op) ||
                    std::holds_alternative<DropEnum>(op) || std::holds_alternative<DropSequence>(op) ||
                    std::holds_alternative<DropTrigger>(op) || std::holds_alternative<DropFunction>(op) ||
                    std::holds_alternative<DropExtension>(op) || std::holds_alternative<DropDomain>(op) ||
                    std::holds_alternative<DropPolicy>(op) || std::holds_alternative<DropRule>(op) ||
                    std::holds_alternative<DropVirtualTable>(op) || std::holds_alternative<DropCompositeType>(op) ||
                    std::holds_alternative<DropSchema>(op);
  return drop ? Phase::drop : Phase::create;
}

int priority_of(const schemas::Operation& op)
{
  // Indexed by the variant alternative (same order as schemas::Operation).
  static constexpr int k_priority[] = {
    31, // AddTable
    60, // DropTable
    20, // RenameTable
    44, // SetTableComment
    41, // AddColumn
    43, // DropColumn
    42, // AlterColumn
    21, // RenameColumn
    50, // AddIndex
    14, // DropIndex
    52, // AddForeignKey
    12, // DropForeignKey
    51, // AddCheck
    13, // DropCheck
    70, // CreateView
    10, // DropView
    30, // CreateEnum
    30, // AddEnumValue
    61, // DropEnum
    30, // CreateSequence
    61, // DropSequence
    53, // CreateTrigger
    11, // DropTrigger
    40, // RebuildTable
    45, // SetPrimaryKey: after the columns are in place, before indexes and foreign keys
    39, // SetTableOptions: before the table's columns change (a new collation applies to them)
    54, // ValidateConstraint: after the constraints are added, as their own VALIDATE
    46, // SetPartitioning: after the primary key (which must hold the partitioning columns)
    30, // CreateFunction: with the types, before the tables, defaults and triggers using it
    62, // DropFunction: after what used it is gone
    30, // ReplaceFunction
    5,  // CreateExtension: before everything that may use its types, functions and operator classes
    90, // DropExtension: after everything that used it is gone
    5,  // AlterExtension
    30, // CreateDomain: with the types, before the tables using it
    61, // DropDomain: after the columns using it are gone
    30, // AlterDomain
    50, // SetIndexStorage: with the indexes
    55, // SetConstraintComment: after the index or constraint it names is created
    55, // CreatePolicy: after the columns, functions and tables its expressions use
    11, // DropPolicy: before the columns and tables it uses go
    56, // SetRowSecurity: once the table's policies are in place
    47, // SetPartitionOf: once the table and its parent have their columns and keys
    57, // SetObjectComment: on an object that stays (a created one carries its own)
    71, // CreateRule: after the tables and views it reads and acts on
    9,  // DropRule: before its table or view and what it reads change
    30, // AlterSequence: with the types, before the columns using it
    32, // CreateVirtualTable: after the tables, before the triggers and views that use it
    59, // DropVirtualTable: after the triggers and views that use it are gone
    50, // SetIndexVisibility: with the indexes
    30, // CreateCompositeType: with the types, before the tables and functions using it
    61, // DropCompositeType: after the columns and functions using it are gone
    30, // AlterCompositeType
    41, // BackfillColumn: between its AddColumn and the AlterColumn (or rebuild) making it NOT NULL
    1,  // CreateSchema: before every object in it (extensions too)
    95, // DropSchema: after every object dropped from it (extensions too)
    46, // SetSystemVersioning: once the table's other columns and primary key are in place
    72, // SetPrivileges: once its object is in place (nothing in a plan needs a grant first)
  };
  static_assert(std::size(k_priority) == std::variant_size_v<schemas::Operation>);
  return k_priority[op.index()];
}

OperationGraph::OperationGraph(std::vector<schemas::Operation> operations)
  : m_operations(std::move(operations)), m_graph(m_operations.size())
{
  std::map<std::string, int> seen;
  for (size_t i = 0; i < m_operations.size(); ++i) {
    auto& vertex = m_graph[i];
    vertex.stable_key = stable_key(m_operations[i]);
    if (const int n = seen[vertex.stable_key]++; n > 0) {
      vertex.stable_key += fmt::format("#{}", n);
    }
    vertex.phase = phase_of(m_operations[i]);
    vertex.priority = priority_of(m_operations[i]);
    vertex.operation = i;
  }
}

void OperationGraph::add_order(size_t earlier, size_t later, const std::string& reason)
{
  if (earlier == later || !m_edges.insert({earlier, later}).second) {
    return;
  }
  boost::add_edge(earlier, later, EdgeProps{reason}, m_graph);
}

std::vector<size_t> OperationGraph::predecessors(size_t op) const
{
  std::vector<size_t> sources;
  for (auto [it, end] = boost::in_edges(op, m_graph); it != end; ++it) {
    sources.push_back(boost::source(*it, m_graph));
  }
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  return sources;
}

std::vector<std::string> OperationGraph::reasons_into(size_t op) const
{
  std::vector<std::pair<std::string, std::string>> edges;
  for (auto [it, end] = boost::in_edges(op, m_graph); it != end; ++it) {
    const size_t source = boost::source(*it, m_graph);
    edges.emplace_back(m_graph[source].stable_key,
                       fmt::format("after {}: {}", schemas::describe(m_operations[source]), m_graph[*it].reason));
  }
  std::sort(edges.begin(), edges.end());
  std::vector<std::string> reasons;
  for (auto& edge : edges) {
    reasons.push_back(std::move(edge.second));
  }
  return reasons;
}

} // namespace strata::planner::detail
