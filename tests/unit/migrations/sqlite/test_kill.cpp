#include "tests/unit/migrations/sqlite/executor_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;

TEST_CASE("a process killed in the middle of a file leaves nothing half-applied", "[migrations][executor][kill]")
{
  ExecutorFixture fx;
  fx.file("001_small.up.sql", "CREATE TABLE small (n INTEGER);\n");
  fx.file("002_big.up.sql", "CREATE TABLE big (n INTEGER);\n"
                            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 200000000)\n"
                            "INSERT INTO big SELECT n FROM c;\n");
  fx.reload();
  fx.executor().apply(std::string("001"), false);
  fx.connection.reset(); // the child opens its own connection

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      auto connection = fx.dialect.connect(fx.url);
      Executor executor(*connection, fx.dialect, fx.url, fx.directory, {});
      executor.apply(std::nullopt, false);
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  // Wait until the child is writing inside its transaction (the rollback journal exists), then kill it.
  const auto journal = fx.dir / "app.db-journal";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!std::filesystem::exists(journal) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int status = 0;
  REQUIRE(waitpid(child, &status, WNOHANG) == 0); // still running: the kill lands mid-file
  kill(child, SIGKILL);
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));

  fx.connection = fx.dialect.connect(fx.url);
  CHECK_FALSE(fx.table_exists("big"));
  auto rows = fx.executor().history();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].version == "001");

  // The lock died with the process; the next apply (of a lighter, not yet applied file) succeeds.
  fx.file("002_big.up.sql", "CREATE TABLE big (n INTEGER);\nINSERT INTO big VALUES (1);\n");
  fx.reload();
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});
  CHECK(fx.count("SELECT count(*) FROM big") == 1);
}
