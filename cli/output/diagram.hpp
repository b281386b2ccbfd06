#pragma once
// Pictures: entity-relationship diagrams of a schema (Mermaid `erDiagram`, Graphviz DOT) and the
// operation graph of a plan (DOT, through Boost.Graph's write_graphviz).
//
// An ER diagram shows each table with its key columns (primary key PK, foreign key FK, unique
// UK), each foreign key as an edge from the referencing table to the referenced one labelled with
// its name, and each view marked as a view. A foreign key to a table outside the schema shown
// gets a bare entity, so every edge has both ends.

#include "cli/output/plan_view.hpp"
#include "schemas/model.hpp"

#include <string>

namespace strata::cli {

// "erDiagram" and its lines; "erDiagram\n" alone for a schema without tables and views.
std::string render_mermaid_er(const schemas::Schema& schema);
// "digraph schema { ... }": tables as HTML-like tables, views dashed, foreign keys as edges.
std::string render_dot_er(const schemas::Schema& schema);
// "digraph plan { ... }": one node per step ("3. create table books", red/orange/blue border by
// its highest risk), an edge from each step to each step that must run after it, labelled with
// the reason.
std::string render_plan_dot(const PlanView& view);

// A fenced ```mermaid block of render_mermaid_er under a heading, for markdown outputs; empty
// when the schema has no table or view.
std::string mermaid_section(const std::string& diagram);

} // namespace strata::cli
