// Issue 5: `strata lint` on PostgreSQL only (the hand-written clean-up every engine lints is in
// test_lint_live_counts.cpp): CONCURRENTLY inside a transactional file is S604 (and the replay
// failure it causes), a no-transaction file is fine, and --base lints only what a branch adds.

#include "tests/e2e/support/pg_support.hpp"
#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>


using namespace strata::e2e;
using Json = nlohmann::json;

TEST_CASE("PostgreSQL lint flags CONCURRENTLY inside a transactional file and accepts a no-transaction one",
          "[e2e][pg][lint]")
{
  PgWorkspace ws;
  apply_books_v1(ws);
  write_migration(ws, "20260103000000", "in_tx", "SELECT 1;\nCREATE INDEX CONCURRENTLY books_isbn_idx ON books (isbn);\n",
                  "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "20260103000000"});
  require_exit(result, 1);
  auto doc = Json::parse(result.out);
  auto by_code = findings_by_code(doc.at("files").at(0));
  REQUIRE(by_code.count("S604") == 1);
  CHECK(by_code["S604"].at("line") == 2);
  REQUIRE(by_code.count("S600") == 1); // the server refuses it too
  CHECK(contains(by_code["S600"].at("message").get<std::string>(), "transaction"));

  // The same statement in a no-transaction file is what strata itself writes: nothing to report.
  write_migration(ws, "20260103000000", "in_tx",
                  "-- strata: no-transaction\nCREATE INDEX CONCURRENTLY books_isbn_idx ON books (isbn);\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--fail-on", "low", "20260103000000"});
  require_exit(result, 0);
  doc = Json::parse(result.out);
  CHECK(doc.at("files").at(0).at("findings").empty());
  CHECK(doc.at("summary").at("operations").at("AddIndex") == 1);
}

TEST_CASE("PostgreSQL lint --base lints only the files of the branch", "[e2e][pg][lint]")
{
  PgWorkspace ws;
  apply_books_v1(ws);
  write_migration(ws, "20260102000000", "old", "TRUNCATE publishers CASCADE;\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  commit_on_main_then_branch(ws, "old files");
  write_migration(ws, k_hand_version, "cleanup", k_hand_cleanup_up.on_postgres, "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does

  const auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--base", "main"});
  require_exit(result, 1);
  const auto doc = Json::parse(result.out);
  REQUIRE(doc.at("files").size() == 1);
  CHECK(doc.at("files").at(0).at("file") == k_hand_file);
  CHECK(findings_by_code(doc.at("files").at(0)).count("D102") == 1);
  // The old TRUNCATE was replayed (state) but not linted.
  CHECK(doc.at("summary").at("by_level").at("high") == 2);
}
