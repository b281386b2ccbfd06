// The pictures (cli/output/diagram.hpp): Mermaid and DOT ER diagrams of a schema and the DOT
// operation graph of a plan, read back structurally; `dot -Tsvg` accepts every DOT output when
// Graphviz is installed (scripts/setup.sh installs it; CI requires it).
#include "cli/output/diagram.hpp"
#include "tests/unit/cli/output/step_view.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <sstream>

using namespace strata::cli;
namespace schemas = strata::schemas;

namespace {

schemas::Column column(const std::string& name, const std::string& type, bool nullable = true)
{
  schemas::Column c;
  c.name = name;
  c.type = schemas::ColumnType::parse(type);
  c.nullable = nullable;
  return c;
}

// orgs; audit.users (schema-qualified) with a unique email and a nullable key to orgs; posts with
// a composite key and a key to users and to a table outside the schema; a view.
schemas::Schema sample()
{
  schemas::Schema schema;
  schemas::Table orgs;
  orgs.name = "orgs";
  orgs.columns = {column("id", "bigint", false), column("name", "text")};
  orgs.primary_key = {"id"};
  schemas::Table users;
  users.schema = "audit";
  users.name = "users";
  users.columns = {column("id", "bigint", false), column("email", "varchar(255)", false), column("org_id", "bigint"),
                   column("bio", "text")};
  users.primary_key = {"id"};
  schemas::Index email;
  email.name = "users_email_uq";
  email.unique = true;
  schemas::IndexKey key;
  key.column = "email";
  email.keys = {key};
  users.indexes = {email};
  schemas::ForeignKey to_orgs;
  to_orgs.name = "users_org_fk";
  to_orgs.columns = {"org_id"};
  to_orgs.references = {"", "orgs"};
  to_orgs.ref_columns = {"id"};
  users.foreign_keys = {to_orgs};
  schemas::Table posts;
  posts.name = "posts";
  posts.columns = {column("user_id", "bigint", false), column("n", "numeric(10,2)", false),
                   column("tag_id", "bigint", false), column("body", "text")};
  posts.primary_key = {"user_id", "n"};
  auto foreign_key = [](std::string name, std::string column, schemas::QualifiedName references) {
    schemas::ForeignKey fk;
    fk.name = std::move(name);
    fk.columns = {std::move(column)};
    fk.references = std::move(references);
    fk.ref_columns = {"id"};
    return fk;
  };
  const auto to_users = foreign_key("posts_user_fk", "user_id", {"audit", "users"});
  const auto to_tags = foreign_key("posts \"tag\" fk", "tag_id", {"", "tags"});
  posts.foreign_keys = {to_users, to_tags};
  schema.tables = {orgs, users, posts};
  schemas::View view;
  view.name = "recent_posts";
  view.query = "SELECT * FROM posts";
  schema.views = {view};
  return schema;
}

// The lines of `text` that `pattern` matches whole.
size_t count(const std::string& text, const std::regex& pattern)
{
  std::istringstream lines(text);
  size_t n = 0;
  for (std::string line; std::getline(lines, line);) {
    n += std::regex_match(line, pattern) ? 1 : 0;
  }
  return n;
}

// `dot -Tsvg` on `text`: its exit code, or -1 when Graphviz is not installed (outside CI only).
int dot_exit(const std::string& text)
{
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    REQUIRE(std::getenv("CI") == nullptr); // CI installs graphviz (scripts/setup.sh)
    return -1;
  }
  FILE* pipe = popen("dot -Tsvg >/dev/null", "w");
  REQUIRE(pipe != nullptr);
  std::fwrite(text.data(), 1, text.size(), pipe);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

} // namespace

TEST_CASE("mermaid ER diagram: tables with their key columns, foreign keys as edges, views marked")
{
  const std::string text = render_mermaid_er(sample());
  INFO(text);
  CHECK(text.rfind("erDiagram\n", 0) == 0);
  // Entities: the three tables, the view and the referenced table outside the schema.
  CHECK(count(text, std::regex(R"(  [A-Za-z_][A-Za-z0-9_-]* \{)")) == 5);
  CHECK(text.find("  audit_users {\n    bigint id PK\n    varchar(255) email UK\n    bigint org_id FK\n  }\n") !=
        std::string::npos);
  CHECK(text.find("  posts {\n    bigint user_id PK, FK\n    numeric(10_2) n PK\n    bigint tag_id FK\n  }\n") !=
        std::string::npos);
  CHECK(text.find("bio") == std::string::npos); // not a key column
  CHECK(text.find("  recent_posts {\n    view _ \"view\"\n  }\n") != std::string::npos);
  CHECK(text.find("  tags {\n  }\n") != std::string::npos);
  // One edge per foreign key, parent first; a nullable key makes the parent optional.
  CHECK(count(text, std::regex(R"(  \S+ (\|\||\|o)--o\{ \S+ : "[^"]*")")) == 3);
  CHECK(text.find("  orgs |o--o{ audit_users : \"users_org_fk\"\n") != std::string::npos);
  CHECK(text.find("  audit_users ||--o{ posts : \"posts_user_fk\"\n") != std::string::npos);
  CHECK(text.find("  tags ||--o{ posts : \"posts__tag__fk\"\n") != std::string::npos);
  CHECK(render_mermaid_er({}) == "erDiagram\n");
  CHECK(mermaid_section(render_mermaid_er({})).empty());
  CHECK(mermaid_section(text) == "### Tables this change touches\n\n```mermaid\n" + text + "```\n\n");
}

TEST_CASE("DOT ER diagram: one node per table and view, one labelled edge per foreign key")
{
  const std::string text = render_dot_er(sample());
  INFO(text);
  CHECK(text.rfind("digraph schema {\n", 0) == 0);
  CHECK(text.substr(text.size() - 2) == "}\n");
  CHECK(count(text, std::regex(R"(  "[^"]+" \[label=<<table.*)")) == 3);
  CHECK(text.find("<b>audit.users</b>") != std::string::npos);
  CHECK(text.find("email varchar(255) <i>UK</i>") != std::string::npos);
  CHECK(text.find("  \"recent_posts\" [shape=box, style=\"rounded,dashed\", label=\"«view»\\nrecent_posts\"];\n") !=
        std::string::npos);
  CHECK(text.find("  \"tags\" [shape=box, style=dotted];\n") != std::string::npos);
  CHECK(count(text, std::regex(R"(  "[^"]+" -> "[^"]+" \[label=.*)")) == 3);
  CHECK(text.find("  \"audit.users\" -> \"orgs\" [label=\"users_org_fk\", style=dashed];\n") != std::string::npos);
  CHECK(text.find("  \"posts\" -> \"tags\" [label=\"posts \\\"tag\\\" fk\"];\n") != std::string::npos);
  CHECK(dot_exit(text) <= 0);
}

TEST_CASE("DOT plan graph: a node per step, an edge per dependency with its reason")
{
  PlanView view;
  view.engine = "postgres";
  view.summary = "3 changes";
  view.steps = {step_view(1, "AddTable", "create table authors"), step_view(2, "AddTable", "create table books"),
                step_view(3, "CreateView", "create view \"titles\"")};
  view.steps[1].after = {1};
  view.steps[1].after_reasons = {"a referenced table is in place before foreign keys point at it"};
  view.steps[1].risks = {RiskView{"locking", "medium", "L313", "m", std::nullopt, ""}};
  view.steps[2].after = {1, 2};
  view.steps[2].after_reasons = {"a view is created after the tables it reads", "a view is created after the tables it reads"};
  const std::string text = render_plan_dot(view);
  INFO(text);
  CHECK(text.rfind("digraph G {\n", 0) == 0);
  CHECK(count(text, std::regex(R"(\d+\[label="([^"\\]|\\.)*", color=\w+\];)")) == 3);
  CHECK(text.find("1[label=\"2. create table books\", color=orange];") != std::string::npos);
  CHECK(text.find("2[label=\"3. create view \\\"titles\\\"\", color=black];") != std::string::npos);
  CHECK(count(text, std::regex(R"(\d+->\d+ \[label="[^"]+"\];)")) == 3);
  CHECK(text.find("0->1 [label=\"a referenced table is in place before foreign keys point at it\"];") !=
        std::string::npos);
  CHECK(dot_exit(text) <= 0);
}
