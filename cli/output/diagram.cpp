#include "cli/output/diagram.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace strata::cli {

namespace {

// An identifier Mermaid accepts as an entity or attribute name: letters, digits, '_' and '-'
// ("audit.events" -> "audit_events"); never empty, never starting with a digit.
std::string mermaid_name(const std::string& text)
{
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) != 0 || c == '_' || c == '-' ? c : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())) != 0) {
    out.insert(out.begin(), '_');
  }
  return out;
}

// A Mermaid attribute type: letters, digits, '_', '-', '(', ')', '[' and ']'; a space or comma
// becomes '_' ("character varying(200)" -> "character_varying(200)").
std::string mermaid_type(const std::string& text)
{
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool kept = std::isalnum(u) != 0 || std::string_view("_-()[]").find(c) != std::string_view::npos;
    out += kept ? c : '_';
  }
  if (out.empty() || std::isalpha(static_cast<unsigned char>(out.front())) == 0) {
    out.insert(0, "t");
  }
  return out;
}

// A DOT double-quoted string's content.
std::string dot_escape(const std::string& text)
{
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Text inside an HTML-like DOT label.
std::string html_escape(const std::string& text)
{
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

struct KeyColumn {
  std::string name;
  std::string type;
  std::vector<std::string> keys; // "PK", "FK", "UK"
};

bool contains(const std::vector<std::string>& values, const std::string& value)
{
  return std::find(values.begin(), values.end(), value) != values.end();
}

// The table's key columns in column order: in the primary key, a foreign key or a unique index.
std::vector<KeyColumn> key_columns(const schemas::Table& table)
{
  std::vector<KeyColumn> out;
  for (const auto& column : table.columns) {
    KeyColumn key{column.name, column.type.str(), {}};
    if (contains(table.primary_key, column.name)) {
      key.keys.emplace_back("PK");
    }
    if (std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                    [&](const schemas::ForeignKey& fk) { return contains(fk.columns, column.name); })) {
      key.keys.emplace_back("FK");
    }
    if (std::any_of(table.indexes.begin(), table.indexes.end(), [&](const schemas::Index& index) {
          return index.unique && index.where.empty() &&
                 std::any_of(index.keys.begin(), index.keys.end(),
                             [&](const schemas::IndexKey& k) { return k.column == column.name; });
        })) {
      key.keys.emplace_back("UK");
    }
    if (!key.keys.empty()) {
      out.push_back(std::move(key));
    }
  }
  return out;
}

// Referenced tables the schema does not show, in order of first reference.
std::vector<schemas::QualifiedName> outside_tables(const schemas::Schema& schema)
{
  std::vector<schemas::QualifiedName> out;
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      if (schema.find_table(fk.references) == nullptr &&
          std::find(out.begin(), out.end(), fk.references) == out.end()) {
        out.push_back(fk.references);
      }
    }
  }
  return out;
}

bool nullable_key(const schemas::Table& table, const schemas::ForeignKey& fk)
{
  return std::any_of(fk.columns.begin(), fk.columns.end(), [&](const std::string& name) {
    const auto* column = table.find_column(name);
    return column != nullptr && column->nullable;
  });
}

} // namespace

std::string render_mermaid_er(const schemas::Schema& schema)
{
  std::string out = "erDiagram\n";
  for (const auto& table : schema.tables) {
    const auto keys = key_columns(table);
    if (keys.empty()) {
      out += fmt::format("  {} {{\n  }}\n", mermaid_name(table.qualified().str()));
      continue;
    }
    out += fmt::format("  {} {{\n", mermaid_name(table.qualified().str()));
    for (const auto& key : keys) {
      std::string marks;
      for (const auto& mark : key.keys) {
        marks += (marks.empty() ? "" : ", ") + mark;
      }
      out += fmt::format("    {} {} {}\n", mermaid_type(key.type), mermaid_name(key.name), marks);
    }
    out += "  }\n";
  }
  for (const auto& view : schema.views) {
    out += fmt::format("  {} {{\n    view _ \"view\"\n  }}\n", mermaid_name(view.qualified().str()));
  }
  for (const auto& name : outside_tables(schema)) {
    out += fmt::format("  {} {{\n  }}\n", mermaid_name(name.str()));
  }
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      // parent ||--o{ child: one referenced row, zero or more referencing ones; a nullable key
      // makes the parent optional (|o).
      out += fmt::format("  {} {}--o{{ {} : \"{}\"\n", mermaid_name(fk.references.str()),
                         nullable_key(table, fk) ? "|o" : "||", mermaid_name(table.qualified().str()),
                         fk.name.empty() ? std::string("references") : mermaid_name(fk.name));
    }
  }
  return out;
}

std::string render_dot_er(const schemas::Schema& schema)
{
  std::string out = "digraph schema {\n  rankdir=LR;\n  node [shape=plaintext, fontname=\"Helvetica\"];\n"
                    "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const auto& table : schema.tables) {
    const std::string name = table.qualified().str();
    out += fmt::format("  \"{}\" [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">"
                       "<tr><td bgcolor=\"lightgrey\"><b>{}</b></td></tr>",
                       dot_escape(name), html_escape(name));
    for (const auto& key : key_columns(table)) {
      std::string marks;
      for (const auto& mark : key.keys) {
        marks += (marks.empty() ? "" : ",") + mark;
      }
      out += fmt::format("<tr><td align=\"left\">{} {} <i>{}</i></td></tr>", html_escape(key.name),
                         html_escape(key.type), marks);
    }
    out += "</table>>];\n";
  }
  for (const auto& view : schema.views) {
    const std::string name = view.qualified().str();
    out += fmt::format("  \"{}\" [shape=box, style=\"rounded,dashed\", label=\"«view»\\n{}\"];\n", dot_escape(name),
                       dot_escape(name));
  }
  for (const auto& name : outside_tables(schema)) {
    out += fmt::format("  \"{}\" [shape=box, style=dotted];\n", dot_escape(name.str()));
  }
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"{}];\n", dot_escape(table.qualified().str()),
                         dot_escape(fk.references.str()), dot_escape(fk.name),
                         nullable_key(table, fk) ? ", style=dashed" : "");
    }
  }
  out += "}\n";
  return out;
}

std::string render_plan_dot(const PlanView& view)
{
  struct Vertex {
    std::string label;
    std::string colour;
  };
  struct Edge {
    std::string reason;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex, Edge>;
  Graph graph(view.steps.size());
  for (const auto& step : view.steps) {
    const auto v = static_cast<size_t>(step.index - 1);
    std::string level;
    for (const char* candidate : {"low", "medium", "high"}) {
      if (std::any_of(step.risks.begin(), step.risks.end(), [&](const RiskView& r) { return r.level == candidate; })) {
        level = candidate;
      }
    }
    graph[v].label = fmt::format("{}. {}", step.index, step.description);
    graph[v].colour = level == "high" ? "red" : level == "medium" ? "orange" : level == "low" ? "blue" : "black";
    for (size_t i = 0; i < step.after.size(); ++i) {
      const auto [e, added] = boost::add_edge(static_cast<size_t>(step.after[i] - 1), v, graph);
      graph[e].reason = i < step.after_reasons.size() ? step.after_reasons[i] : std::string();
    }
  }
  std::ostringstream out;
  boost::write_graphviz(
    out, graph,
    [&](std::ostream& os, size_t v) {
      os << "[label=\"" << dot_escape(graph[v].label) << "\", color=" << graph[v].colour << "]";
    },
    [&](std::ostream& os, Graph::edge_descriptor e) { os << "[label=\"" << dot_escape(graph[e].reason) << "\"]"; },
    [&](std::ostream& os) {
      os << "label=\"" << dot_escape("strata plan (" + view.engine + "): " + view.summary) << "\";\nfontname=\"Helvetica\";\n"
         << "labelloc=t;\nnode [shape=box, fontname=\"Helvetica\"];\nedge [fontname=\"Helvetica\", fontsize=10];\n";
    });
  return out.str();
}

std::string mermaid_section(const std::string& diagram)
{
  if (diagram.empty() || diagram == "erDiagram\n") {
    return {};
  }
  return "### Tables this change touches\n\n```mermaid\n" + diagram + "```\n\n";
}

} // namespace strata::cli
