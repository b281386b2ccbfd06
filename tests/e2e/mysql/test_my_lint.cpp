// Issue 5: `strata lint` on MariaDB. The replay runs in a temporary database on the --db server
// (dropped afterwards); the --db database is only read, for live counts. A hand-written DROP
// COLUMN gets D102 at its line with the count of values it destroys, a CHANGE that renames a
// column is a rename (BI402) rather than a drop and an add, a DELETE without WHERE is S602, a
// file mixing data changes with DDL is flagged as not atomic (S605 low), and --base lints only
// what a branch adds.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const char* const k_hand_up = "-- Hand-written clean-up.\n"
                              "\n"
                              "ALTER TABLE books DROP COLUMN legacy_code;\n"
                              "ALTER TABLE reviewers CHANGE full_name display_name TEXT NOT NULL;\n"
                              "DELETE FROM reviews;\n";

} // namespace

TEST_CASE("MariaDB lint flags a hand-written DROP COLUMN at its line with the live count", "[e2e][mysql][lint]")
{
  MyWorkspace ws;
  apply_books_v1(ws);
  write_migration(ws, k_hand_version, "cleanup", k_hand_up, "");
  const std::string schema_before = ws.schema_dump();

  const auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--verbose"});
  require_exit(result, 1);
  const auto doc = Json::parse(result.out);
  REQUIRE(doc.at("files").size() == 2);
  const auto& hand = doc.at("files").at(1);
  CHECK(hand.at("file") == k_hand_file);
  auto by_code = findings_by_code(hand);
  REQUIRE(by_code.count("D102") == 1);
  CHECK(by_code["D102"].at("line") == 3);
  CHECK(by_code["D102"].at("level") == "high");
  CHECK(by_code["D102"].at("count") == 3);
  CHECK(by_code["D102"].at("statement") == "ALTER TABLE books DROP COLUMN legacy_code");
  REQUIRE(by_code.count("BI402") == 1); // the CHANGE renames: no drop of full_name
  CHECK(by_code["BI402"].at("line") == 4);
  REQUIRE(by_code.count("S602") == 1);
  CHECK(by_code["S602"].at("line") == 5);
  CHECK(by_code["S602"].at("count") == 3);
  REQUIRE(by_code.count("S605") == 1);
  CHECK(by_code["S605"].at("level") == "low");
  int drops = 0;
  for (const auto& finding : hand.at("findings")) {
    drops += finding.at("code") == "D102" ? 1 : 0;
  }
  CHECK(drops == 1);
  CHECK(doc.at("summary").at("operations").at("RenameColumn") == 1);

  CHECK(ws.schema_dump() == schema_before);
  CHECK(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  CHECK(ws.count("reviews") == 3);
  const auto scratch = scratch_name(result.err);
  REQUIRE_FALSE(scratch.empty());
  CHECK_FALSE(ws.database_exists(scratch));

  const auto markdown = ws.run("lint", {"--dir", "migrations", "--format", "markdown", k_hand_version});
  require_exit(markdown, 1);
  int count_rows = 0;
  int sql_blocks = 0;
  std::istringstream md(markdown.out);
  for (std::string line; std::getline(md, line);) {
    count_rows += line.rfind("| " + k_hand_file + ":", 0) == 0 ? 1 : 0;
    sql_blocks += line == "  ```sql" ? 1 : 0;
  }
  CHECK(count_rows == 2); // D102 and S602 measured
  CHECK(sql_blocks == static_cast<int>(hand.at("findings").size()));
}

TEST_CASE("MariaDB lint --fail-on and --base select what fails and what is linted", "[e2e][mysql][lint]")
{
  MyWorkspace ws;
  apply_books_v1(ws);
  git(ws, {"init", "-q", "-b", "main"});
  git(ws, {"config", "user.email", "lint@example.com"});
  git(ws, {"config", "user.name", "lint test"});
  git(ws, {"add", "migrations"});
  git(ws, {"commit", "-q", "-m", "v1"});
  git(ws, {"checkout", "-q", "-b", "feature"});
  // Only a low finding: an INSERT after DDL (not atomic on MariaDB).
  write_migration(ws, k_hand_version, "seed",
                  "ALTER TABLE publishers ADD COLUMN city VARCHAR(80);\nINSERT INTO publishers (id, name) VALUES "
                  "(9, 'Tor');\n",
                  "");
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
