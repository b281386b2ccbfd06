// Issue 5: `strata lint` on SQLite (the findings of a hand-written clean-up on every engine are in
// test_lint_live_counts.cpp). The outputs name each finding's file and line, --fail-on sets the
// exit code, a replay failure stops at its line, and
// --changed-only / --base lint only what a branch adds (a real git repository). Outputs are
// checked structurally: json parsed, markdown table rows counted, github lines matched.

#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

Json lint_json(const Workspace& ws, std::vector<std::string> args, int exit_code)
{
  args.insert(args.begin(), {"lint", "--format", "json", "--dir", "migrations"});
  const auto result = ws.strata(args);
  require_exit(result, exit_code);
  return Json::parse(result.out);
}

const Json* file_entry(const Json& doc, const std::string& file)
{
  for (const auto& entry : doc.at("files")) {
    if (entry.at("file") == file) {
      return &entry;
    }
  }
  return nullptr;
}

std::set<std::string> linted_files(const Json& doc)
{
  std::set<std::string> out;
  for (const auto& entry : doc.at("files")) {
    out.insert(entry.at("file").get<std::string>());
  }
  return out;
}

} // namespace

TEST_CASE("lint text, markdown and github outputs name the file and line of each finding", "[e2e][lint]")
{
  Workspace ws;
  apply_books_v1(ws);
  write_migration(ws, k_hand_version, "cleanup", k_hand_cleanup_up.on_sqlite, "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const auto text = ws.strata({"lint", "--db", ws.db_url(), "--dir", "migrations", k_hand_version});
  require_exit(text, 1);
  std::istringstream lines(text.out);
  std::string first;
  std::getline(lines, first);
  CHECK(first == "lint: 1 file, 4 findings (2 high, 2 medium)");
  CHECK(contains(text.out, k_hand_file + ":6 D102 high destructive"));
  CHECK(contains(text.out, k_hand_file + ":7 S602 high destructive"));
  CHECK(contains(text.out, "(3 rows)"));
  CHECK_FALSE(contains(text.out, "\033[")); // not a terminal: no colour

  const auto github = ws.strata({"lint", "--db", ws.db_url(), "--dir", "migrations", "--format", "github", k_hand_file});
  require_exit(github, 1);
  CHECK(contains(github.out, "::error file=" + k_hand_file + ",line=6,title=D102 high destructive::"));
  CHECK(contains(github.out, "::error file=" + k_hand_file + ",line=7,title=S602 high destructive::"));
  CHECK(contains(github.out, "::notice title=strata lint::1 file, 4 findings"));

  const auto markdown =
    ws.strata({"lint", "--db", ws.db_url(), "--dir", "migrations", "--format", "markdown", k_hand_version});
  require_exit(markdown, 1);
  int level_rows = 0;
  int count_rows_seen = 0;
  int sql_blocks = 0;
  std::istringstream md(markdown.out);
  for (std::string line; std::getline(md, line);) {
    level_rows += line == "| high | 2 |" || line == "| medium | 2 |" ? 1 : 0;
    count_rows_seen += line.rfind("| " + k_hand_file + ":", 0) == 0 ? 1 : 0;
    sql_blocks += line == "  ```sql" ? 1 : 0;
  }
  CHECK(level_rows == 2);
  CHECK(count_rows_seen == 2); // D102 and S602 carry live counts
  CHECK(sql_blocks == 4);      // one statement per finding
  CHECK(contains(markdown.out, "| DropColumn | 1 |"));
  CHECK(contains(markdown.out, "  DELETE FROM reviews;"));
}

TEST_CASE("lint --fail-on sets the exit code by the highest level found", "[e2e][lint]")
{
  Workspace ws;
  apply_books_v1(ws);
  // Only medium findings: an UPDATE without WHERE (S601) and a rename (BI402, not a drop and an add).
  write_migration(ws, k_hand_version, "reprice",
                  "UPDATE books SET price_cents = price_cents * 2;\n"
                  "ALTER TABLE reviewers RENAME COLUMN full_name TO display_name;\n",
                  "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const auto doc = lint_json(ws, {"--dev-db", "sqlite::memory:", k_hand_version}, 0);
  const auto& findings = doc.at("files").at(0).at("findings");
  std::set<std::string> codes;
  for (const auto& finding : findings) {
    codes.insert(finding.at("code").get<std::string>());
  }
  CHECK(codes == std::set<std::string>{"S601", "BI402"});
  CHECK(findings.at(0).at("count").is_null()); // no --db: nothing measured
  require_exit(ws.strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations", "--fail-on", "medium",
                          k_hand_version}),
               1);
  require_exit(ws.strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations", "--fail-on", "low",
                          k_v1_version}),
               0); // the generated file has nothing to report
  const auto bad = ws.strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations", "--fail-on", "severe"});
  CHECK(bad.exit_code != 0);
  CHECK_FALSE(bad.err.empty());
}

TEST_CASE("lint reports a failing statement at its line and lints nothing after it", "[e2e][lint]")
{
  Workspace ws;
  write_migration(ws, "1", "init", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n", "");
  write_migration(ws, "2", "broken", "CREATE TABLE tags (id INTEGER);\n\nINSERT INTO missing VALUES (1);\n", "");
  write_migration(ws, "3", "later", "DROP TABLE notes;\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const auto doc = lint_json(ws, {"--dev-db", "sqlite::memory:"}, 1);
  REQUIRE(doc.at("files").size() == 3);
  const auto& broken = doc.at("files").at(1);
  REQUIRE(broken.at("findings").size() == 1);
  CHECK(broken.at("findings").at(0).at("code") == "S600");
  CHECK(broken.at("findings").at(0).at("line") == 3);
  CHECK(contains(broken.at("findings").at(0).at("message").get<std::string>(), "missing"));
  CHECK(doc.at("files").at(2).at("skipped") == true);
  CHECK(doc.at("files").at(2).at("findings").empty());
}

TEST_CASE("lint --changed-only and --base lint only the files a branch adds", "[e2e][lint]")
{
  Workspace ws;
  // An old destructive file, committed on main: it must not drown the new warnings.
  write_migration(ws, "1", "init", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, tag TEXT);\n", "");
  write_migration(ws, "2", "old", "DELETE FROM notes;\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  commit_on_main_then_branch(ws, "old files");
  write_migration(ws, "3", "feature", "ALTER TABLE notes DROP COLUMN tag;\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  git(ws, {"add", "migrations"});
  git(ws, {"commit", "-q", "-m", "feature file"});
  write_migration(ws, "4", "untracked", "CREATE INDEX notes_body_idx ON notes (body);\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does

  const auto since_main = lint_json(ws, {"--dev-db", "sqlite::memory:", "--base", "main"}, 1);
  CHECK(linted_files(since_main) == std::set<std::string>{"migrations/3_feature.up.sql", "migrations/4_untracked.up.sql"});
  const auto* feature = file_entry(since_main, "migrations/3_feature.up.sql");
  REQUIRE(feature != nullptr);
  CHECK(feature->at("findings").at(0).at("code") == "D102");
  CHECK(feature->at("findings").at(0).at("line") == 1);

  const auto uncommitted = lint_json(ws, {"--dev-db", "sqlite::memory:", "--changed-only"}, 0);
  CHECK(linted_files(uncommitted) == std::set<std::string>{"migrations/4_untracked.up.sql"});

  // An edited committed file counts as changed.
  write_migration(ws, "1", "init", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, tag TEXT);\n-- edited\n", "");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const auto edited = lint_json(ws, {"--dev-db", "sqlite::memory:", "--changed-only"}, 0);
  CHECK(linted_files(edited) == std::set<std::string>{"migrations/1_init.up.sql", "migrations/4_untracked.up.sql"});

  Workspace outside; // not a git repository
  write_migration(outside, "1", "init", "CREATE TABLE a (id INTEGER);\n", "");
  require_exit(outside.strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const auto refused = outside.strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations", "--changed-only"});
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "git"));
  CHECK(refused.out.empty());
}

TEST_CASE("lint: a strata:ignore comment switches off a code on one statement and needs a reason", "[e2e][lint]")
{
  Workspace ws;
  write_migration(ws, "1", "init", "CREATE TABLE t (id integer PRIMARY KEY, x integer, y text);\n", "DROP TABLE t;\n");
  write_migration(ws, "2", "clear",
                  "-- strata:ignore S601 backfill of a column nobody reads yet\n"
                  "UPDATE t SET x = 1;\n"
                  "UPDATE t SET x = 2;\n"
                  "DELETE FROM t; -- strata:ignore S602 the table is a cache, refilled on start\n"
                  "ALTER TABLE t\n"
                  "  -- strata:ignore D102,BI401,IR501 y was never read\n"
                  "  DROP COLUMN y;\n"
                  "-- strata:ignore S603 nothing to truncate here\n"
                  "SELECT 1;\n",
                  "SELECT 1;\n");
  require_exit(ws.strata({"hash"}), 0);
  const auto result = ws.strata({"lint", "--format", "json", "--dev-db", "sqlite::memory:"});
  INFO(result.describe());
  CHECK(result.exit_code == 0); // the high S602 and D102 are ignored
  const auto doc = Json::parse(result.out);
  const auto* entry = file_entry(doc, "migrations/2_clear.up.sql");
  REQUIRE(entry != nullptr);
  REQUIRE(entry->at("findings").size() == 1); // the second UPDATE is not covered by the first's ignore
  CHECK(entry->at("findings")[0].at("code") == "S601");
  CHECK(entry->at("findings")[0].at("line") == 3);
  CHECK(contains(result.err,
                 "migrations/2_clear.up.sql:8: -- strata:ignore S603: no S603 finding on the statement at line 9 to "
                 "ignore"));
  require_exit(ws.strata({"apply", "--db", "app.db"}), 0); // apply reads the ignore lines as comments

  ws.write("migrations/2_clear.up.sql", "-- strata:ignore S602\nDELETE FROM t;\n");
  require_exit(ws.strata({"hash"}), 0);
  const auto no_reason = ws.strata({"lint", "--dev-db", "sqlite::memory:"});
  INFO(no_reason.describe());
  CHECK(no_reason.exit_code == 1);
  CHECK(no_reason.out.empty());
  CHECK(contains(no_reason.err, "migrations/2_clear.up.sql:1: -- strata:ignore S602 needs a reason after the codes"));
}
