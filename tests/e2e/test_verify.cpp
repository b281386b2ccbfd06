// Issue 5: `strata verify` on the three engines. The bookshop's generated folder (v1, v2 with a
// dropped column, v3) passes; a YAML change without a migration, a down file that leaves an index
// behind and an edited file each fail with a line naming the file (test_verify_replay.cpp: order,
// duplicates, missing down files, failing statements). The --db database is only read: the
// replay runs in memory (SQLite) or in a temporary database on the same server.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::e2e;

TEMPLATE_TEST_CASE("verify passes a generated folder and leaves the database as it was", "[e2e][verify]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const int versions = v3_versions(engine);
  auto ws = engine.workspace();
  generated_folder(*ws);
  const auto before = target_state(*ws);

  const auto result = verify(*ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  // v1 is applied on --db; v2 and v3 are pending, so their down files are proven.
  CHECK(first_line(result.out) == summary(versions, versions - 1, 0));
  CHECK(target_state(*ws) == before);

  const nlohmann::json json = verify_json(*ws, "v3.yaml", 0);
  CHECK(json["ok"] == true);
  CHECK(json["engine"] == engine.name);
  CHECK(json["migrations"] == versions);
  CHECK(json["replayed"] == versions);
  CHECK(json["checked_round_trips"] == versions - 1);
  CHECK(json["problems"].empty());

  // Without --db every file is pending: every round trip is checked, on an empty --dev-db.
  const auto dev = engine.workspace();
  const auto offline = ws->strata({"verify", "--schema", "v3.yaml", "--dir", "migrations", "--dev-db", dev->url()});
  INFO(offline.describe());
  CHECK(offline.exit_code == 0);
  CHECK(first_line(offline.out) == summary(versions, versions, 0));
  CHECK(target_state(*ws) == before);
}

TEMPLATE_TEST_CASE("verify fails when schema.yaml changed without a migration", "[e2e][verify]", sqlite, postgres,
                   mysql)
{
  const Engine& engine = engine_of<TestType>();
  const int versions = v3_versions(engine);
  auto ws = engine.workspace();
  generated_folder(*ws);
  const auto before = target_state(*ws);
  std::string v4 = books_v3_yaml();
  const std::string isbn = "      - { name: isbn, type: char(13) }\n";
  REQUIRE(v4.find(isbn) != std::string::npos);
  v4.replace(v4.find(isbn), isbn.size(), isbn + "      - { name: subtitle, type: text }\n");
  ws->write("v4.yaml", v4);

  const auto result = verify(*ws, "v4.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(first_line(result.out) == summary(versions, versions - 1, 1));
  CHECK(contains(result.out, "v4.yaml: missing-migration: the migrations do not produce v4.yaml: add column "));
  CHECK(contains(result.out, "books.subtitle"));

  const nlohmann::json json = verify_json(*ws, "v4.yaml", 1);
  CHECK(json["ok"] == false);
  CHECK(json["checked_round_trips"] == versions - 1);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "missing-migration");
  CHECK(json["problems"][0]["file"] == "v4.yaml");
  CHECK(json["problems"][0]["line"].is_null());
  CHECK(contains(json["problems"][0]["message"].get<std::string>(),
                 "the migrations do not produce v4.yaml: add column books.subtitle"));
  CHECK(target_state(*ws) == before);
}

TEMPLATE_TEST_CASE("verify names a hand-written down file that leaves an index behind", "[e2e][verify]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  apply_books_v2(*ws);
  ws->write("v3.yaml", books_v3_yaml());
  // By hand: the down file drops the column but forgets the index.
  write_migration(*ws, k_v3_version, "nickname",
                  "ALTER TABLE authors ADD COLUMN nickname VARCHAR(40);\n"
                  "CREATE INDEX authors_name_idx ON authors (name);\n",
                  "ALTER TABLE authors DROP COLUMN nickname;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto before = target_state(*ws);
  const int replayed = 2 + index_step_versions(engine); // v1, v2 and the hand-written v3

  const auto result = verify(*ws, "v3.yaml");
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  const std::string down = std::string(k_v3_version) + "_nickname.down.sql";
  CHECK(contains(result.out, down + ": down-mismatch: does not restore the schema from before " + k_v3_version +
                               "_nickname.up.sql"));
  CHECK(contains(result.out, "drop index authors_name_idx"));
  // The folder itself still gives v3.yaml (checked on a fresh replay): no other problem.
  CHECK(first_line(result.out) == summary(replayed, 1, 1));

  const auto github = verify(*ws, "v3.yaml", {"--format", "github"});
  CHECK(github.exit_code == 1);
  CHECK(contains(github.out, "::error file=migrations/" + down + ",title=strata verify%3A down-mismatch::"));

  const nlohmann::json json = verify_json(*ws, "v3.yaml", 1);
  REQUIRE(json["problems"].size() == 1);
  CHECK(json["problems"][0]["kind"] == "down-mismatch");
  CHECK(json["problems"][0]["file"] == down);
  CHECK(json["replayed"] == replayed);
  CHECK(target_state(*ws) == before);
}

TEMPLATE_TEST_CASE("verify reports an edited file against strata.sum and still replays", "[e2e][verify]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const int versions = v3_versions(engine);
  auto ws = engine.workspace();
  generated_folder(*ws);
  // An up file, then (once the first edit is accepted with `strata hash`) a down file.
  for (const char* suffix : {"_v3.up.sql", "_v3.down.sql"}) {
    const auto file = ws->migration_file_ending(std::string(k_v3_version) + suffix);
    write_text(file, read_text(file) + "-- reviewed by hand\n");

    const auto result = verify(*ws, "v3.yaml");
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(first_line(result.out) == summary(versions, versions - 1, 1));
    CHECK(contains(result.out, file.filename().string() + ": sum: "));
    CHECK(contains(result.out, "was edited"));

    const nlohmann::json json = verify_json(*ws, "v3.yaml", 1);
    CHECK(json["checked_round_trips"] == versions - 1);
    REQUIRE(json["problems"].size() == 1);
    CHECK(json["problems"][0]["kind"] == "sum");
    CHECK(json["problems"][0]["file"] == file.filename().string());
    CHECK(contains(json["problems"][0]["message"].get<std::string>(), "was edited"));
    require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  }
}
