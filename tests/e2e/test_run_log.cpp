// Issue 18, monitoring: every run of a migration file — apply, rollback, repair --continue —
// leaves a row in strata_schema_runs with its start, end, duration, the rows its data statements
// changed and its outcome, failed runs included; a run killed midway is marked interrupted by the
// next one; `history --format json` lists them all and `history --runs` prints them.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

// Each engine's way to fill `items` with ids 1..50 (n = id).
const PerEngine<std::string> k_fill_50{
  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50) INSERT INTO items (id, n) SELECT n, n "
  "FROM c",
  "INSERT INTO items (id, n) SELECT g, g FROM generate_series(1, 50) AS g",
  "INSERT INTO items (id, n) SELECT seq, seq FROM seq_1_to_50"};

// A statement that runs for about 30 seconds.
const PerEngine<std::string> k_slow{
  "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
  "SELECT x FROM c)",
  "SELECT pg_sleep(30)", "SELECT SLEEP(30)"};

Json runs_of(DbWorkspace& ws)
{
  const auto shown = ws.run("history", {"--dir", "migrations", "--format", "json"});
  INFO(shown.describe());
  REQUIRE(shown.exit_code == 0);
  return Json::parse(shown.out)["runs"];
}

} // namespace

TEMPLATE_TEST_CASE("each run of a file is recorded with its times, rows changed and outcome, failures included",
                   "[e2e][history][runs]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "items",
                  "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n" + k_fill_50[engine] + ";\n",
                  "DROP TABLE items;\n");
  write_migration(*ws, "002", "bump", "UPDATE items SET n = n + 100 WHERE n > 10;\n",
                  "UPDATE items SET n = n - 100 WHERE n > 110;\n");
  write_migration(*ws, "003", "broken", "UPDATE items SET n = n + 1;\nINSERT INTO no_such_table VALUES (1);\n",
                  "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "002"}), 0);
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  REQUIRE(failed.exit_code == 1);

  const Json runs = runs_of(*ws);
  INFO(runs.dump(2));
  REQUIRE(runs.size() == 5);
  const auto expect = [&](size_t i, const char* version, const char* direction, const char* command,
                          const char* outcome, long long rows) {
    INFO("run " << i + 1);
    CHECK(runs[i]["id"] == i + 1);
    CHECK(runs[i]["version"] == version);
    CHECK(runs[i]["direction"] == direction);
    CHECK(runs[i]["command"] == command);
    CHECK(runs[i]["outcome"] == outcome);
    CHECK(runs[i]["rows_affected"] == rows);
    CHECK(runs[i]["duration_ms"].get<long long>() >= 0);
    CHECK(runs[i]["started_at"].get<std::string>().size() == 24); // 2026-12-05T23:30:00.123Z
    CHECK(runs[i]["finished_at"].get<std::string>() >= runs[i]["started_at"].get<std::string>());
    CHECK_FALSE(runs[i]["applied_by"].get<std::string>().empty());
  };
  expect(0, "001", "up", "apply", "applied", 50);
  CHECK(runs[0]["name"] == "001_items.up.sql");
  expect(1, "002", "up", "apply", "applied", 40);
  expect(2, "002", "down", "rollback", "rolled_back", 40);
  CHECK(runs[2]["name"] == "002_bump.down.sql");
  expect(3, "002", "up", "apply", "applied", 40);
  // The failed file: on SQLite and PostgreSQL its transaction rolled its UPDATE back; on
  // MySQL/MariaDB the UPDATE committed before the INSERT failed.
  expect(4, "003", "up", "apply", "failed", engine.id == EngineId::mysql ? 50 : 0);
  CHECK(contains(runs[4]["message"].get<std::string>(), "no_such_table"));
  for (size_t i = 0; i < 4; ++i) {
    CHECK(runs[i]["message"].is_null());
  }

  // The text form lists them under the applied files.
  const auto text = ws->run("history", {"--dir", "migrations", "--runs"});
  INFO(text.describe());
  CHECK(contains(text.out, "runs:"));
  CHECK(contains(text.out, "rolled_back"));
  CHECK(contains(text.out, "run 5: "));
  CHECK_FALSE(contains(ws->run("history", {"--dir", "migrations"}).out, "runs:"));
}

TEMPLATE_TEST_CASE("a run killed midway stays running until the next run marks it interrupted",
                   "[e2e][history][runs][kill]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "slow", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n" + k_slow[engine] + ";\n",
                  "DROP TABLE items;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  auto apply = ws->start_strata({"apply", "--db", ws->url(), "--dir", "migrations"});
  REQUIRE(wait_until([&] { return !apply->running() || ws->table_exists("strata_schema_runs"); }, 30s));
  std::this_thread::sleep_for(500ms);
  REQUIRE(apply->running());
  apply->send_signal(SIGKILL);
  REQUIRE(apply->wait().signal == SIGKILL);

  // Read-only: history shows the row as the killed run left it.
  Json runs = runs_of(*ws);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0]["outcome"] == "running");
  CHECK(runs[0]["finished_at"].is_null());

  // The file made quick; on MySQL/MariaDB the killed file left its history row dirty, which
  // `repair --rolled-back` clears (and, holding the lock, marks the run).
  write_migration(*ws, "001", "slow", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n", "DROP TABLE items;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  if (engine.id == EngineId::mysql) {
    ws->exec("DROP TABLE IF EXISTS items");
    const auto repaired = ws->run("repair", {"--dir", "migrations", "--rolled-back", "--yes", "--lock-timeout", "40"});
    INFO(repaired.describe());
    REQUIRE(repaired.exit_code == 0);
    CHECK(contains(repaired.err, "1 earlier run of a migration file never finished"));
  }
  const auto applied = ws->run("apply", {"--dir", "migrations", "--lock-timeout", "40"});
  INFO(applied.describe());
  REQUIRE(applied.exit_code == 0);
  if (engine.id != EngineId::mysql) {
    CHECK(contains(applied.err, "1 earlier run of a migration file never finished"));
  }
  runs = runs_of(*ws);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0]["outcome"] == "interrupted");
  CHECK(contains(runs[0]["message"].get<std::string>(), "killed"));
  CHECK(runs[1]["outcome"] == "applied");
}
