// Issue 5: `strata lint` on MariaDB only (the hand-written clean-up every engine lints is in
// test_lint_live_counts.cpp): a file mixing data changes with DDL is flagged as not atomic (S605
// low), --fail-on sets the exit code by it, and --base lints only what a branch adds.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>


using namespace strata::e2e;
using Json = nlohmann::json;

TEST_CASE("MariaDB lint --fail-on and --base select what fails and what is linted", "[e2e][mysql][lint]")
{
  MyWorkspace ws;
  apply_books_v1(ws);
  commit_on_main_then_branch(ws, "v1");
  // Only a low finding: an INSERT after DDL (not atomic on MariaDB).
  write_migration(ws, k_hand_version, "seed",
                  "ALTER TABLE publishers ADD COLUMN city VARCHAR(80);\nINSERT INTO publishers (id, name) VALUES "
                  "(9, 'Tor');\n",
                  "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--base", "main"});
  require_exit(result, 0);
  auto doc = Json::parse(result.out);
  REQUIRE(doc.at("files").size() == 1);
  CHECK(doc.at("files").at(0).at("file") == std::string("migrations/") + k_hand_version + "_seed.up.sql");
  auto by_code = findings_by_code(doc.at("files").at(0));
  REQUIRE(by_code.count("S605") == 1);
  CHECK(by_code["S605"].at("line") == 2);
  require_exit(ws.run("lint", {"--dir", "migrations", "--base", "main", "--fail-on", "low"}), 1);
  require_exit(ws.run("lint", {"--dir", "migrations", "--base", "main", "--fail-on", "medium"}), 0);
  const auto unknown = ws.run("lint", {"--dir", "migrations", "--base", "no-such-branch"});
  CHECK(unknown.exit_code == 1);
  CHECK(contains(unknown.err, "git"));
}
