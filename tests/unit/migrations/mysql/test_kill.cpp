// A strata process killed in the middle of a MySQL/MariaDB file: the row it wrote before each
// statement says which one was running; the lock goes with the dead session; repair --continue
// goes on from that statement.
#include "tests/unit/migrations/mysql/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

using namespace strata;
using namespace strata::migrations;
using strata::test::MyExecutorFixture;

TEST_CASE("mysql executor: a killed apply leaves the running statement recorded, repair continues there",
          "[mysql][migrations][kill]")
{
  MyExecutorFixture fx;
  // Statement 2 sleeps while `a` is empty (the first run), not once a row is in it (the repair);
  // long enough for the parent to see it running on a loaded machine.
  fx.file("001_slow.up.sql", "CREATE TABLE a (id int);\n"
                             "DO SLEEP(IF((SELECT COUNT(*) FROM a) = 0, 6, 0));\n"
                             "CREATE TABLE b (id int);\n");
  fx.reload();
  fx.db.connection(); // the parent's own connection, opened before the fork

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      auto connection = fx.db.connect();
      Executor executor(*connection, fx.dialect, fx.db.url(), fx.directory, {});
      executor.apply(std::nullopt, false);
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  // Wait until the child is in statement 2, then kill it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool sleeping = false;
  while (!sleeping && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // The child creates the history table first: until then there is nothing to read.
    if (!fx.dialect.table_exists(fx.db.connection(), "strata_schema_history")) {
      continue;
    }
    const auto rows = fx.db.connection().query(
      "SELECT failed_statement FROM strata_schema_history WHERE version = '001' AND status = 'dirty'");
    sleeping = !rows.empty() && rows.rows[0][0].value_or("") == "2";
  }
  REQUIRE(sleeping);
  kill(child, SIGKILL);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));

  const auto row = fx.row("001");
  CHECK(row.status == "dirty");
  CHECK(row.failed_statement == 2);
  CHECK(row.failed_line == 2);
  CHECK(row.message == "statement 2 (line 2) was running when the run stopped");
  CHECK(fx.table_exists("a"));
  CHECK_FALSE(fx.table_exists("b"));
  CHECK_THROWS_AS(fx.executor().apply(std::nullopt, false), IntegrityError);

  // The dead session's lock is freed once the server ends its statement; repair waits for that.
  fx.db.connection().execute("INSERT INTO a VALUES (1)");
  ExecutorOptions options;
  options.lock_timeout = std::chrono::seconds(15);
  CHECK(fx.executor(options).repair(RepairAction::resume).outcome == "applied");
  CHECK(fx.table_exists("b"));
  CHECK(fx.executor().status().ok());
}
