// Issue 2, tests 6 and 7: two concurrent applies (the lock), and a process killed mid-migration.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::string slow_migration(const std::string& table)
{
  return "-- Fills a table slowly: a few seconds of work in one statement.\n"
         "CREATE TABLE \"" +
         table + "\" (n INTEGER NOT NULL);\n" + slow_insert_sql(table);
}

} // namespace

TEST_CASE("two concurrent applies: the second fails on the lock and nothing runs twice", "[e2e][lock]")
{
  Workspace ws;
  const auto db = ws.db_path();
  write_migration(ws, "001", "slow_fill", slow_migration("filler"), "DROP TABLE filler;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  exec_sql(db, "CREATE TABLE seed (id INTEGER PRIMARY KEY)");

  auto first = ws.start_strata({"apply", "--db", ws.db_url(), "--dir", "migrations"});
  // The first apply is under way once it holds the database's write lock.
  const bool locked = wait_until([&] { return !first->running() || write_locked(db); }, 20s);
  REQUIRE(locked);
  REQUIRE(first->running());

  const auto started = Clock::now();
  const auto second = ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations", "--lock-timeout", "1"});
  const auto waited = Clock::now() - started;
  const bool first_still_running = first->running();
  const auto first_result = first->wait();

  INFO("second apply: " << second.describe());
  INFO("first apply: " << first_result.describe());
  CHECK(second.exit_code == 1);
  CHECK(contains(lower(second.err), "lock"));
  CHECK(waited >= 900ms);  // it waited for the lock for about the time-out...
  CHECK(waited < 15s);     // ...and not for the whole migration
  CHECK(first_still_running);
  CHECK(first_result.exit_code == 0);

  CHECK(history_versions(db) == std::vector<std::string>{"001|applied"});
  CHECK(count_rows(db, "filler") == k_slow_rows);

  // A later apply has nothing to do.
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  CHECK(history_versions(db) == std::vector<std::string>{"001|applied"});
  CHECK(count_rows(db, "filler") == k_slow_rows);
}

TEST_CASE("SIGKILL in the middle of a migration leaves the previous version and the next apply succeeds", "[e2e][kill]")
{
  Workspace ws;
  const auto db = ws.db_path();
  write_migration(ws, "001", "base",
                  "CREATE TABLE base (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"
                  "INSERT INTO base (id, label) VALUES (1, 'one');\n",
                  "DROP TABLE base;\n");
  write_migration(ws, "002", "slow_rows",
                  slow_migration("slow_rows") + "CREATE TABLE after_slow (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE after_slow;\nDROP TABLE slow_rows;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto apply = ws.start_strata({"apply", "--db", ws.db_url(), "--dir", "migrations"});
  // Evidence that the second file is running: the progress output names it, or the first file's
  // history row is visible, or the write lock has been held for well over what file 1 needs.
  std::optional<Clock::time_point> locked_since;
  const bool in_second = wait_until(
    [&] {
      if (!apply->running()) {
        return true;
      }
      if (contains(apply->output_so_far(), "002_slow_rows")) {
        return true;
      }
      if (write_locked(db)) {
        if (!locked_since) {
          locked_since = Clock::now();
        }
        return Clock::now() - *locked_since > 1500ms;
      }
      locked_since.reset();
      try {
        return history_versions(db).size() == 1;
      } catch (...) { // busy or mid-commit: try again
        return false;
      }
    },
    20s);
  REQUIRE(in_second);
  std::this_thread::sleep_for(300ms); // well inside the multi-second INSERT
  REQUIRE(apply->running());
  apply->send_signal(SIGKILL);
  const auto killed = apply->wait();
  INFO(killed.describe());
  REQUIRE(killed.signal == SIGKILL);

  // At version 001, with nothing of 002.
  CHECK(history_versions(db) == std::vector<std::string>{"001|applied"});
  CHECK(query_rows(db, "SELECT id, label FROM base") == std::vector<Row>{row({"1", "one"})});
  CHECK_FALSE(table_exists(db, "slow_rows"));
  CHECK_FALSE(table_exists(db, "after_slow"));
  CHECK(query_rows(db, "PRAGMA integrity_check") == std::vector<Row>{row({"ok"})});

  const auto status = ws.strata({"status", "--db", ws.db_url(), "--dir", "migrations"});
  INFO(status.describe());
  CHECK(status.exit_code == 0);
  CHECK(contains(status.output(), "002"));

  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  CHECK(history_versions(db) == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(count_rows(db, "slow_rows") == k_slow_rows);
  CHECK(table_exists(db, "after_slow"));
}

TEST_CASE("one SQLite file named through a symlink, ./relative or absolute paths has one migration lock",
          "[e2e][lock]")
{
  Workspace ws;
  const auto db = ws.db_path();
  write_migration(ws, "001", "slow_fill", slow_migration("filler"), "DROP TABLE filler;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  exec_sql(db, "CREATE TABLE seed (id INTEGER PRIMARY KEY)");
  std::filesystem::create_directory(ws.path("linked"));
  std::filesystem::create_symlink(db, ws.path("linked/alias.db"));

  // Each pair names the same file two ways (strata runs in the workspace folder).
  const std::vector<std::pair<std::string, std::string>> spellings{
    {"sqlite:" + db.string(), "sqlite:linked/alias.db"},
    {"sqlite:./app.db", "sqlite:" + db.string()},
    {"sqlite:app.db", "sqlite:./linked/../app.db"},
  };
  for (const auto& [first_url, second_url] : spellings) {
    INFO(first_url << " then " << second_url);
    auto first = ws.start_strata({"apply", "--db", first_url, "--dir", "migrations"});
    REQUIRE(wait_until([&] { return !first->running() || write_locked(db); }, 20s));
    REQUIRE(first->running());
    const auto second = ws.strata({"apply", "--db", second_url, "--dir", "migrations", "--lock-timeout", "1"});
    INFO("second apply: " << second.describe());
    CHECK(second.exit_code == 1);
    CHECK(contains(second.err, "another strata process holds the migration lock"));
    REQUIRE(first->running()); // the refusal came from the lock, not from a finished first apply
    first->send_signal(SIGKILL); // the killed file rolls back: the next pair starts from scratch
    first->wait();
    CHECK(history_versions(db).empty());
    CHECK_FALSE(table_exists(db, "filler"));
  }
}
