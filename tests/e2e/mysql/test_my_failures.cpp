// Issue 4, tests 6 to 10 on MariaDB: GET_LOCK between two applies; SIGKILL in the middle of a
// file and a failing statement leave an honest dirty state (MySQL commits DDL as it goes) that
// apply refuses and `strata repair` resolves; bad YAML; deterministic plans.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <regex>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Whether another session runs a statement containing `text`.
bool running_statement(MyWorkspace& ws, const std::string& text)
{
  return ws.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND "
                   "INFO LIKE '%" +
                   text + "%' AND INFO NOT LIKE '%PROCESSLIST%'") != "0";
}

} // namespace

TEST_CASE("mysql: two concurrent applies, the second fails on the lock and nothing runs twice", "[e2e][mysql][lock]")
{
  MyWorkspace ws;
  write_migration(ws, "001", "slow",
                  "CREATE TABLE filler (n INT NOT NULL);\n"
                  "INSERT INTO filler SELECT seq FROM seq_1_to_1000;\n"
                  "SELECT SLEEP(4);\n",
                  "DROP TABLE filler;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto first = ws.start_strata({"apply", "--dir", "migrations", "--db", ws.url()});
  REQUIRE(wait_until([&] { return !first->running() || running_statement(ws, "SLEEP(4)"); }, 20s));
  REQUIRE(first->running());

  const auto started = Clock::now();
  const auto second = ws.run("apply", {"--dir", "migrations", "--lock-timeout", "1"});
  const auto waited = Clock::now() - started;
  const auto first_result = first->wait();
  INFO("second: " << second.describe());
  INFO("first: " << first_result.describe());
  CHECK(second.exit_code == 1);
  CHECK(contains(lower(second.err), "lock"));
  CHECK(waited >= 900ms);
  CHECK(waited < 15s);
  CHECK(first_result.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied"});
  CHECK(ws.count("filler") == 1000);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws.count("filler") == 1000);
}

TEST_CASE("mysql: SIGKILL in the middle of a file leaves it dirty, apply refuses, repair continues it",
          "[e2e][mysql][kill][dirty]")
{
  MyWorkspace ws;
  write_migration(ws, "001", "base",
                  "CREATE TABLE base (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL);\n"
                  "INSERT INTO base VALUES (1, 'one');\n",
                  "DROP TABLE base;\n");
  write_migration(ws, "002", "slow",
                  "CREATE TABLE slow_rows (n INT NOT NULL);\n"
                  "INSERT INTO slow_rows SELECT seq FROM seq_1_to_5000;\n"
                  "SELECT SLEEP(3);\n"
                  "CREATE TABLE after_slow (id INT PRIMARY KEY);\n",
                  "DROP TABLE IF EXISTS after_slow;\nDROP TABLE slow_rows;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto apply = ws.start_strata({"apply", "--dir", "migrations", "--db", ws.url()});
  REQUIRE(wait_until([&] { return !apply->running() || running_statement(ws, "SLEEP(3)"); }, 20s));
  REQUIRE(apply->running());
  apply->send_signal(SIGKILL);
  const auto killed = apply->wait();
  REQUIRE(killed.signal == SIGKILL);

  // DDL committed as it went: the history says so instead of pretending.
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|dirty"});
  CHECK(ws.rows("SELECT id, label FROM base") == std::vector<Row>{row({"1", "one"})});
  CHECK(ws.count("slow_rows") == 5000);
  CHECK_FALSE(ws.table_exists("after_slow"));

  const auto status = ws.run("status", {"--dir", "migrations"});
  INFO(status.describe());
  CHECK(status.exit_code == 1);
  CHECK(contains(lower(status.output()), "dirty"));
  const auto refused = ws.run("apply", {"--dir", "migrations", "--lock-timeout", "30"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "repair"));
  CHECK_FALSE(ws.table_exists("after_slow"));

  // Statements 1 and 2 finished before the kill; repair runs the rest once.
  const auto repair = ws.run("repair", {"--dir", "migrations", "--continue", "--lock-timeout", "30"});
  INFO(repair.describe());
  REQUIRE(repair.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws.count("slow_rows") == 5000);
  CHECK(ws.table_exists("after_slow"));
  require_exit(ws.run("status", {"--dir", "migrations"}), 0);
}

TEST_CASE("mysql: a failing statement leaves the file dirty at that statement, named by file, statement and line",
          "[e2e][mysql][failure][dirty]")
{
  MyWorkspace ws;
  write_migration(ws, "001", "ok", "CREATE TABLE keep (id INT PRIMARY KEY);\nINSERT INTO keep VALUES (1);\n",
                  "DROP TABLE keep;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  write_migration(ws, "002", "gadgets",
                  "-- Gadgets, with a bad row.\n"
                  "CREATE TABLE gadgets (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
                  "\n"
                  "INSERT INTO gadgets (id, name) VALUES (1, 'fine');\n"
                  "\n"
                  "-- the next statement fails\n"
                  "INSERT INTO gadgets (id, name)\n"
                  "  VALUES (2, NULL);\n"
                  "INSERT INTO keep VALUES (2);\n",
                  "DROP TABLE IF EXISTS gadgets;\nDELETE FROM keep WHERE id = 2;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  const auto apply = ws.run("apply", {"--dir", "migrations"});
  INFO(apply.describe());
  CHECK(apply.exit_code == 1);
  CHECK(contains(apply.err, "002_gadgets.up.sql"));
  CHECK(contains(lower(apply.err), "statement 3"));
  CHECK(contains(lower(apply.err), "line 7"));
  CHECK(contains(lower(apply.err), "null"));
  // What ran before the failure is there (MySQL cannot take DDL back) and the history says so.
  CHECK(ws.table_exists("gadgets"));
  CHECK(ws.count("gadgets") == 1);
  CHECK(ws.count("keep") == 1);
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|dirty"});
  const auto status = ws.run("status", {"--dir", "migrations"});
  INFO(status.describe());
  CHECK(status.exit_code == 1);
  CHECK(contains(status.output(), "002"));
  CHECK(contains(lower(status.output()), "statement 3"));

  // The user undoes it by hand and tells strata; the file is pending again and, fixed, applies.
  ws.exec("DROP TABLE gadgets");
  const auto repair = ws.run("repair", {"--dir", "migrations", "--rolled-back"});
  INFO(repair.describe());
  REQUIRE(repair.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied"});
  write_text(ws.dir() / "002_gadgets.up.sql",
             "CREATE TABLE gadgets (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
             "INSERT INTO gadgets (id, name) VALUES (1, 'fine'), (2, 'also fine');\n"
             "INSERT INTO keep VALUES (2);\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws.count("gadgets") == 2);
  CHECK(ws.count("keep") == 2);
}

TEST_CASE("mysql: bad YAML exits 1 with file:line:col and leaves the database untouched", "[e2e][mysql][yaml]")
{
  MyWorkspace ws;
  ws.exec("CREATE TABLE existing (id INT PRIMARY KEY, note TEXT); INSERT INTO existing VALUES (1, 'x')");
  const auto before = ws.schema_dump();
  ws.write("bad.yaml", "version: 1\n"
                       "tables:\n"
                       "  - name: things\n"
                       "    columns:\n"
                       "      - { name: id, type: integer }\n"
                       "      - { name: label, type: varchar(abc) }\n"
                       "    primary_key: [id]\n");
  const auto plan = ws.run("plan", {"--schema", "bad.yaml", "--dir", "migrations", "--name", "bad"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 1);
  CHECK(std::regex_search(plan.err, std::regex("bad\\.yaml:6:[0-9]+")));
  CHECK(ws.migration_files().empty());
  CHECK(ws.schema_dump() == before);
  CHECK(ws.count("existing") == 1);
  CHECK_FALSE(ws.table_exists("strata_schema_history"));
}

TEST_CASE("mysql: the same inputs give byte-identical migration files", "[e2e][mysql][deterministic]")
{
  MyWorkspace a;
  MyWorkspace b;
  for (auto* ws : {&a, &b}) {
    apply_books_v1(*ws);
    ws->write("v2.yaml", k_books_v2_yaml);
    require_exit(ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--version",
                                  k_v2_version}),
                 2);
  }
  REQUIRE(a.migration_files() == b.migration_files());
  for (const auto& name : a.migration_files()) {
    INFO(name);
    CHECK(read_text(a.dir() / name) == read_text(b.dir() / name));
  }
}
