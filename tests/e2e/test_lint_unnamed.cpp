// Issue 15: lint reads the scratch database after a file as the read before it with only what
// changed read again (on SQLite: the objects whose catalog rows changed). A file that changes a
// table it never names is still diffed whole: rebuilding a parent under its name with a new
// primary key gives SQLite's child, whose text still says `REFERENCES parent`, new referenced
// columns (the child is rebuilt); PostgreSQL's DROP TABLE parent CASCADE drops the child's foreign
// key. A table a later file creates is read too.

#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const PerEngine<const char*> k_base{
  "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);\n"
  "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent);\n",
  "CREATE TABLE parent (id integer PRIMARY KEY, code text NOT NULL UNIQUE);\n"
  "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent);\n",
  ""};

// Never names child.
const PerEngine<const char*> k_rekey{"CREATE TABLE parent_new (id INTEGER NOT NULL, code TEXT PRIMARY KEY);\n"
                                     "DROP TABLE parent;\n"
                                     "ALTER TABLE parent_new RENAME TO parent;\n",
                                     "DROP TABLE parent CASCADE;\n"
                                     "CREATE TABLE parent (id integer NOT NULL, code text PRIMARY KEY);\n",
                                     ""};

// What lint must see done by the rekey file, by operation kind: SQLite rebuilds parent and child.
const PerEngine<std::pair<const char*, int>> k_rekey_operation{{"RebuildTable", 2}, {"DropForeignKey", 1}, {"", 0}};

} // namespace

TEMPLATE_TEST_CASE("lint sees what a file does to a table it does not name", "[e2e][lint]", sqlite, postgres)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "20260301000001", "base", k_base[engine], "");
  write_migration(*ws, "20260301000002", "rekey", k_rekey[engine], "");
  write_migration(*ws, "20260301000003", "later", "CREATE TABLE later (id integer PRIMARY KEY);\n", "");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  const auto result = ws->run("lint", {"--dir", "migrations", "--format", "json", "--fail-on", "high"});
  INFO(result.describe());
  const Json doc = Json::parse(result.out);
  INFO(doc.dump(2));
  const Json& operations = doc.at("summary").at("operations");
  CHECK(operations.value(k_rekey_operation[engine].first, 0) == k_rekey_operation[engine].second);
  CHECK(operations.value("AddTable", 0) == 3); // parent, child, later
  bool child_named = false;
  for (const auto& finding : doc.at("files").at(1).at("findings")) {
    const auto& operation = finding.at("operation");
    child_named = child_named || (operation.is_string() && contains(operation.get<std::string>(), "child"));
  }
  CHECK(child_named == (engine.id == EngineId::sqlite)); // a rebuild of child is a risk; dropping its key is not
}
