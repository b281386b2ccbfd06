// Issue 5: `strata verify` on the three engines, what a replay finds: a version out of order or
// twice in the folder, an up file without a down file (unless it says it is irreversible), and a
// statement the database refuses, named by file, line and statement on one line.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::e2e;

namespace {

// An ALTER of a table that does not exist fails with the engine's own words.
const PerEngine<const char*> k_no_such_table{"no such table: nope", "\"nope\" does not exist", "nope' doesn't exist"};

} // namespace

TEMPLATE_TEST_CASE("verify reports a duplicate version and a pending file older than the applied ones",
                   "[e2e][verify]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  apply_books_v2(*ws);
  const auto before = target_state(*ws);

  // A version between v1 and v2, both applied: out of order.
  write_migration(*ws, "20260101120000", "late_table", "CREATE TABLE late (id INTEGER NOT NULL PRIMARY KEY);\n",
                  "DROP TABLE late;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  std::string with_late = k_books_v2_yaml;
  with_late.replace(with_late.find("views:"), 6,
                    "  - name: late\n    columns:\n      - { name: id, type: integer, nullable: false }\n"
                    "    primary_key: [id]\n\nviews:");
  ws->write("late.yaml", with_late);
  const auto late = verify(*ws, "late.yaml");
  INFO(late.describe());
  CHECK(late.exit_code == 1);
  CHECK(contains(late.out, "20260101120000_late_table.up.sql: order: is out of order"));
  CHECK(contains(late.out, "older than its applied version " + newest_version(*ws)));
  CHECK(contains(late.out, ", 1 problem\n"));

  // The same version twice: the folder cannot be opened, each clash is one problem.
  write_migration(*ws, "20260101120000", "other_table", "CREATE TABLE other (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE other;\n");
  const nlohmann::json json = verify_json(*ws, "late.yaml", 1);
  CHECK(json["engine"] == engine.name);
  REQUIRE(json["problems"].size() == 2); // the up files and the down files
  for (const auto& problem : json["problems"]) {
    CHECK(problem["kind"] == "duplicate");
    CHECK(contains(problem["message"].get<std::string>(), "20260101120000_late_table"));
  }
  CHECK(json["problems"][0]["file"] == "20260101120000_other_table.down.sql");
  CHECK(json["problems"][1]["file"] == "20260101120000_other_table.up.sql");
  CHECK(target_state(*ws) == before);
}

TEMPLATE_TEST_CASE("verify names the failing statement and line, and a file without a down file", "[e2e][verify]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  apply_books_v2(*ws);
  ws->write("v3.yaml", books_v3_yaml());
  const int applied = 1 + index_step_versions(engine); // v1 and v2

  // No down file: a problem, unless the up file says it is irreversible. v3's up file alone,
  // after `header`, hashed and verified.
  const auto verify_up_only = [&](const std::string& header) {
    write_text(ws->dir() / (std::string(k_v3_version) + "_nickname.up.sql"),
               header + "ALTER TABLE authors ADD COLUMN nickname VARCHAR(40);\n"
                        "CREATE INDEX authors_name_idx ON authors (name);\n");
    require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
    return verify(*ws, "v3.yaml");
  };
  const auto no_down = verify_up_only("");
  INFO(no_down.describe());
  CHECK(no_down.exit_code == 1);
  CHECK(contains(no_down.out, std::string(k_v3_version) + "_nickname.up.sql: no-down: has no down file"));

  const auto irreversible = verify_up_only("-- strata: irreversible nicknames are forever\n");
  INFO(irreversible.describe());
  CHECK(irreversible.exit_code == 0);
  CHECK(first_line(irreversible.out) == summary(applied + 1, 0, 0));
  CHECK(contains(irreversible.out, "note: " + std::string(k_v3_version) +
                                     "_nickname.up.sql has no down file; it is marked irreversible (nicknames are "
                                     "forever)"));

  // A statement the database refuses: file, line, statement and message; the replay stops there.
  write_migration(*ws, "20260104000000", "broken", "CREATE TABLE fine (id INTEGER PRIMARY KEY);\n\n"
                                                   "ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n",
                  "DROP TABLE fine;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const nlohmann::json json = verify_json(*ws, "v3.yaml", 1);
  CHECK(json["replayed"] == applied + 1);
  CHECK(json["migrations"] == applied + 2);
  REQUIRE(json["problems"].size() == 1);
  const auto& problem = json["problems"][0];
  CHECK(problem["kind"] == "replay-failed");
  CHECK(problem["file"] == "20260104000000_broken.up.sql");
  CHECK(problem["line"] == 3);
  CHECK(contains(problem["message"].get<std::string>(), "statement 2 (ALTER TABLE no_such_table"));
  CHECK(contains(problem["message"].get<std::string>(), "no_such_table"));
  const auto notes = json["notes"].dump();
  CHECK(contains(notes, "not compared with v3.yaml"));
}

TEMPLATE_TEST_CASE("verify names a failing statement with its line on one line", "[e2e][verify]", sqlite, postgres,
                   mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->write("schema.yaml", "version: 1\ntables:\n  - name: notes\n    columns:\n"
                           "      - { name: id, type: integer, nullable: false }\n    primary_key: [id]\n");
  write_migration(*ws, "1", "notes",
                  "CREATE TABLE notes (id integer PRIMARY KEY);\n\nALTER TABLE nope ADD COLUMN x int;\n",
                  "DROP TABLE notes;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  const nlohmann::json json = verify_json(*ws, "schema.yaml", 1);
  CHECK(json["replayed"] == 0);
  REQUIRE(json["problems"].size() == 1);
  const auto& problem = json["problems"][0];
  CHECK(problem["kind"] == "replay-failed");
  CHECK(problem["file"] == "1_notes.up.sql");
  CHECK(problem["line"] == 3);
  const auto message = problem["message"].get<std::string>();
  INFO(message);
  CHECK(contains(message, "statement 2 (ALTER TABLE nope ADD COLUMN x int) failed: "));
  CHECK(contains(message, k_no_such_table[engine]));
  CHECK(message.find('\n') == std::string::npos);
  CHECK(ws->history().empty());
  CHECK_FALSE(ws->table_exists("notes"));
}
