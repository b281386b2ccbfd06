// Issue 17, safe on a busy production: a locking risk names the size and row estimate of its table
// from the live catalog (text, json and the generated file's risk line), and a file's statement
// timeout (`-- strata: statement-timeout`, apply's --statement-timeout) fails a statement that
// runs longer, leaving nothing of a transactional file behind.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

// 5,000 rows in `orders`, then the engine's statistics read them.
const PerEngine<std::string> k_fill_orders{
  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000) "
  "INSERT INTO orders (id, total) SELECT n, n FROM c",
  "INSERT INTO orders (id, total) SELECT g, g FROM generate_series(1, 5000) AS g",
  "INSERT INTO orders (id, total) SELECT seq, seq FROM seq_1_to_5000"};
const PerEngine<std::string> k_analyze{"ANALYZE", "ANALYZE orders", "ANALYZE TABLE orders"};
// The risk of `total` becoming text: SQLite rebuilds the table, PostgreSQL rewrites it, MariaDB
// copies it.
const PerEngine<std::string> k_rewrite_code{"L301", "L311", "L401"};
// SQLite has no cheap size (dbstat walks every page): its estimate is the rows ANALYZE counted.
const PerEngine<bool> k_has_size{false, true, true};

constexpr const char* k_orders_text_yaml = R"(version: 1
tables:
  - name: orders
    columns:
      - { name: id, type: integer }
      - { name: total, type: text }
    primary_key: [id]
)";

// The risk of `code` in a plan's json output (fails the test when there is none).
Json risk_of(const Json& plan, const std::string& code)
{
  for (const auto& step : plan["steps"]) {
    for (const auto& risk : step["risks"]) {
      if (risk["code"] == code) {
        return risk;
      }
    }
  }
  FAIL("no risk " << code << " in " << plan.dump());
  return {};
}

// Three rows in `items`; a statement that runs two to three seconds on each engine (the scalar
// subquery runs once).
const PerEngine<std::string> k_slow_update{
  "UPDATE items SET n = n + 1 WHERE (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
  "12000000) SELECT count(*) FROM c) > 0",
  "UPDATE items SET n = n + 1 WHERE (SELECT pg_sleep(2)) IS NOT NULL",
  "UPDATE items SET n = n + 1 WHERE (SELECT SLEEP(2)) = 0"};
// What a failed file leaves in the history: nothing where the file ran in one transaction, its
// dirty row where each statement commits on its own (MariaDB: DDL is not transactional).
const PerEngine<std::vector<std::string>> k_history_after_timeout{
  {"001|applied"}, {"001|applied"}, {"001|applied", "002|dirty"}};

void write_items(DbWorkspace& ws)
{
  write_migration(ws, "001", "items",
                  "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n"
                  "INSERT INTO items (id, n) VALUES (1, 1), (2, 2), (3, 3);\n",
                  "DROP TABLE items;\n");
}

long long total_n(DbWorkspace& ws)
{
  return std::stoll(ws.scalar("SELECT sum(n) FROM items").value_or("-1"));
}

} // namespace

TEMPLATE_TEST_CASE("a rewrite risk carries its table's size and row estimate from the catalog", "[e2e][risk][estimate]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "orders", "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);\n",
                  "DROP TABLE orders;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  ws->exec(k_fill_orders[engine]);
  ws->rows(k_analyze[engine]);
  ws->write("schema.yaml", k_orders_text_yaml);

  const auto json = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run", "--format", "json"});
  INFO(json.describe());
  require_exit(json, 2);
  const auto risk = risk_of(Json::parse(json.out), k_rewrite_code[engine]);
  const std::string message = risk["message"];
  INFO(message);
  REQUIRE(risk["table_rows_estimate"].is_number());
  // InnoDB samples pages: its estimate is near the rows, not exact.
  const long long rows = risk["table_rows_estimate"];
  CHECK(rows > 4000);
  CHECK(rows < 6000);
  CHECK(contains(message, "orders: ")); // " (orders: …)", or inside a closing parenthesis
  CHECK(contains(message, "k rows)"));
  CHECK(risk["table_bytes"].is_number() == k_has_size[engine]);
  if (risk["table_bytes"].is_number()) {
    const long long bytes = risk["table_bytes"];
    CHECK(bytes > 16384);
    CHECK(contains(message, " kB, ~"));
  }

  const auto text = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  CHECK(contains(text.out, message));

  // The written file's risk line says the same.
  require_exit(ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "total_text"}), 2);
  const auto up = read_text(ws->migration_file_ending("_total_text.up.sql"));
  INFO(up);
  CHECK(contains(up, "-- strata: risk medium locking " + k_rewrite_code[engine] + " " + message + "\n"));
}

TEMPLATE_TEST_CASE("a statement running longer than its file's statement timeout fails the file cleanly",
                   "[e2e][statement-timeout]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_items(*ws);
  write_migration(*ws, "002", "slow", "-- strata: statement-timeout 1s\n" + k_slow_update[engine] + ";\n", "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);

  const auto started = Clock::now();
  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(Clock::now() - started < 15s);
  CHECK(contains(failed.err, "002_slow.up.sql: statement 1 (line 2) failed: it ran longer than the statement timeout "
                             "of 1s"));
  CHECK(ws->history() == k_history_after_timeout[engine]);
  CHECK(total_n(*ws) == 6); // the statement changed nothing

  // A larger bound in the header lets it pass, whatever apply's default says.
  auto again = engine.workspace();
  write_items(*again);
  write_migration(*again, "002", "slow", "-- strata: statement-timeout 1min\n" + k_slow_update[engine] + ";\n",
                  "SELECT 1;\n");
  require_exit(again->strata({"hash", "--dir", "migrations"}), 0);
  const auto passed = again->run("apply", {"--dir", "migrations", "--statement-timeout", "1s"});
  INFO(passed.describe());
  CHECK(passed.exit_code == 0);
  CHECK(again->history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(total_n(*again) == 9);
}

TEMPLATE_TEST_CASE("apply's --statement-timeout bounds the statements of files without the header line",
                   "[e2e][statement-timeout]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_items(*ws);
  write_migration(*ws, "002", "slow", k_slow_update[engine] + ";\n", "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);
  const auto failed = ws->run("apply", {"--dir", "migrations", "--statement-timeout", "500ms"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "002_slow.up.sql: statement 1 (line 1) failed: it ran longer than the statement timeout "
                             "of 500ms"));
  CHECK(ws->history() == k_history_after_timeout[engine]);
  CHECK(total_n(*ws) == 6);
}

TEST_CASE("the project file's apply.statement_timeout is the default a flag overrides", "[e2e][statement-timeout]")
{
  const Engine& engine = engine_of<sqlite>();
  auto ws = engine.workspace();
  write_items(*ws);
  write_migration(*ws, "002", "slow", k_slow_update[engine] + ";\n", "SELECT 1;\n");
  ws->write("strata.yaml", "version: 1\napply:\n  statement_timeout: 500ms\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "it ran longer than the statement timeout of 500ms"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied"});
  const auto passed = ws->run("apply", {"--dir", "migrations", "--statement-timeout", "0"});
  INFO(passed.describe());
  CHECK(passed.exit_code == 0);
  CHECK(total_n(*ws) == 9);
  // strata config shows the timeout a run here would use and where it comes from.
  const auto shown = ws->strata({"config"});
  INFO(shown.describe());
  CHECK(contains(shown.out, "apply.statement_timeout  500ms  (strata.yaml:3:22)"));
  const auto flagged = ws->strata({"config", "--statement-timeout", "2min", "--format", "json"});
  CHECK(contains(flagged.out, R"("statement_timeout": {
    "value": "2min",
    "source": "--statement-timeout"
  })"));
}

TEST_CASE("PostgreSQL: a no-transaction file runs under a session statement timeout and stops at the slow statement",
          "[e2e][statement-timeout][postgres]")
{
  const Engine& engine = engine_of<postgres>();
  auto ws = engine.workspace();
  write_items(*ws);
  write_migration(*ws, "002", "slow",
                  "-- strata: no-transaction\n-- strata: statement-timeout 1s\n"
                  "CREATE INDEX CONCURRENTLY items_n ON items (n);\n" +
                    k_slow_update[engine] + ";\n",
                  "DROP INDEX CONCURRENTLY IF EXISTS items_n;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);
  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "statement 2 (line 4) failed: it ran longer than the statement timeout of 1s"));
  // Statement by statement, as every no-transaction file: the index is built, the row says where
  // the file stopped, and `repair --continue` goes on from there.
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
  CHECK(ws->scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_n'").value_or("") == "1");
  CHECK(total_n(*ws) == 6);
}

TEST_CASE("lint knows the statement-timeout line and names a bad one by file and line",
          "[e2e][statement-timeout][lint]")
{
  const Engine& engine = engine_of<sqlite>();
  auto ws = engine.workspace();
  write_items(*ws);
  write_migration(*ws, "002", "quick", "-- strata: statement-timeout 30s\nUPDATE items SET n = n + 1 WHERE id = 1;\n",
                  "UPDATE items SET n = n - 1 WHERE id = 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto lint = ws->strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations"});
  INFO(lint.describe());
  CHECK(lint.exit_code == 0);
  CHECK_FALSE(contains(lint.out + lint.err, "unknown"));

  // A bad value: `hash` or, past it, `lint` names the file and line.
  write_migration(*ws, "003", "bad", "-- strata: statement-timeout soon\nSELECT 1;\n", "SELECT 1;\n");
  const auto hashed = ws->strata({"hash", "--dir", "migrations"});
  const auto bad = ws->strata({"lint", "--dev-db", "sqlite::memory:", "--dir", "migrations"});
  INFO(hashed.describe());
  INFO(bad.describe());
  CHECK(bad.exit_code != 0);
  const std::string said = hashed.out + hashed.err + bad.out + bad.err;
  CHECK(contains(said, "003_bad.up.sql:1"));
  CHECK(contains(said, "statement-timeout 'soon' is no duration"));
}
