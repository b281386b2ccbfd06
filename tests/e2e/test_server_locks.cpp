// Issue 3 and 4, tests 6 and 7, on the two servers: a second apply fails on the lock (PostgreSQL's
// advisory lock, MariaDB's GET_LOCK) while the first runs, and nothing runs twice; a SIGKILL in
// the middle of a file leaves the previous version where DDL is transactional (the transaction
// goes with the backend) and an honest dirty row on MariaDB, which `strata repair --continue`
// finishes. SQLite's twins, with its own lock, are in test_concurrency.cpp. Issue 17: an ALTER
// behind a long transaction waits at most --ddl-lock-timeout per attempt, so other readers of the
// table keep going, and either succeeds once the transaction ends or fails naming its session.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include "dialects/registry.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A query counting the other sessions that run a statement containing some text: before and
// after the text.
struct RunningQuery {
  const char* before;
  const char* after;
};
const PerEngine<RunningQuery> k_running{
  {"", ""}, // SQLite: test_concurrency.cpp watches its write lock instead
  {"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND "
   "state = 'active' AND query LIKE '%",
   "%'"},
  {"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE '%",
   "%' AND INFO NOT LIKE '%PROCESSLIST%'"}};

bool running_statement(DbWorkspace& ws, const std::string& text)
{
  const auto& query = k_running[ws.engine()];
  return ws.scalar(query.before + text + query.after) != "0";
}

// Each server's way to fill rows and to wait: `rows` rows into table `table`, then `sleep`.
struct SlowSql {
  const char* fill; // "{table}" and "{rows}" replaced
  const char* sleep;
};
const PerEngine<SlowSql> k_slow{{"", ""}, // SQLite: test_concurrency.cpp
                                {"INSERT INTO {table} SELECT generate_series(1, {rows});\n", "pg_sleep"},
                                {"INSERT INTO {table} SELECT seq FROM seq_1_to_{rows};\n", "SLEEP"}};

std::string sleep_call(const Engine& engine, int seconds)
{
  return std::string(k_slow[engine].sleep) + "(" + std::to_string(seconds) + ")";
}

// Statements that run long enough to be caught: table `table` created and filled with `rows`
// rows, then a sleep of `seconds`.
std::string slow_sql(const Engine& engine, const std::string& table, int rows, int seconds)
{
  std::string fill = k_slow[engine].fill;
  fill.replace(fill.find("{table}"), 7, table);
  fill.replace(fill.find("{rows}"), 6, std::to_string(rows));
  return "CREATE TABLE " + table + " (n INTEGER NOT NULL);\n" + fill + "SELECT " + sleep_call(engine, seconds) + ";\n";
}

// Hashes the folder and starts `strata apply`; returns once it runs the sleep of `seconds`.
std::unique_ptr<Process> start_apply_until_asleep(DbWorkspace& ws, int seconds)
{
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  auto apply = ws.start_strata({"apply", "--dir", "migrations", "--db", ws.url()});
  REQUIRE(wait_until(
    [&] { return !apply->running() || running_statement(ws, sleep_call(ws.engine(), seconds)); }, 20s));
  REQUIRE(apply->running());
  return apply;
}

} // namespace

TEMPLATE_TEST_CASE("two concurrent applies on a server: the second fails on the lock and nothing runs twice",
                   "[e2e][lock]", postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "slow", slow_sql(engine, "filler", 1000, 4), "DROP TABLE filler;\n");
  auto first = start_apply_until_asleep(*ws, 4);

  const auto started = Clock::now();
  const auto second = ws->run("apply", {"--dir", "migrations", "--lock-timeout", "1"});
  const auto waited = Clock::now() - started;
  const auto first_result = first->wait();
  INFO("second: " << second.describe());
  INFO("first: " << first_result.describe());
  CHECK(second.exit_code == 1);
  CHECK(contains(lower(second.err), "lock"));
  CHECK(waited >= 900ms);
  CHECK(waited < 15s);
  CHECK(first_result.exit_code == 0);
  CHECK(ws->history() == std::vector<std::string>{"001|applied"});
  CHECK(ws->count("filler") == 1000);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws->count("filler") == 1000);
}

TEMPLATE_TEST_CASE("SIGKILL in the middle of a file on a server: the previous version or a dirty row, then finished",
                   "[e2e][kill]", postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "001", "base",
                  "CREATE TABLE base (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL);\n"
                  "INSERT INTO base VALUES (1, 'one');\n",
                  "DROP TABLE base;\n");
  write_migration(*ws, "002", "slow",
                  slow_sql(engine, "slow_rows", 5000, 3) + "CREATE TABLE after_slow (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE IF EXISTS after_slow;\nDROP TABLE slow_rows;\n");
  auto apply = start_apply_until_asleep(*ws, 3);
  apply->send_signal(SIGKILL);
  const auto killed = apply->wait();
  REQUIRE(killed.signal == SIGKILL);
  CHECK(ws->rows("SELECT id, label FROM base") == std::vector<Row>{row({"1", "one"})});
  CHECK_FALSE(ws->table_exists("after_slow"));

  std::vector<std::string> finish{"apply", "--dir", "migrations", "--lock-timeout", "30"};
  if (engine.transactional_ddl) {
    // The file's transaction died with its session: nothing of 002 is left.
    CHECK(ws->history() == std::vector<std::string>{"001|applied"});
    CHECK_FALSE(ws->table_exists("slow_rows"));
  } else {
    // DDL committed as it went: the history says so instead of pretending.
    CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
    CHECK(ws->count("slow_rows") == 5000);
    const auto status = ws->run("status", {"--dir", "migrations"});
    INFO(status.describe());
    CHECK(status.exit_code == 1);
    CHECK(contains(lower(status.output()), "dirty"));
    const auto refused = ws->run("apply", {"--dir", "migrations", "--lock-timeout", "30"});
    INFO(refused.describe());
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "repair"));
    CHECK_FALSE(ws->table_exists("after_slow"));
    // Statements 1 and 2 finished before the kill; repair runs the rest once.
    finish = {"repair", "--dir", "migrations", "--continue", "--yes", "--lock-timeout", "30"};
  }

  // The killed session's lock goes with its backend; the retry waits for that, then finishes.
  const auto finished = ws->run(finish.front(), {finish.begin() + 1, finish.end()});
  INFO(finished.describe());
  REQUIRE(finished.exit_code == 0);
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws->count("slow_rows") == 5000);
  CHECK(ws->table_exists("after_slow"));
  require_exit(ws->run("status", {"--dir", "migrations"}), 0);
}

namespace {

// Per engine: the statement lock timeout the test gives (MariaDB takes whole seconds), how long
// the blocking transaction lasts in the scenario that succeeds, the longest a reader of the table
// may wait meanwhile (the timeout and some slack for a shared machine, well below the hold), and
// how a session names itself and shows its id.
struct BusyTable {
  const char* timeout;
  std::chrono::milliseconds hold;
  std::chrono::milliseconds read_bound;
  const char* name_session;
  const char* session_id;
  const char* holder_named; // what the failure says before the holder's id
};
const PerEngine<BusyTable> k_busy{
  {"", 0ms, 0ms, "", "", ""}, // SQLite: one writer at a time, its busy timeout (README)
  {"200ms", 2500ms, 1200ms, "SET application_name = 'busy-holder'", "SELECT pg_backend_pid()", "pid "},
  {"1", 4000ms, 2500ms, "SELECT 1", "SELECT CONNECTION_ID()", "connection "}};

std::unique_ptr<strata::dialects::Connection> open(DbWorkspace& ws)
{
  const auto url = strata::dialects::DbUrl::parse(ws.url());
  return strata::dialects::dialect_for(url).connect(url);
}

// The longest a `SELECT count(*) FROM busy` of `reader` took, read over and over for `period`.
std::chrono::milliseconds slowest_read(strata::dialects::Connection& reader, std::chrono::milliseconds period,
                                       int& reads)
{
  std::chrono::milliseconds slowest{0};
  const auto until = Clock::now() + period;
  while (Clock::now() < until) {
    const auto started = Clock::now();
    reader.query("SELECT count(*) FROM busy");
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started));
    ++reads;
    std::this_thread::sleep_for(20ms);
  }
  return slowest;
}

} // namespace

TEMPLATE_TEST_CASE("an ALTER behind a long transaction waits a lock timeout at a time, retries, and succeeds or "
                   "fails naming the blocker",
                   "[e2e][lock]", postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto& busy = k_busy[engine];
  auto ws = engine.workspace();
  write_migration(*ws, "001", "busy", "CREATE TABLE busy (id INTEGER PRIMARY KEY);\nINSERT INTO busy VALUES (1);\n",
                  "DROP TABLE busy;\n");
  write_migration(*ws, "002", "note", "ALTER TABLE busy ADD COLUMN note VARCHAR(20);\n",
                  "ALTER TABLE busy DROP COLUMN note;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--to", "001"}), 0);

  auto holder = open(*ws);
  auto reader = open(*ws);
  holder->execute(busy.name_session);
  const std::string holder_id = holder->query(busy.session_id).rows.at(0).at(0).value_or("?");
  holder->begin();
  holder->query("SELECT count(*) FROM busy"); // holds the table (ACCESS SHARE; a metadata lock) until it ends

  SECTION("the transaction ends while strata retries: the ALTER is applied, and readers never waited long")
  {
    auto apply = ws->start_strata(
      {"apply", "--db", ws->url(), "--dir", "migrations", "--ddl-lock-timeout", busy.timeout, "--ddl-lock-retries", "30"});
    int reads = 0;
    const auto slowest = slowest_read(*reader, busy.hold, reads);
    const auto waits = apply->output_so_far();
    holder->rollback();
    const auto result = apply->wait();
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK(contains(waits, "waited"));
    CHECK(contains(waits, busy.holder_named + holder_id));
    CHECK(slowest < busy.read_bound);
    CHECK(reads >= 5);
    CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|applied"});
    CHECK(ws->columns("busy") == std::vector<std::string>{"id", "note"});
  }

  SECTION("the transaction never ends: apply fails naming the blocking session, the table untouched")
  {
    ProcessOptions options;
    options.env["STRATA_DDL_LOCK_TIMEOUT"] = busy.timeout;
    const auto result =
      ws->strata({"apply", "--db", ws->url(), "--dir", "migrations", "--ddl-lock-retries", "1"}, options);
    holder->rollback();
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "002_note.up.sql: statement 1 (line 1) failed"));
    CHECK(contains(result.err, "waited"));
    CHECK(contains(result.err, "for a lock 2 times; held by " + std::string(busy.holder_named) + holder_id));
    CHECK(ws->columns("busy") == std::vector<std::string>{"id"});
    if (engine.transactional_ddl) {
      CHECK(ws->history() == std::vector<std::string>{"001|applied"});
    } else { // the file's row is dirty, naming the statement; `repair --continue` runs it again
      CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
      require_exit(ws->run("repair", {"--dir", "migrations", "--continue", "--yes"}), 0);
      CHECK(ws->columns("busy") == std::vector<std::string>{"id", "note"});
    }
  }
}
