// Issue 5: `strata verify` on SQLite. The bookshop's generated folder (v1, v2 with a dropped
// column, v3) passes; a YAML change without a migration, a down file that leaves an index behind,
// an edited file, a duplicate or out-of-order version, a failing statement and a file without a
// down file each fail with a line naming the file. The --db database is only read.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace strata::e2e;

namespace {

// The database's state that verify must leave alone: its schema and its history.
struct TargetState {
  std::string schema;
  std::vector<std::string> history;
  bool operator==(const TargetState&) const = default;
};

TargetState target_state(const Workspace& ws)
{
  return {schema_dump(ws.db_path()), history_versions(ws.db_path())};
}

// v1 and v2 planned and applied, v3 planned: a generated folder of three versions, then v2
// rolled back so that v2 (destructive: it drops books.legacy_code) and v3 are pending.
void generated_folder(const Workspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());
  require_exit(ws.strata({"plan", "--schema", "v3.yaml", "--db", ws.db_url(), "--dir", "migrations", "--name", "v3",
                          "--version", k_v3_version}),
               2);
  require_exit(ws.strata({"rollback", "--db", ws.db_url(), "--dir", "migrations", "--steps", "1", "--yes"}), 0);
  REQUIRE(history_versions(ws.db_path()) == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
}

strata::e2e::ProcessResult verify(const Workspace& ws, const std::string& schema, std::vector<std::string> extra = {})
{
  std::vector<std::string> args{"verify", "--schema", schema, "--dir", "migrations", "--db", ws.db_url()};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.strata(args);
}

nlohmann::json verify_json(const Workspace& ws, const std::string& schema, int exit_code)
{
  return verify_document(verify(ws, schema, {"--format", "json"}), exit_code);
}

} // namespace

TEST_CASE("verify passes a generated folder and leaves the database as it was", "[e2e][verify]")
{
  Workspace ws;
  generated_folder(ws);
  const auto before = target_state(ws);

  const auto result = verify(ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  // v1 is applied on --db; v2 and v3 are pending, so their down files are proven.
  CHECK(first_line(result.out) == "verify: 3 migrations replayed, 2 round trips checked, 0 problems");
  CHECK(target_state(ws) == before);

  const auto json = verify_json(ws, "v3.yaml", 0);
  CHECK(json["ok"] == true);
  CHECK(json["engine"] == "sqlite");
  CHECK(json["migrations"] == 3);
  CHECK(json["replayed"] == 3);
  CHECK(json["checked_round_trips"] == 2);
  CHECK(json["problems"].empty());

  // Without --db every file is pending: three round trips on an in-memory database.
  const auto offline =
    ws.strata({"verify", "--schema", "v3.yaml", "--dir", "migrations", "--dev-db", "sqlite::memory:"});
  INFO(offline.describe());
  CHECK(offline.exit_code == 0);
  CHECK(first_line(offline.out) == "verify: 3 migrations replayed, 3 round trips checked, 0 problems");
  CHECK(target_state(ws) == before);
}

TEST_CASE("verify fails when schema.yaml changed without a migration", "[e2e][verify]")
{
  Workspace ws;
  generated_folder(ws);
  const auto before = target_state(ws);
  std::string v4 = books_v3_yaml();
  const std::string stock = "      - { name: stock, type: integer, nullable: false, default: \"0\" }\n";
  REQUIRE(v4.find(stock) != std::string::npos);
  v4.replace(v4.find(stock), stock.size(), stock + "      - { name: subtitle, type: text }\n");
  ws.write("v4.yaml", v4);

  const auto result = verify(ws, "v4.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(first_line(result.out) == "verify: 3 migrations replayed, 2 round trips checked, 1 problem");
  CHECK(contains(result.out, "v4.yaml: missing-migration: the migrations do not produce v4.yaml: add column "));
  CHECK(contains(result.out, "books.subtitle"));

  const auto json = verify_json(ws, "v4.yaml", 1);
  CHECK(json["ok"] == false);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "missing-migration");
  CHECK(json["problems"][0]["file"] == "v4.yaml");
  CHECK(json["problems"][0]["line"].is_null());
  CHECK(contains(json["problems"][0]["message"].get<std::string>(), "subtitle"));
  CHECK(target_state(ws) == before);
}

TEST_CASE("verify names a hand-written down file that leaves an index behind", "[e2e][verify]")
{
  Workspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());
  // By hand: the down file drops the column but forgets the index.
  write_migration(ws, k_v3_version, "nickname",
                  "ALTER TABLE authors ADD COLUMN nickname VARCHAR(40);\n"
                  "CREATE INDEX authors_name_idx ON authors (name);\n",
                  "ALTER TABLE authors DROP COLUMN nickname;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto before = target_state(ws);

  const auto result = verify(ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  const std::string down = std::string(k_v3_version) + "_nickname.down.sql";
  CHECK(contains(result.out, down + ": down-mismatch: does not restore the schema from before " + k_v3_version +
                               "_nickname.up.sql"));
  CHECK(contains(result.out, "drop index authors_name_idx"));
  // The folder itself still gives v3.yaml (checked on a fresh replay): no other problem.
  CHECK(contains(result.out, ", 1 problem\n"));

  const auto github = verify(ws, "v3.yaml", {"--format", "github"});
  CHECK(github.exit_code == 1);
  CHECK(contains(github.out, "::error file=migrations/" + down + ",title=strata verify%3A down-mismatch::"));

  const auto json = verify_json(ws, "v3.yaml", 1);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "down-mismatch");
  CHECK(json["problems"][0]["file"] == down);
  CHECK(json["replayed"] == 3);
  CHECK(target_state(ws) == before);
}

TEST_CASE("verify reports an edited file against strata.sum and still replays", "[e2e][verify]")
{
  Workspace ws;
  generated_folder(ws);
  const auto up = ws.migration_file_ending(std::string(k_v3_version) + "_v3.up.sql");
  write_text(up, read_text(up) + "-- reviewed by hand\n");

  const auto result = verify(ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(first_line(result.out) == "verify: 3 migrations replayed, 2 round trips checked, 1 problem");
  CHECK(contains(result.out, up.filename().string() + ": sum: "));
  CHECK(contains(result.out, "was edited"));

  const auto json = verify_json(ws, "v3.yaml", 1);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "sum");
  CHECK(json["problems"][0]["file"] == up.filename().string());
}

TEST_CASE("verify reports a duplicate version and a pending file older than the applied ones", "[e2e][verify]")
{
  Workspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  const auto before = target_state(ws);

  // A version between v1 and v2, both applied: out of order.
  write_migration(ws, "20260101120000", "late_table", "CREATE TABLE late (id INTEGER NOT NULL PRIMARY KEY);\n",
                  "DROP TABLE late;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  std::string with_late = k_books_v2_yaml;
  with_late.replace(with_late.find("views:"), 6,
                    "  - name: late\n    columns:\n      - { name: id, type: integer, nullable: false }\n"
                    "    primary_key: [id]\n\nviews:");
  ws.write("late.yaml", with_late);
  const auto late = verify(ws, "late.yaml");
  INFO(late.describe());
  CHECK(late.exit_code == 1);
  CHECK(contains(late.out, "20260101120000_late_table.up.sql: order: is out of order"));
  CHECK(contains(late.out, k_v2_version));
  CHECK(contains(late.out, ", 1 problem\n"));

  // The same version twice: the folder cannot be opened, each clash is one problem.
  write_migration(ws, "20260101120000", "other_table", "CREATE TABLE other (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE other;\n");
  const auto json = verify_json(ws, "late.yaml", 1);
  CHECK(json["engine"] == "sqlite");
  REQUIRE(json["problems"].size() == 2); // the up files and the down files
  for (const auto& problem : json["problems"]) {
    CHECK(problem["kind"] == "duplicate");
    CHECK(contains(problem["message"].get<std::string>(), "20260101120000_late_table"));
  }
  CHECK(json["problems"][0]["file"] == "20260101120000_other_table.down.sql");
  CHECK(json["problems"][1]["file"] == "20260101120000_other_table.up.sql");
  CHECK(target_state(ws) == before);
}

TEST_CASE("verify names the failing statement and line, and a file without a down file", "[e2e][verify]")
{
  Workspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());

  // No down file: a problem, unless the up file says it is irreversible.
  write_text(ws.dir() / (std::string(k_v3_version) + "_nickname.up.sql"),
             "ALTER TABLE authors ADD COLUMN nickname VARCHAR(40);\n"
             "CREATE INDEX authors_name_idx ON authors (name);\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto no_down = verify(ws, "v3.yaml");
  INFO(no_down.describe());
  CHECK(no_down.exit_code == 1);
  CHECK(contains(no_down.out, std::string(k_v3_version) + "_nickname.up.sql: no-down: has no down file"));

  write_text(ws.dir() / (std::string(k_v3_version) + "_nickname.up.sql"),
             "-- strata: irreversible nicknames are forever\n"
             "ALTER TABLE authors ADD COLUMN nickname VARCHAR(40);\n"
             "CREATE INDEX authors_name_idx ON authors (name);\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto irreversible = verify(ws, "v3.yaml");
  INFO(irreversible.describe());
  CHECK(irreversible.exit_code == 0);
  CHECK(first_line(irreversible.out) == "verify: 3 migrations replayed, 0 round trips checked, 0 problems");
  CHECK(contains(irreversible.out, "note: " + std::string(k_v3_version) +
                                     "_nickname.up.sql has no down file; it is marked irreversible (nicknames are "
                                     "forever)"));

  // A statement the database refuses: file, line, statement and message; the replay stops there.
  write_migration(ws, "20260104000000", "broken", "CREATE TABLE fine (id INTEGER PRIMARY KEY);\n\n"
                                                  "ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n",
                  "DROP TABLE fine;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto json = verify_json(ws, "v3.yaml", 1);
  CHECK(json["replayed"] == 3);
  CHECK(json["migrations"] == 4);
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
