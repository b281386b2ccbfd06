// Issue 16: pictures. `inspect --format mermaid|dot` draws the ER diagram of a database or a
// schema file; `plan --format dot` the operation graph with a reason on every edge; the markdown
// outputs of plan, drift and lint embed the Mermaid diagram of the tables the change touches
// (and of no other table). Every DOT output goes through `dot -Tsvg` (Graphviz: scripts/setup.sh).
// The renderers are engine-independent (unit-tested in tests/unit/cli/output/test_diagram.cpp):
// SQLite files suffice here.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace strata::e2e;

namespace {

const char* const k_pictures_v1 = R"(version: 1
tables:
  - name: authors
    columns:
      - { name: id, type: bigint }
      - { name: email, type: text, nullable: false }
      - { name: bio, type: text }
    primary_key: [id]
    indexes:
      - { name: authors_email_uq, columns: [email], unique: true }
  - name: publishers
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
)";

// v2 adds books (a key to authors) and a view over it; publishers is untouched.
const std::string k_pictures_v2 = std::string(k_pictures_v1) + R"(  - name: books
    columns:
      - { name: id, type: bigint }
      - { name: author_id, type: bigint, nullable: false }
      - { name: title, type: text }
    primary_key: [id]
    foreign_keys:
      - { name: books_author_fk, columns: [author_id], references: { table: authors, columns: [id] } }
views:
  - { name: titles, query: "SELECT title FROM books" }
)";

// `dot -Tsvg` accepts `dot_text` (written to a file of the workspace); skipped outside CI when
// Graphviz is missing.
void check_dot_renders(const Workspace& ws, const std::string& dot_text)
{
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    REQUIRE(std::getenv("CI") == nullptr); // CI installs graphviz (scripts/setup.sh)
    return;
  }
  ws.write("picture.dot", dot_text);
  const std::string command =
    "dot -Tsvg '" + ws.path("picture.dot").string() + "' -o '" + ws.path("picture.svg").string() + "'";
  CHECK(std::system(command.c_str()) == 0);
  CHECK(contains(ws.read("picture.svg"), "<svg"));
}

// The ```mermaid block of a markdown output.
std::string mermaid_block(const std::string& markdown)
{
  const std::string open = "### Tables this change touches\n\n```mermaid\nerDiagram\n";
  const auto at = markdown.find(open);
  REQUIRE(at != std::string::npos);
  const auto end = markdown.find("```", at + open.size());
  REQUIRE(end != std::string::npos);
  return markdown.substr(at + open.size() - 10, end - at - open.size() + 10);
}

} // namespace

TEST_CASE("pictures: ER diagrams of a database and a schema file, the plan graph, diagrams in markdown",
          "[e2e][pictures]")
{
  Workspace ws;
  ws.write("schema.yaml", k_pictures_v1);
  require_exit(ws.strata({"plan", "--db", ws.db_url(), "--version", "1", "--name", "v1"}), 2);
  require_exit(ws.strata({"apply", "--db", ws.db_url()}), 0);
  ws.write("v2.yaml", k_pictures_v2);

  // The database and the schema file it was made from draw the same diagram.
  const auto from_db = ws.strata({"inspect", "--db", ws.db_url(), "--format", "mermaid"});
  require_exit(from_db, 0);
  const auto from_yaml = ws.strata({"inspect", "--schema", "schema.yaml", "--format", "mermaid"});
  require_exit(from_yaml, 0);
  CHECK(from_db.out == from_yaml.out);
  CHECK(from_db.out == "erDiagram\n  authors {\n    bigint id PK\n    text email UK\n  }\n"
                       "  publishers {\n    bigint id PK\n  }\n");
  const auto er = ws.strata({"inspect", "--schema", "v2.yaml", "--format", "dot"});
  require_exit(er, 0);
  CHECK(er.out.rfind("digraph schema {", 0) == 0);
  CHECK(contains(er.out, "\"books\" -> \"authors\" [label=\"books_author_fk\"];"));
  CHECK(contains(er.out, "\"titles\" [shape=box, style=\"rounded,dashed\""));
  check_dot_renders(ws, er.out);
  CHECK(ws.strata({"inspect", "--schema", "v2.yaml", "--format", "yaml"}).exit_code == 64);

  // The plan's graph: a node per step, every edge with its reason.
  const auto graph = ws.strata({"plan", "--db", ws.db_url(), "--schema", "v2.yaml", "--dry-run", "--format", "dot"});
  require_exit(graph, 2);
  CHECK(contains(graph.out, "[label=\"1. create table books\""));
  CHECK(contains(graph.out, "[label=\"2. create view titles\""));
  CHECK(contains(graph.out, "0->1 [label=\"a view is created after the tables and columns it reads\"];"));
  CHECK_FALSE(contains(graph.out, "[label=\"\"]"));
  check_dot_renders(ws, graph.out);

  // Markdown of plan and drift: the touched tables (books, its view, and authors only as the end
  // of books' key: it is not touched), never publishers.
  const std::string touched = "erDiagram\n  books {\n    bigint id PK\n    bigint author_id FK\n  }\n"
                              "  titles {\n    view _ \"view\"\n  }\n  authors {\n  }\n"
                              "  authors ||--o{ books : \"books_author_fk\"\n";
  const auto plan_md =
    ws.strata({"plan", "--db", ws.db_url(), "--schema", "v2.yaml", "--dry-run", "--format", "markdown"});
  require_exit(plan_md, 2);
  CHECK(mermaid_block(plan_md.out) == touched);
  const auto drift_md = ws.strata({"drift", "--db", ws.db_url(), "--schema", "v2.yaml", "--format", "markdown"});
  require_exit(drift_md, 2);
  CHECK(mermaid_block(drift_md.out) == touched);
  const auto in_sync = ws.strata({"drift", "--db", ws.db_url(), "--format", "markdown"});
  require_exit(in_sync, 0);
  CHECK_FALSE(contains(in_sync.out, "mermaid"));

  // Lint's markdown: the tables the linted files touch.
  require_exit(ws.strata({"plan", "--db", ws.db_url(), "--schema", "v2.yaml", "--version", "2", "--name", "v2"}), 2);
  const auto lint_md = ws.strata({"lint", "--db", ws.db_url(), "--format", "markdown", "2"});
  INFO(lint_md.describe());
  CHECK(lint_md.exit_code == 0);
  CHECK(mermaid_block(lint_md.out) == touched);
}
