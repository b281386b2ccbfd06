// Issue 5: `strata lint` on the three engines. A hand-written clean-up of the v1 bookshop
// (review_checks.hpp, in each engine's SQL) is replayed and classified like a generated plan:
// D102 at the DROP COLUMN's line with the count of values it destroys (read on --db), S602 for a
// DELETE without WHERE with its row count, and each engine's own findings. The --db database is
// only read; a server's scratch database is gone afterwards. The json is parsed, github lines
// matched to file lines, markdown rows counted.

#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <sstream>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

struct Finding {
  const char* code;
  int line;
  const char* level;
  const char* kind;
  std::optional<int> count; // a live count read on --db
};

// Every finding of the clean-up file, by engine.
const PerEngine<std::vector<Finding>> k_findings{
  {{"D102", 6, "high", "destructive", 3},
   {"BI401", 6, "medium", "backward-incompatible", std::nullopt},
   {"IR501", 6, "medium", "irreversible", std::nullopt},
   {"S602", 7, "high", "destructive", 3}},
  {{"L313", 2, "medium", "locking", std::nullopt},
   {"D102", 4, "high", "destructive", 3},
   {"BI401", 4, "medium", "backward-incompatible", std::nullopt},
   {"IR501", 4, "medium", "irreversible", std::nullopt},
   {"S602", 6, "high", "destructive", 3}},
  {{"D102", 3, "high", "destructive", 3},
   {"BI401", 3, "medium", "backward-incompatible", std::nullopt},
   {"IR501", 3, "medium", "irreversible", std::nullopt},
   {"L407", 3, "low", "locking", std::nullopt},
   {"BI402", 4, "medium", "backward-incompatible", std::nullopt},
   {"S602", 5, "high", "destructive", 3},
   {"S605", 5, "low", "transaction", std::nullopt}}};

// The DROP COLUMN statement as the file writes it.
const PerEngine<const char*> k_drop_statement{"ALTER TABLE books DROP COLUMN legacy_code",
                                              "ALTER TABLE books\n  DROP COLUMN legacy_code",
                                              "ALTER TABLE books DROP COLUMN legacy_code"};

// Codes that must not be reported: an UPDATE whose WHERE is in a comment or a subquery only
// would be S601.
const PerEngine<std::vector<std::string>> k_not_found{{"S601"}, {"S601"}, {}};

// Operations the replay recognised, over both files.
const PerEngine<std::vector<std::pair<std::string, int>>> k_operations{
  {{"DropColumn", 1}, {"AddTable", 5}}, {{"AddIndex", 2}}, {{"RenameColumn", 1}}};

} // namespace

TEMPLATE_TEST_CASE("lint flags a hand-written DROP COLUMN at its line with the plan's code and the live count",
                   "[e2e][lint]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto& expected = k_findings[engine];
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  write_migration(*ws, k_hand_version, "cleanup", k_hand_cleanup_up[engine], "");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0); // lint verifies strata.sum as apply does
  const std::string schema_before = ws->schema_dump();

  // High findings: exit 1 at the default --fail-on.
  const auto result = ws->run("lint", {"--dir", "migrations", "--format", "json", "--verbose"});
  require_exit(result, 1);
  const Json doc = Json::parse(result.out);
  INFO(doc.dump(2));
  REQUIRE(doc.at("files").size() == 2);
  CHECK(doc.at("files").at(0).at("file") == std::string("migrations/") + k_v1_version + "_v1.up.sql");
  CHECK(doc.at("files").at(0).at("findings").empty()); // creating tables risks nothing
  const Json& hand = doc.at("files").at(1);
  CHECK(hand.at("file") == k_hand_file);
  CHECK(hand.at("version") == k_hand_version);
  CHECK(hand.at("findings").size() == expected.size());
  auto by_code = findings_by_code(hand);
  for (const auto& finding : expected) {
    INFO(finding.code);
    REQUIRE(by_code.count(finding.code) == 1);
    const Json& found = by_code[finding.code];
    CHECK(found.at("line") == finding.line);
    CHECK(found.at("level") == finding.level);
    CHECK(found.at("kind") == finding.kind);
    if (finding.count) {
      CHECK(found.at("count") == *finding.count);
      CHECK(found.at("count_label").is_string());
    }
  }
  CHECK(by_code.at("S602").at("count_label") == "rows");
  CHECK(by_code.at("D102").at("statement") == k_drop_statement[engine]);
  CHECK(contains(by_code.at("D102").at("operation").get<std::string>(), "legacy_code"));
  for (const auto& code : k_not_found[engine]) {
    CHECK(by_code.count(code) == 0);
  }
  const Json& summary = doc.at("summary");
  CHECK(summary.at("files") == 2);
  CHECK(summary.at("findings") == hand.at("findings").size());
  for (const char* level : {"high", "medium", "low"}) {
    const auto at_level = std::count_if(expected.begin(), expected.end(),
                                        [&](const Finding& finding) { return std::string(finding.level) == level; });
    CHECK(summary.at("by_level").value(level, 0) == at_level);
  }
  for (const auto& [operation, count] : k_operations[engine]) {
    CHECK(summary.at("operations").at(operation) == count);
  }

  // Only read: the target keeps its schema, history and rows; a scratch database is gone.
  CHECK(ws->schema_dump() == schema_before);
  CHECK(ws->history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  CHECK(ws->count("reviews") == 3);
  const auto scratch = scratch_name(result.err);
  CHECK(scratch.empty() == !engine.scratch_database);
  CHECK_FALSE(ws->database_exists(scratch));

  // github: one annotation per high or medium finding at its line, an error or a warning.
  const auto github = ws->run("lint", {"--dir", "migrations", "--format", "github", k_hand_version});
  require_exit(github, 1);
  for (const auto& finding : expected) {
    if (std::string(finding.level) == "low") {
      continue;
    }
    const std::string annotation = std::string(finding.level) == "high" ? "::error" : "::warning";
    CHECK(contains(github.out, annotation + " file=" + k_hand_file + ",line=" + std::to_string(finding.line) +
                                 ",title=" + finding.code + " " + finding.level + " " + finding.kind + "::"));
  }

  // markdown: a table row for each measured finding, a SQL block for each finding.
  const auto markdown = ws->run("lint", {"--dir", "migrations", "--format", "markdown", k_hand_version});
  require_exit(markdown, 1);
  int measured_rows = 0;
  int sql_blocks = 0;
  std::istringstream md(markdown.out);
  for (std::string line; std::getline(md, line);) {
    measured_rows += line.rfind("| " + k_hand_file + ":", 0) == 0 ? 1 : 0;
    sql_blocks += line == "  ```sql" ? 1 : 0;
  }
  CHECK(measured_rows == 2); // D102 and S602
  CHECK(sql_blocks == static_cast<int>(expected.size()));
}
