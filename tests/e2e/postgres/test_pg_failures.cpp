// PostgreSQL only: the advisory lock between two applies, and SIGKILL in the middle of a file
// (the transaction goes with the backend: the previous version stays, the next apply succeeds).

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <functional>
#include <thread>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Whether some session of this database runs a statement containing `text`.
bool running_statement(PgWorkspace& ws, const std::string& text)
{
  return ws.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                   "pg_backend_pid() AND state = 'active' AND query LIKE '%" +
                   text + "%'") != "0";
}

} // namespace

TEST_CASE("postgres: two concurrent applies, the second fails on the lock and nothing runs twice",
          "[e2e][postgres][lock]")
{
  PgWorkspace ws;
  write_migration(ws, "001", "slow",
                  "CREATE TABLE filler (n integer NOT NULL);\n"
                  "INSERT INTO filler SELECT generate_series(1, 1000);\n"
                  "SELECT pg_sleep(4);\n",
                  "DROP TABLE filler;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto first = ws.start_strata({"apply", "--dir", "migrations", "--db", ws.url()});
  REQUIRE(wait_until([&] { return !first->running() || running_statement(ws, "pg_sleep(4)"); }, 20s));
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

TEST_CASE("postgres: SIGKILL in the middle of a file leaves the previous version, the next apply succeeds",
          "[e2e][postgres][kill]")
{
  PgWorkspace ws;
  write_migration(ws, "001", "base",
                  "CREATE TABLE base (id integer PRIMARY KEY, label text NOT NULL);\n"
                  "INSERT INTO base VALUES (1, 'one');\n",
                  "DROP TABLE base;\n");
  write_migration(ws, "002", "slow",
                  "CREATE TABLE slow_rows (n integer NOT NULL);\n"
                  "INSERT INTO slow_rows SELECT generate_series(1, 5000);\n"
                  "SELECT pg_sleep(3);\n"
                  "CREATE TABLE after_slow (id integer PRIMARY KEY);\n",
                  "DROP TABLE after_slow;\nDROP TABLE slow_rows;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto apply = ws.start_strata({"apply", "--dir", "migrations", "--db", ws.url()});
  REQUIRE(wait_until([&] { return !apply->running() || running_statement(ws, "pg_sleep(3)"); }, 20s));
  REQUIRE(apply->running());
  apply->send_signal(SIGKILL);
  const auto killed = apply->wait();
  REQUIRE(killed.signal == SIGKILL);

  CHECK(ws.history() == std::vector<std::string>{"001|applied"});
  CHECK(ws.rows("SELECT id, label FROM base") == std::vector<Row>{row({"1", "one"})});
  CHECK_FALSE(ws.relation_exists("slow_rows"));
  CHECK_FALSE(ws.relation_exists("after_slow"));

  // The killed session's lock goes with its backend; the retry waits for that, then succeeds.
  require_exit(ws.run("apply", {"--dir", "migrations", "--lock-timeout", "30"}), 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws.count("slow_rows") == 5000);
  CHECK(ws.relation_exists("after_slow"));
}
