// A mistyped SQLite path never creates a database: commands that change an existing database
// refuse a file that does not exist, naming it; `plan` plans it as an empty database without
// creating it; only `apply` creates the file (the README's first example needs that).
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace strata::e2e;
namespace fs = std::filesystem;

TEST_CASE("a SQLite file that does not exist is refused by rollback, repair and backup restore", "[e2e][sqlite]")
{
  Workspace ws;
  const std::string missing = ws.path("app.sqlite3.typo").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"rollback", "--db", missing, "--steps", "1", "--yes"},
        {"repair", "--db", missing}, {"backup", "restore", "some-id", "--db", missing}}) {
    const auto result = ws.strata(args);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "cannot open sqlite:" + missing + ": " + missing + " does not exist"));
  }
  CHECK_FALSE(fs::exists(missing));
  CHECK_FALSE(fs::exists(ws.path(".strata")));
}

TEST_CASE("plan treats a missing SQLite file as empty without creating it, and apply creates it", "[e2e][sqlite]")
{
  Workspace ws;
  ws.write("schema.yaml", k_books_v1_yaml);
  const std::string fresh = ws.path("fresh.db").string();

  const auto dry = ws.strata({"plan", "--db", fresh, "--schema", "schema.yaml", "--dry-run"});
  require_exit(dry, 2); // changes planned
  CHECK(contains(dry.out, "create table"));
  CHECK_FALSE(fs::exists(fresh));

  require_exit(ws.strata({"plan", "--db", fresh, "--schema", "schema.yaml", "--name", "books"}), 2);
  CHECK_FALSE(fs::exists(fresh));
  require_exit(ws.strata({"apply", "--db", fresh}), 0);
  REQUIRE(fs::exists(fresh));
  CHECK(table_exists(fs::path(fresh), "strata_schema_history"));
  const auto again = ws.strata({"plan", "--db", fresh, "--schema", "schema.yaml", "--dry-run"});
  require_exit(again, 0);
  CHECK(contains(again.out, "no changes"));
}
