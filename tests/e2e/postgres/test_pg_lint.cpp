// Issue 5: `strata lint` on PostgreSQL. The replay runs in a temporary database on the --db server
// (dropped afterwards); the --db database is only read, for live counts. A hand-written DROP
// COLUMN gets D102 at its line with the count of values it destroys, a CREATE INDEX without
// CONCURRENTLY on an existing table L313, CONCURRENTLY inside a transactional file S604 (and the
// replay failure it causes), and --base lints only what a branch adds.

#include "tests/e2e/support/pg_support.hpp"
#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const char* const k_hand_up = "-- Hand-written clean-up.\n"
                              "CREATE INDEX books_isbn_idx ON books (isbn);\n"
                              "\n"
                              "ALTER TABLE books\n"
                              "  DROP COLUMN legacy_code;\n"
                              "DELETE FROM reviews;\n"
                              "UPDATE authors SET bio = NULL WHERE id IN (SELECT author_id FROM books);\n";

} // namespace

TEST_CASE("PostgreSQL lint flags a hand-written DROP COLUMN at its line with the live count", "[e2e][pg][lint]")
{
  PgWorkspace ws;
  apply_books_v1(ws);
  write_migration(ws, k_hand_version, "cleanup", k_hand_up, "");
  const std::string schema_before = ws.schema_dump();

  const auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--verbose"});
  require_exit(result, 1);
  const auto doc = Json::parse(result.out);
  REQUIRE(doc.at("files").size() == 2);
  CHECK(doc.at("files").at(0).at("findings").empty()); // the generated v1 file
  const auto& hand = doc.at("files").at(1);
  CHECK(hand.at("file") == k_hand_file);
  auto by_code = findings_by_code(hand);
  REQUIRE(by_code.count("D102") == 1);
  CHECK(by_code["D102"].at("line") == 4);
  CHECK(by_code["D102"].at("level") == "high");
  CHECK(by_code["D102"].at("count") == 3); // three non-null legacy codes on the --db database
  REQUIRE(by_code.count("L313") == 1);
  CHECK(by_code["L313"].at("line") == 2);
  CHECK(by_code["L313"].at("level") == "medium");
  CHECK(by_code["L313"].at("kind") == "locking");
  REQUIRE(by_code.count("S602") == 1);
  CHECK(by_code["S602"].at("line") == 6);
  CHECK(by_code["S602"].at("count") == 3);
  CHECK(by_code.count("S601") == 0); // WHERE at the statement level (besides the subquery's)
  int l313 = 0;
  for (const auto& finding : hand.at("findings")) {
    l313 += finding.at("code") == "L313" ? 1 : 0;
  }
  CHECK(l313 == 1); // not reported twice (SQL check and diff)
  CHECK(doc.at("summary").at("operations").at("AddIndex") == 2); // books_title_idx (v1) and books_isbn_idx

  // Only read: the target keeps its schema, history and rows; the scratch database is gone.
  CHECK(ws.schema_dump() == schema_before);
  CHECK(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  CHECK(ws.count("reviews") == 3);
  const auto scratch = scratch_name(result.err);
  REQUIRE_FALSE(scratch.empty());
  CHECK_FALSE(ws.database_exists(scratch));

  const auto github = ws.run("lint", {"--dir", "migrations", "--format", "github", k_hand_version});
  require_exit(github, 1);
  CHECK(contains(github.out, "::error file=" + k_hand_file + ",line=4,title=D102 high destructive::"));
  CHECK(contains(github.out, "::warning file=" + k_hand_file + ",line=2,title=L313 medium locking::"));
}

TEST_CASE("PostgreSQL lint flags CONCURRENTLY inside a transactional file and accepts a no-transaction one",
          "[e2e][pg][lint]")
{
  PgWorkspace ws;
  apply_books_v1(ws);
  write_migration(ws, "20260103000000", "in_tx", "SELECT 1;\nCREATE INDEX CONCURRENTLY books_isbn_idx ON books (isbn);\n",
                  "");
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
  git(ws, {"init", "-q", "-b", "main"});
  git(ws, {"config", "user.email", "lint@example.com"});
  git(ws, {"config", "user.name", "lint test"});
  git(ws, {"add", "migrations"});
  git(ws, {"commit", "-q", "-m", "old files"});
  git(ws, {"checkout", "-q", "-b", "feature"});
  write_migration(ws, k_hand_version, "cleanup", k_hand_up, "");

  const auto result = ws.run("lint", {"--dir", "migrations", "--format", "json", "--base", "main"});
  require_exit(result, 1);
  const auto doc = Json::parse(result.out);
  REQUIRE(doc.at("files").size() == 1);
  CHECK(doc.at("files").at(0).at("file") == k_hand_file);
  CHECK(findings_by_code(doc.at("files").at(0)).count("D102") == 1);
  // The old TRUNCATE was replayed (state) but not linted.
  CHECK(doc.at("summary").at("by_level").at("high") == 2);
}
