// Issue 15: verify checks a round trip through catalog fingerprints (SQLite, PostgreSQL) and reads
// snapshots only where a fingerprint differs. A down file that restores everything but a column
// default, an index predicate, a view body, a check or a comment is still a down-mismatch naming
// what is left, several of them in a row too (past the rechecks that compare snapshots for one
// file only), and the files after them are still checked.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

using namespace strata::e2e;

namespace {

struct Step {
  std::string slug, up, down;
  std::string left; // what verify must say is still needed to get back; empty: the down file is right
};

// The folder, in the engine's SQL (SQLite or PostgreSQL): a base table, index and view, then a file per kind of change
// whose down file puts back something slightly different, then a file that is right.
std::vector<Step> steps(EngineId engine)
{
  const std::string table =
    "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 1, x INTEGER, CONSTRAINT items_x_check CHECK "
    "(x > 0));\n";
  std::vector<Step> out{
    {"base",
     table + "CREATE INDEX items_x_idx ON items (x) WHERE x > 1;\n"
             "CREATE VIEW cheap AS SELECT id FROM items WHERE x > 1;\n",
     "DROP VIEW cheap;\nDROP TABLE items;\n", ""},
    {"index_predicate", "DROP INDEX items_x_idx;\nCREATE INDEX items_x_idx ON items (x) WHERE x > 5;\n",
     "DROP INDEX items_x_idx;\nCREATE INDEX items_x_idx ON items (x) WHERE x > 6;\n", "items_x_idx"},
    {"view_body", "DROP VIEW cheap;\nCREATE VIEW cheap AS SELECT id FROM items WHERE x > 5;\n",
     "DROP VIEW cheap;\nCREATE VIEW cheap AS SELECT id FROM items WHERE x > 6;\n", "cheap"},
  };
  if (engine == EngineId::sqlite) { // a column default or a check changes with the table rebuilt
    const auto rebuilt = [](const std::string& n_default, const std::string& check) {
      return "DROP VIEW cheap;\nDROP TABLE items;\nCREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER DEFAULT " +
             n_default + ", x INTEGER, CONSTRAINT items_x_check CHECK (" + check +
             "));\nCREATE INDEX items_x_idx ON items (x) WHERE x > 5;\n"
             "CREATE VIEW cheap AS SELECT id FROM items WHERE x > 5;\n";
    };
    out.push_back({"column_default", rebuilt("2", "x > 0"), rebuilt("3", "x > 0"), "rebuild table items"});
    out.push_back({"check", rebuilt("2", "x > 10"), rebuilt("2", "x > 11"), "rebuild table items"});
  } else {
    out.push_back({"column_default", "ALTER TABLE items ALTER COLUMN n SET DEFAULT 2;\n",
                   "ALTER TABLE items ALTER COLUMN n SET DEFAULT 3;\n", "items.n"});
    const auto check = [](const std::string& condition) {
      return "ALTER TABLE items DROP CONSTRAINT items_x_check;\nALTER TABLE items ADD CONSTRAINT items_x_check CHECK (" +
             condition + ");\n";
    };
    out.push_back({"check", check("x > 10"), check("x > 11"), "items_x_check"});
  }
  if (engine == EngineId::postgres) {
    out.push_back({"comment", "COMMENT ON COLUMN items.x IS 'old';\n", "COMMENT ON COLUMN items.x IS 'wrong';\n",
                   "items.x"});
  }
  out.push_back({"extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n", "DROP TABLE extra;\n", ""});
  return out;
}

} // namespace

TEMPLATE_TEST_CASE("verify reports down files that restore all but a default, predicate, view, check or comment",
                   "[e2e][verify]", sqlite, postgres)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  const auto folder = steps(engine.id);
  int number = 0;
  for (const auto& step : folder) {
    write_migration(*ws, std::to_string(20260201000000LL + ++number), step.slug, step.up, step.down);
  }
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  // schema.yaml: what the folder gives, applied on the workspace's database and inspected.
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  require_exit(ws->run("inspect", {"-o", "final.yaml"}), 0);

  const auto dev = engine.workspace();
  const auto result =
    ws->strata({"verify", "--schema", "final.yaml", "--dir", "migrations", "--dev-db", dev->url(), "--format", "json"});
  INFO(result.describe());
  const nlohmann::json json = verify_document(result, 1);
  CHECK(json["replayed"] == number);
  CHECK(json["checked_round_trips"] == number);
  std::map<std::string, std::string> found; // down file -> message
  for (const auto& problem : json["problems"]) {
    CHECK(problem["kind"] == "down-mismatch");
    found[problem["file"].get<std::string>()] = problem["message"].get<std::string>();
  }
  number = 0;
  for (const auto& step : folder) {
    const std::string down = std::to_string(20260201000000LL + ++number) + "_" + step.slug + ".down.sql";
    INFO(down);
    if (step.left.empty()) {
      CHECK(found.count(down) == 0);
      continue;
    }
    REQUIRE(found.count(down) == 1);
    CHECK(contains(found[down], "does not restore the schema from before"));
    CHECK(contains(found[down], step.left));
  }
  CHECK(found.size() == static_cast<size_t>(std::count_if(folder.begin(), folder.end(),
                                                          [](const Step& s) { return !s.left.empty(); })));
}
