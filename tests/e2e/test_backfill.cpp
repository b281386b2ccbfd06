// Issue 18, generated batched steps: a new NOT NULL column with `backfill:` in the YAML becomes
// add column -> batched UPDATE -> NOT NULL in the file `plan` writes, which `apply` runs as a
// batched step on every engine (every existing row filled, the column NOT NULL), `lint` does not
// flag as an unbatched data change, a second `plan` finds in sync, and `rollback` undoes by
// dropping the column. A table without a primary key cannot be walked: `plan`
// refuses at the YAML line.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata::e2e;

namespace {

constexpr int k_backfill_rows = 300;

// 001: orders with ids 1..300 (price = id) and a ledger without a primary key.
void write_orders(DbWorkspace& ws)
{
  std::string insert = "INSERT INTO orders (id, price) VALUES ";
  for (int id = 1; id <= k_backfill_rows; ++id) {
    insert += (id == 1 ? "(" : ", (") + std::to_string(id) + ", " + std::to_string(id) + ")";
  }
  write_migration(ws, "001", "orders",
                  "CREATE TABLE orders (id INTEGER PRIMARY KEY, price INTEGER NOT NULL);\n" + insert + ";\n"
                  "CREATE TABLE ledger (entry INTEGER NOT NULL, amount INTEGER NOT NULL);\n"
                  "INSERT INTO ledger (entry, amount) VALUES (1, 5), (2, 7);\n",
                  "DROP TABLE ledger;\nDROP TABLE orders;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
}

std::string schema_yaml(const std::string& order_columns, const std::string& ledger_columns = "")
{
  return "version: 1\ntables:\n"
         "  - name: orders\n    columns:\n"
         "      - { name: id, type: integer }\n"
         "      - { name: price, type: integer, nullable: false }\n" +
         order_columns +
         "    primary_key: [id]\n"
         "  - name: ledger\n    columns:\n"
         "      - { name: entry, type: integer, nullable: false }\n"
         "      - { name: amount, type: integer, nullable: false }\n" +
         ledger_columns;
}

long long number(DbWorkspace& ws, const std::string& sql)
{
  return std::stoll(ws.scalar(sql).value_or("-1"));
}

} // namespace

TEMPLATE_TEST_CASE("a backfilled NOT NULL column is planned as a batched step, applied, in sync and rolled back",
                   "[e2e][batch][backfill]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_orders(*ws);
  ws->write("schema.yaml",
            schema_yaml("      - { name: total_cents, type: bigint, nullable: false, backfill: \"price * 100\", "
                        "backfill_batch: 100 }\n"));

  const auto planned = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--version", "002",
                                        "--name", "backfill"});
  INFO(planned.describe());
  REQUIRE(planned.exit_code == 2);
  // PostgreSQL makes the column NOT NULL the low-lock way (a NOT VALID check validated outside a
  // transaction): that step is the plan's second part, a no-transaction file.
  const bool split = engine.id == EngineId::postgres;
  const std::string up = read_text(ws->migration_file_ending("002_backfill.up.sql"));
  const std::string down = read_text(ws->migration_file_ending("002_backfill.down.sql"));
  const std::string rest = split ? read_text(ws->migration_file_ending("003_backfill_part2_no_transaction.up.sql")) : "";
  INFO(up);
  INFO(rest);
  CHECK(contains(up, "-- strata: batched\n"));
  CHECK_FALSE(contains(up, "no-transaction"));
  const char quote = engine.id == EngineId::mysql ? '`' : '"';
  const auto q = [&](const std::string& name) { return quote + name + quote; };
  const std::string step = "-- strata: batch key=id size=100\nUPDATE " + q("orders") + " SET " + q("total_cents") +
                           " = (price * 100) WHERE " + q("total_cents") + " IS NULL;\n";
  CHECK(contains(up, step));
  // The column is added NULL-able before the step and made NOT NULL after it.
  const auto add = up.find("ADD COLUMN");
  const auto fill = up.find(step);
  REQUIRE(add != std::string::npos);
  CHECK(add < fill);
  CHECK(up.substr(add, fill - add).find("NOT NULL") == std::string::npos);
  const std::string after_fill = split ? rest : up.substr(fill + step.size());
  CHECK(contains(after_fill, "NOT NULL"));
  // Its risk: the NOT NULL fails where the expression is NULL, which apply counts first.
  const std::string not_null_file = split ? rest : up;
  CHECK(contains(not_null_file, "DD201 setting orders.total_cents NOT NULL after its backfill fails on rows where "
                                "(price * 100) is NULL (0 violating rows)"));
  CHECK(contains(not_null_file, "-- strata: preflight check "));
  INFO(down);
  CHECK_FALSE(contains(down, "strata: batch"));
  CHECK(contains(down, "DROP COLUMN"));

  // Batched: lint does not flag the generated UPDATE as a data change in one transaction.
  const auto linted = ws->run("lint", {"--dir", "migrations", "--batch-threshold", "10", "002"});
  INFO(linted.describe());
  CHECK_FALSE(contains(linted.out, "S607"));

  const auto applied = ws->run("apply", {"--dir", "migrations"});
  INFO(applied.describe());
  REQUIRE(applied.exit_code == 0);
  CHECK(contains(applied.err, "batched step"));
  CHECK(ws->history() == (split ? std::vector<std::string>{"001|applied", "002|applied", "003|applied"}
                                 : std::vector<std::string>{"001|applied", "002|applied"}));
  CHECK(number(*ws, "SELECT count(*) FROM orders WHERE total_cents = price * 100") == k_backfill_rows);
  CHECK(number(*ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'") == k_backfill_rows);
  // NOT NULL now: a row without the column is refused.
  CHECK_THROWS(ws->exec("INSERT INTO orders (id, price) VALUES (1000, 1)"));

  // In sync: nothing left to plan.
  const auto again = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);

  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(ws->columns("orders") == std::vector<std::string>{"id", "price"});
  CHECK(ws->count("orders") == k_backfill_rows);
}

TEMPLATE_TEST_CASE("backfill on a table without a primary key is refused at plan, at its line",
                   "[e2e][batch][backfill]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_orders(*ws);
  ws->write("schema.yaml", schema_yaml("", "      - { name: doubled, type: integer, nullable: false, "
                                           "backfill: \"amount * 2\" }\n"));
  const auto files = ws->migration_files();
  const auto planned = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--version", "002",
                                        "--name", "backfill"});
  INFO(planned.describe());
  CHECK(planned.exit_code == 1);
  CHECK(contains(planned.err, "schema.yaml:12:68: backfill of column ledger.doubled"));
  CHECK(contains(planned.err, "backfill of column ledger.doubled needs a primary key on ledger"));
  CHECK(ws->migration_files() == files);
}

TEMPLATE_TEST_CASE("a backfill walks a composite primary key whole", "[e2e][batch][backfill]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  std::string insert = "INSERT INTO ledger_lines (entry, line, amount) VALUES ";
  for (int i = 0; i < 120; ++i) {
    insert += (i == 0 ? "(" : ", (") + std::to_string(i / 10) + ", " + std::to_string(i % 10) + ", " +
              std::to_string(i) + ")";
  }
  write_migration(*ws, "001", "ledger_lines",
                  "CREATE TABLE ledger_lines (entry INTEGER NOT NULL, line INTEGER NOT NULL, amount INTEGER NOT NULL, "
                  "PRIMARY KEY (entry, line));\n" + insert + ";\n",
                  "DROP TABLE ledger_lines;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  ws->write("schema.yaml", "version: 1\ntables:\n  - name: ledger_lines\n    columns:\n"
                           "      - { name: entry, type: integer, nullable: false }\n"
                           "      - { name: line, type: integer, nullable: false }\n"
                           "      - { name: amount, type: integer, nullable: false }\n"
                           "      - { name: doubled, type: integer, nullable: false, backfill: \"amount * 2\", "
                           "backfill_batch: 25 }\n"
                           "    primary_key: [entry, line]\n");
  const auto planned = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--version", "002",
                                        "--name", "backfill"});
  INFO(planned.describe());
  REQUIRE(planned.exit_code == 2);
  CHECK(contains(read_text(ws->migration_file_ending("002_backfill.up.sql")), "-- strata: batch key=entry,line size=25\n"));
  const auto applied = ws->run("apply", {"--dir", "migrations"});
  INFO(applied.describe());
  REQUIRE(applied.exit_code == 0);
  CHECK(number(*ws, "SELECT count(*) FROM ledger_lines WHERE doubled = amount * 2") == 120);
  CHECK(number(*ws, "SELECT rows_affected FROM strata_schema_history WHERE version = '002'") == 120);
  const auto again = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
}
