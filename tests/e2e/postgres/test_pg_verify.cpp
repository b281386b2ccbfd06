// Issue 5: `strata verify` on PostgreSQL. The bookshop's generated folder passes (v2 and v3 are written
// as two files each, the second part-of the first, and each half's down file is proven on its own); a
// YAML change without a migration, a down file that leaves an index behind and an edited file
// fail naming the file. The --db database keeps its schema and history; the replay happens in a
// temporary database on the same server.

#include "tests/e2e/support/pg_support.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::e2e;

namespace {

struct TargetState {
  std::string schema;
  std::vector<std::string> history;
  long long relations = 0; // every relation of the database outside the catalogs
  bool operator==(const TargetState&) const = default;
};

TargetState target_state(PgWorkspace& ws)
{
  const auto relations = ws.scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')");
  return {ws.schema_dump(), ws.history(), std::stoll(relations.value_or("0"))};
}

// v1, v2 and v3 generated; v2 rolled back, so v2 and v3 (two files each) are pending and v1 is
// applied.
void generated_folder(PgWorkspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());
  require_exit(ws.run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--name", "v3", "--version", k_v3_version}),
               2);
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  REQUIRE(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  // v2 and v3 build an index CONCURRENTLY on a table with rows: each is two files, the second
  // part-of the first. Five versions, up and down, and strata.sum.
  REQUIRE(ws.migration_files().size() == 11);
}

ProcessResult verify(const PgWorkspace& ws, const std::string& schema, std::vector<std::string> extra = {})
{
  std::vector<std::string> args{"--schema", schema, "--dir", "migrations"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("verify", args);
}

nlohmann::json verify_json(const PgWorkspace& ws, const std::string& schema, int exit_code)
{
  return verify_document(verify(ws, schema, {"--format", "json"}), exit_code);
}

} // namespace

TEST_CASE("postgres: verify passes a generated folder and leaves the database as it was", "[e2e][postgres][verify]")
{
  PgWorkspace ws;
  generated_folder(ws);
  const auto before = target_state(ws);

  const auto result = verify(ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(first_line(result.out) == "verify: 5 migrations replayed, 4 round trips checked, 0 problems");
  CHECK(target_state(ws) == before);

  const auto json = verify_json(ws, "v3.yaml", 0);
  CHECK(json["ok"] == true);
  CHECK(json["engine"] == "postgres");
  CHECK(json["migrations"] == 5);
  CHECK(json["replayed"] == 5);
  CHECK(json["checked_round_trips"] == 4);
  CHECK(json["problems"].empty());
  CHECK(target_state(ws) == before);
}

TEST_CASE("postgres: verify fails when schema.yaml changed without a migration", "[e2e][postgres][verify]")
{
  PgWorkspace ws;
  generated_folder(ws);
  const auto before = target_state(ws);
  std::string v4 = books_v3_yaml();
  const std::string isbn = "      - { name: isbn, type: char(13) }\n";
  REQUIRE(v4.find(isbn) != std::string::npos);
  v4.replace(v4.find(isbn), isbn.size(), isbn + "      - { name: subtitle, type: text }\n");
  ws.write("v4.yaml", v4);

  const auto json = verify_json(ws, "v4.yaml", 1);
  CHECK(json["ok"] == false);
  CHECK(json["checked_round_trips"] == 4);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "missing-migration");
  CHECK(json["problems"][0]["file"] == "v4.yaml");
  CHECK(contains(json["problems"][0]["message"].get<std::string>(),
                 "the migrations do not produce v4.yaml: add column books.subtitle"));
  CHECK(target_state(ws) == before);
}

TEST_CASE("postgres: verify names a hand-written down file that leaves an index behind", "[e2e][postgres][verify]")
{
  PgWorkspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());
  write_migration(ws, k_v3_version, "nickname",
                  "ALTER TABLE authors ADD COLUMN nickname varchar(40);\n"
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
  CHECK(first_line(result.out) == "verify: 4 migrations replayed, 1 round trip checked, 1 problem");
  CHECK(target_state(ws) == before);
}

TEST_CASE("postgres: verify reports an edited file against strata.sum", "[e2e][postgres][verify]")
{
  PgWorkspace ws;
  generated_folder(ws);
  const auto down = ws.migration_file_ending(std::string(k_v3_version) + "_v3.down.sql");
  write_text(down, read_text(down) + "-- reviewed by hand\n");

  const auto json = verify_json(ws, "v3.yaml", 1);
  CHECK(json["checked_round_trips"] == 4);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "sum");
  CHECK(json["problems"][0]["file"] == down.filename().string());
  CHECK(contains(json["problems"][0]["message"].get<std::string>(), "was edited"));
}

TEST_CASE("postgres: verify names a failing statement with its line on one line", "[e2e][postgres][verify]")
{
  PgWorkspace ws;
  ws.write("schema.yaml", "version: 1\ntables:\n  - name: notes\n    columns:\n"
                          "      - { name: id, type: integer, nullable: false }\n    primary_key: [id]\n");
  write_migration(ws, "1", "notes",
                  "CREATE TABLE notes (id integer PRIMARY KEY);\n\nALTER TABLE nope ADD COLUMN x int;\n",
                  "DROP TABLE notes;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  const auto json = verify_json(ws, "schema.yaml", 1);
  CHECK(json["replayed"] == 0);
  REQUIRE(json["problems"].size() == 1);
  const auto& problem = json["problems"][0];
  CHECK(problem["kind"] == "replay-failed");
  CHECK(problem["file"] == "1_notes.up.sql");
  CHECK(problem["line"] == 3);
  const auto message = problem["message"].get<std::string>();
  INFO(message);
  CHECK(contains(message, "statement 2 (ALTER TABLE nope ADD COLUMN x int) failed: "));
  CHECK(contains(message, "\"nope\" does not exist"));
  CHECK(message.find('\n') == std::string::npos);
  CHECK(ws.history().empty());
  CHECK_FALSE(ws.relation_exists("notes"));
}
