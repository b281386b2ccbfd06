// MariaDB only: GET_LOCK between two applies, and SIGKILL in the middle of a file, which leaves
// an honest dirty state (MariaDB commits DDL as it goes) that apply refuses and `strata repair
// --continue` finishes.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/my_support.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>

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
