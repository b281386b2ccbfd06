// Issue 18, batched data steps (`-- strata: batch`) on every engine: a backfill of 200,000 rows in
// batches of 5,000 while another connection keeps updating single rows of the table (each update
// quick: no batch holds the table long), a SIGKILL in the middle and `apply` going on after the
// last committed batch (a counter column proves each row was changed exactly once), and a batch
// failing on a CHECK, which leaves the file dirty at that batch with its keys named until the
// cause is fixed and `repair --continue` finishes it.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include "dialects/registry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

// Each engine's way to fill `items` with ids 1..{n} (n = id, the counters 0).
const PerEngine<std::string> k_fill{
  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) "
  "INSERT INTO items (id, n) SELECT n, n FROM c",
  "INSERT INTO items (id, n) SELECT g, g FROM generate_series(1, {n}) AS g",
  "INSERT INTO items (id, n) SELECT seq, seq FROM seq_1_to_{n}"};

std::string replaced(std::string text, const std::string& what, const std::string& with)
{
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
  return text;
}

// 001: the table with `rows` rows; 002: a column added, filled in batches (each row's `hits`
// counted up once), then a table created after the step.
void write_backfill(DbWorkspace& ws, int rows, const std::string& settings, const std::string& check = "")
{
  write_migration(ws, "001", "items",
                  "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, hits INTEGER NOT NULL DEFAULT 0, "
                  "touched INTEGER NOT NULL DEFAULT 0" + check + ");\n" +
                    replaced(k_fill[ws.engine()], "{n}", std::to_string(rows)) + ";\n",
                  "DROP TABLE items;\n");
  write_migration(ws, "002", "backfill",
                  "-- strata: batched\n"
                  "ALTER TABLE items ADD COLUMN doubled INTEGER;\n"
                  "-- strata: batch key=id " + settings + "\n"
                  "UPDATE items SET doubled = n * 2, hits = hits + 1 WHERE doubled IS NULL;\n"
                  "CREATE TABLE after_backfill (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE after_backfill;\nALTER TABLE items DROP COLUMN doubled;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations", "--to", "001"}), 0);
}

std::unique_ptr<strata::dialects::Connection> open(DbWorkspace& ws)
{
  const auto url = strata::dialects::DbUrl::parse(ws.url());
  return strata::dialects::dialect_for(url).connect(url);
}

long long number(DbWorkspace& ws, const std::string& sql)
{
  return std::stoll(ws.scalar(sql).value_or("-1"));
}

// The last key of 002's committed batches ("" before its row exists or while it has none).
std::string batch_key(DbWorkspace& ws)
{
  const auto rows = ws.rows("SELECT batch_key FROM strata_schema_history WHERE version = '002'");
  return rows.empty() || rows[0].empty() ? std::string{} : rows[0][0].value_or("");
}

// Every row changed exactly once by the step, and the file applied with all its rows counted.
void check_done(DbWorkspace& ws, int rows)
{
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(number(ws, "SELECT count(*) FROM items WHERE hits = 1 AND doubled = n * 2") == rows);
  CHECK(number(ws, "SELECT count(*) FROM items WHERE hits <> 1 OR doubled IS NULL") == 0);
  CHECK(number(ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'") == rows);
  CHECK(batch_key(ws).empty());
  CHECK(ws.table_exists("after_backfill"));
}

} // namespace

TEMPLATE_TEST_CASE("a batched backfill of 200,000 rows leaves single-row updates of its table quick",
                   "[e2e][batch]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  constexpr int k_rows = 200000;
  write_backfill(*ws, k_rows, "size=5000 sleep=20ms");

  auto apply = ws->start_strata({"apply", "--db", ws->url(), "--dir", "migrations", "--format", "json"});
  auto writer = open(*ws);
  std::chrono::milliseconds slowest{0};
  long long updates = 0;
  for (long long id = 1; apply->running(); id = id * 7919 % k_rows + 1) {
    const auto started = Clock::now();
    writer->execute("UPDATE items SET touched = touched + 1 WHERE id = " + std::to_string(id));
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started));
    ++updates;
    std::this_thread::sleep_for(5ms);
  }
  const auto result = apply->wait();
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(contains(result.err, "batched step 2 (line 4) of 002_backfill.up.sql: key=id size=5000 sleep=20ms over items"));
  CHECK(contains(result.err, "200,000 rows"));
  check_done(*ws, k_rows);
  // --format json: an event every 10 batches and at the step's end, then the result.
  std::vector<Json> events;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    events.push_back(Json::parse(line));
  }
  REQUIRE(events.size() == 6);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(events[i]["event"] == "batch");
    CHECK(events[i]["file"] == "002_backfill.up.sql");
    CHECK(events[i]["batches"] == 10 * (i + 1));
    CHECK(events[i]["rows"] == 50000 * (i + 1));
    CHECK(events[i]["last_key"] == std::to_string(50000 * (i + 1)));
    CHECK(events[i]["max_key"] == "200000");
    CHECK(events[i]["finished"] == false);
  }
  CHECK(events[4]["finished"] == true);
  CHECK(events[4]["rows"] == k_rows);
  CHECK(events[4]["done"] == 1.0);
  CHECK(events[5]["event"] == "result");
  CHECK(events[5]["files"] == Json::array({"002_backfill.up.sql"}));
  INFO("updates " << updates << ", slowest " << slowest.count() << " ms");
  CHECK(updates >= 20);
  CHECK(slowest < 1500ms);
  // No concurrent update was lost or overwritten by a batch.
  CHECK(number(*ws, "SELECT sum(touched) FROM items") == updates);
}

TEMPLATE_TEST_CASE("a batched step killed in the middle goes on after its last committed batch",
                   "[e2e][batch][kill]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  constexpr int k_rows = 200000;
  write_backfill(*ws, k_rows, "size=5000 sleep=100ms");

  auto apply = ws->start_strata({"apply", "--db", ws->url(), "--dir", "migrations"});
  REQUIRE(wait_until(
    [&] { return !apply->running() || (ws->table_exists("strata_schema_history") && !batch_key(*ws).empty() &&
                                       std::stoll(batch_key(*ws)) >= 10000); },
    30s));
  REQUIRE(apply->running());
  apply->send_signal(SIGKILL);
  REQUIRE(apply->wait().signal == SIGKILL);

  // The file is dirty at the step; the rows of the committed batches are changed once, no other.
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
  const auto done = number(*ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'");
  const auto key = std::stoll(batch_key(*ws));
  CHECK(done == key);
  CHECK(done % 5000 == 0);
  CHECK(done < k_rows);
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 1") == done);
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 0") == k_rows - done);
  CHECK_FALSE(ws->table_exists("after_backfill"));
  const auto status = ws->run("status", {"--dir", "migrations"});
  INFO(status.describe());
  CHECK(status.exit_code == 1);
  CHECK(contains(status.output(), "done up to key " + std::to_string(key)));
  const auto status_json = Json::parse(ws->run("status", {"--dir", "migrations", "--format", "json"}).out);
  CHECK(status_json["dirty"][0]["batch_key"] == std::to_string(key));
  CHECK(status_json["dirty"][0]["rows_affected"] == done);

  ProcessOptions live;
  live.env["STRATA_PROGRESS"] = "always"; // the live status line, drawn in place after each batch
  const auto resumed =
    ws->strata({"apply", "--db", ws->url(), "--dir", "migrations", "--lock-timeout", "30"}, live);
  INFO(resumed.describe());
  REQUIRE(resumed.exit_code == 0);
  CHECK(contains(resumed.err, "going on after key " + std::to_string(key)));
  CHECK(contains(resumed.err, "\r\033[K  batched step 2 (line 4) of 002_backfill.up.sql: 1 batch, " +
                                std::to_string(key + 5000).insert(std::to_string(key + 5000).size() - 3, ",") +
                                " rows"));
  CHECK(contains(resumed.err, " of 200000 ("));
  CHECK(contains(resumed.err, " left"));
  check_done(*ws, k_rows);
  require_exit(ws->run("status", {"--dir", "migrations"}), 0);
}

TEMPLATE_TEST_CASE("a failing batch leaves its file dirty at that batch, named by its keys, until repaired",
                   "[e2e][batch]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  constexpr int k_rows = 20000;
  write_backfill(*ws, k_rows, "size=1000", ", CONSTRAINT doubled_ok CHECK (n * 2 <> 24690 OR hits = 0)");

  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "002_backfill.up.sql: statement 2 (line 4) failed"));
  CHECK(contains(failed.err, "batch of keys after 12000 to 13000 failed"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
  CHECK(batch_key(*ws) == "12000");
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 1") == 12000);
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits > 1") == 0);

  // `repair` shows where it goes on.
  const auto shown = ws->run("repair", {"--dir", "migrations"});
  INFO(shown.describe());
  CHECK(contains(shown.out, "goes on with the batched step at statement 2 of 002_backfill.up.sql after key 12000"));

  // The cause fixed, the step goes on at the failed batch.
  ws->exec("UPDATE items SET n = 0 WHERE id = 12345");
  const auto repaired = ws->run("repair", {"--dir", "migrations", "--continue", "--yes"});
  INFO(repaired.describe());
  REQUIRE(repaired.exit_code == 0);
  CHECK(contains(repaired.err, "going on after key 12000"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 1") == k_rows);
  CHECK(number(*ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'") == k_rows);
  CHECK(ws->table_exists("after_backfill"));
  CHECK(contains(ws->run("history", {"--dir", "migrations"}).out, "002: its batched steps changed 20000 rows"));

  // The down file runs like any other.
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(ws->columns("items") == std::vector<std::string>{"id", "n", "hits", "touched"});
}

namespace {

// A condition that takes about a second to evaluate, on each engine.
const PerEngine<std::string> k_slow_condition{
  "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT count(*) FROM c) > 0",
  "(SELECT pg_sleep(1)) IS NOT NULL", "SLEEP(1) = 0"};

} // namespace

TEMPLATE_TEST_CASE("a batch running longer than its timeout fails, naming the timeout and its keys", "[e2e][batch]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "items",
                  "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n" +
                    replaced(k_fill[engine], "{n}", "10") + ";\n",
                  "DROP TABLE items;\n");
  write_migration(*ws, "002", "slow",
                  "-- strata: batched\n-- strata: batch key=id size=100 timeout=200ms\nUPDATE items SET n = n + 1 "
                  "WHERE " + k_slow_condition[engine] + ";\n",
                  "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto started = Clock::now();
  const auto result = ws->run("apply", {"--dir", "migrations"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(Clock::now() - started < 10s);
  CHECK(contains(result.err, "002_slow.up.sql: statement 1 (line 3) failed: batch of keys from the first to 10 failed: "
                             "it ran longer than its timeout of 200 ms"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
  CHECK(number(*ws, "SELECT sum(n) FROM items") == 55);
}

TEMPLATE_TEST_CASE("lint flags an unbatched UPDATE or DELETE on a table above the row threshold, with its count",
                   "[e2e][batch][lint]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "items",
                  "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n" +
                    replaced(k_fill[engine], "{n}", "300") + ";\n",
                  "DROP TABLE items;\n");
  write_migration(*ws, "002", "changes",
                  "-- strata: batched\n"
                  "UPDATE items SET n = n + 1 WHERE n > 0;\n"
                  "-- strata: batch key=id size=100\n"
                  "UPDATE items SET n = n + 1 WHERE n > 0;\n"
                  "DELETE FROM items WHERE n > 1000;\n",
                  "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);

  const auto above = ws->run("lint", {"--dir", "migrations", "--batch-threshold", "299", "--fail-on", "high", "002"});
  INFO(above.describe());
  CHECK(above.exit_code == 0);
  CHECK(contains(above.out, "S607"));
  CHECK(contains(above.out, "UPDATE of items (300 rows) runs in one transaction"));
  CHECK(contains(above.out, "DELETE from items (300 rows) runs in one transaction"));
  const auto json = ws->run("lint", {"--dir", "migrations", "--batch-threshold", "299", "--format", "json", "002"});
  // Lines 2 and 5: the batched step at line 4 is not flagged.
  CHECK(contains(json.out, "\"line\": 2"));
  CHECK(contains(json.out, "\"line\": 5"));
  CHECK_FALSE(contains(json.out, "\"line\": 4"));

  const auto below = ws->run("lint", {"--dir", "migrations", "--batch-threshold", "300", "002"});
  INFO(below.describe());
  CHECK(below.exit_code == 0);
  CHECK_FALSE(contains(below.out, "S607"));
  // Nothing ran on --db: the table is as 001 left it.
  CHECK(number(*ws, "SELECT sum(n) FROM items") == 45150);
}

TEMPLATE_TEST_CASE("a malformed batch directive is refused before anything runs, naming the file and line",
                   "[e2e][batch]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER);\n",
                  "DROP TABLE items;\n");
  write_migration(*ws, "002", "bad",
                  "CREATE TABLE before_bad (id INTEGER PRIMARY KEY);\n"
                  "-- strata: batch key=id size=100\n"
                  "UPDATE items SET n = 1 WHERE n IS NULL;\n",
                  "DROP TABLE before_bad;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const std::string error = "002_bad.up.sql:2: a batched step runs outside the file's transaction: the file's header "
                            "says so with a `-- strata: batched` line";
  const auto validated = ws->strata({"validate", "--dir", "migrations"});
  INFO(validated.describe());
  CHECK(validated.exit_code == 1);
  CHECK(contains(validated.err, error));
  const auto applied = ws->run("apply", {"--dir", "migrations"});
  INFO(applied.describe());
  CHECK(applied.exit_code == 1);
  CHECK(contains(applied.err, error));
  CHECK(ws->history().empty());
  CHECK_FALSE(ws->table_exists("items"));
}

namespace {

// Each engine's way to fill `items` with 3,000 rows of tenants 'a', 'b' and 'c' (ids 1..3000, n = id).
const PerEngine<std::string> k_fill_tenants{
  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000) INSERT INTO items (tenant, id, n) "
  "SELECT CASE WHEN n <= 1000 THEN 'a' WHEN n <= 2000 THEN 'b' ELSE 'c' END, n, n FROM c",
  "INSERT INTO items (tenant, id, n) SELECT CASE WHEN g <= 1000 THEN 'a' WHEN g <= 2000 THEN 'b' ELSE 'c' END, g, g "
  "FROM generate_series(1, 3000) AS g",
  "INSERT INTO items (tenant, id, n) SELECT CASE WHEN seq <= 1000 THEN 'a' WHEN seq <= 2000 THEN 'b' ELSE 'c' END, "
  "seq, seq FROM seq_1_to_3000"};

} // namespace

TEMPLATE_TEST_CASE("a batched step walks a composite key, and goes on after a failed batch at its recorded tuple",
                   "[e2e][batch]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  constexpr int k_rows = 3000;
  // Three tenants of 1,000 rows each, keyed by (tenant, id); the row (tenant 'b', id 1400)
  // cannot be changed until the CHECK is satisfied.
  write_migration(*ws, "001", "items",
                  "CREATE TABLE items (tenant VARCHAR(8) NOT NULL, id INTEGER NOT NULL, n INTEGER NOT NULL, "
                  "hits INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (tenant, id), "
                  "CONSTRAINT not_yet CHECK (n <> 1400 OR hits = 0));\n" + k_fill_tenants[engine] + ";\n",
                  "DROP TABLE items;\n");
  write_migration(*ws, "002", "backfill",
                  "-- strata: batched\n"
                  "-- strata: batch key=tenant,id size=250\n"
                  "UPDATE items SET hits = hits + 1 WHERE n > 0;\n",
                  "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);
  REQUIRE(number(*ws, "SELECT count(*) FROM items WHERE tenant = 'b'") == 1000);

  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "batch of keys after ('b', 1250) to ('b', 1500) failed"));
  CHECK(batch_key(*ws) == "('b', 1250)");
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 1") == 1250);

  ws->exec("UPDATE items SET n = 0 WHERE id = 1400");
  const auto repaired = ws->run("repair", {"--dir", "migrations", "--continue", "--yes"});
  INFO(repaired.describe());
  REQUIRE(repaired.exit_code == 0);
  CHECK(contains(repaired.err, "going on after key ('b', 1250)"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|applied"});
  // Every row changed once; the one whose n is now 0 no longer matches the WHERE.
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits = 1") == k_rows - 1);
  CHECK(number(*ws, "SELECT count(*) FROM items WHERE hits > 1") == 0);
  CHECK(number(*ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'") == k_rows - 1);
}
