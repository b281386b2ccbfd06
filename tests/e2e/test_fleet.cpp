// Issue 17, fleets: one command over many databases of each engine (SQLite files, PostgreSQL and
// MariaDB databases of the test servers). A target list with a comment and a ${env:NAME} line;
// apply in parallel; a canary that fails keeps the rest from starting; --on-error continue runs
// every other target; status, drift and verify print one line per target and a summary with the
// exit code of one database (2 when one drifted); an interrupted fleet apply lets the running
// target finish its file, starts nothing new, and a rerun goes on from there. PostgreSQL and
// MariaDB: a pattern names every matching database of the server; PostgreSQL: every matching
// schema of a database, each with its own history.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include "dialects/url.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <vector>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Json = nlohmann::json;
using Versions = std::vector<std::string>;

namespace {

using Fleet = std::vector<std::unique_ptr<DbWorkspace>>;

Fleet make_fleet(const Engine& engine, size_t count)
{
  Fleet fleet;
  for (size_t i = 0; i < count; ++i) {
    fleet.push_back(engine.workspace());
  }
  return fleet;
}

// The target list in the first workspace: a comment, the URLs, the last one through a variable.
ProcessOptions write_targets(const Fleet& fleet)
{
  std::string text = "# the fleet of this test\n";
  for (size_t i = 0; i + 1 < fleet.size(); ++i) {
    text += fleet[i]->url() + "\n";
  }
  text += "${env:STRATA_TEST_FLEET_LAST}   # through a variable\n";
  fleet[0]->write("targets.txt", text);
  ProcessOptions options;
  options.env = {{"STRATA_TEST_FLEET_LAST", fleet.back()->url()}};
  return options;
}

ProcessResult expect(const DbWorkspace& ws, const std::vector<std::string>& args, int code,
                     const ProcessOptions& options = {})
{
  auto result = ws.strata(args, options);
  INFO(result.describe());
  CHECK(result.exit_code == code);
  return result;
}

// No output shows a URL with the servers' password (the test servers' password is a common word,
// so the URL's user:password is looked for); the redacted form is what it shows.
void check_no_password(const DbWorkspace& ws, const ProcessResult& result)
{
  const auto url = strata::dialects::DbUrl::parse(ws.url());
  if (!url.password.empty()) {
    CHECK_FALSE(contains(result.output(), url.user + ":" + url.password + "@"));
    CHECK(contains(result.output(), url.user + ":***@"));
  }
}

} // namespace

TEMPLATE_TEST_CASE("a fleet apply runs in parallel, a failed canary stops the rest, continue runs the others",
                   "[e2e][fleet]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  // The issue's fleets: 20 SQLite files, 10 PostgreSQL and 10 MariaDB databases; the second broken.
  const size_t n = engine.id == EngineId::sqlite ? 20 : 10;
  const auto count = std::to_string(n);
  const auto fleet = make_fleet(engine, n);
  const auto& ws = *fleet[0];
  write_migration(ws, "1", "init", "CREATE TABLE notes (id integer PRIMARY KEY, body varchar(20));\n",
                  "DROP TABLE notes;\n");
  write_migration(ws, "2", "more", "CREATE TABLE more (id integer PRIMARY KEY);\n", "DROP TABLE more;\n");
  require_exit(ws.strata({"hash"}), 0);
  fleet[1]->exec("CREATE TABLE more (id integer PRIMARY KEY)"); // its 2_more fails
  const auto env = write_targets(fleet);

  // The canary (targets 1 and 2) fails on target 2: the other targets are not touched.
  const auto canary = expect(ws, {"apply", "--targets", "targets.txt", "--canary", "2", "--parallel", "2"}, 1, env);
  CHECK(contains(canary.out, "[1/" + count + "] "));
  CHECK(contains(canary.out, ": applied 2 files: 1_init.up.sql, 2_more.up.sql"));
  CHECK(contains(canary.out, "[2/" + count + "] "));
  CHECK(contains(canary.out, ": failed: "));
  CHECK(contains(canary.out, "not run: the canary (targets 1-2) did not succeed"));
  CHECK(contains(canary.out, count + " targets: 1 applied, 0 already current, 0 pending, 1 failed, " +
                               std::to_string(n - 2) + " not run"));
  check_no_password(ws, canary);
  CHECK(fleet[0]->history() == Versions{"1|applied", "2|applied"});
  for (size_t i = 2; i < n; ++i) {
    CHECK(fleet[i]->history().empty());
  }

  // --on-error continue: every other target runs; the report as json.
  const auto go_on = expect(
    ws, {"apply", "--targets", "targets.txt", "--on-error", "continue", "--parallel", "4", "--format", "json"}, 1, env);
  const auto doc = Json::parse(go_on.out);
  CHECK(doc.at("command") == "apply");
  CHECK(doc.at("summary") ==
        Json{{"targets", n}, {"applied", n - 2}, {"current", 1}, {"pending", 0}, {"failed", 1}});
  CHECK(doc.at("targets")[1].at("outcome") == "failed");
  CHECK(doc.at("targets")[n - 1].at("source") == "targets.txt:" + std::to_string(n + 1) + ":1");
  CHECK(doc.at("targets")[n - 1].at("files") == Json{"1_init.up.sql", "2_more.up.sql"});
  CHECK(doc.at("exit_code") == 1);
  for (size_t i = 2; i < n; ++i) {
    INFO("target " << i + 1);
    CHECK(fleet[i]->history() == Versions{"1|applied", "2|applied"});
  }
  // The broken target's history holds its first file only (MariaDB: the second is dirty).
  CHECK(fleet[1]->history().at(0) == "1|applied");

  // The broken target fixed (MariaDB: its dirty row settled); status counts it pending.
  fleet[1]->exec("DROP TABLE more");
  if (!engine.transactional_ddl) {
    require_exit(fleet[1]->run("repair", {"--rolled-back", "--yes"}), 0);
  }
  const auto status = expect(ws, {"status", "--targets", "targets.txt", "--parallel", "4"}, 0, env);
  CHECK(contains(status.out, "1 file pending: 2_more.up.sql (current: 1_init.up.sql)"));
  CHECK(contains(status.out, count + " targets: " + std::to_string(n - 1) + " current, 1 pending, 0 failed"));
  const auto done = expect(ws, {"apply", "--targets", "targets.txt", "--parallel", "4", "--format", "markdown"}, 0, env);
  CHECK(contains(done.out, "| 2 | `"));
  CHECK(contains(done.out, "**" + count + " targets: 1 applied, " + std::to_string(n - 1) +
                             " already current, 0 pending, 0 failed**"));
  CHECK(fleet[1]->history() == Versions{"1|applied", "2|applied"});

  // drift over the fleet: in sync, then one drifted (exit 2); verify replays for each target.
  require_exit(ws.strata({"inspect", "--db", ws.url(), "-o", "schema.yaml"}), 0);
  expect(ws, {"drift", "--targets", "targets.txt", "--parallel", "4"}, 0, env);
  fleet[2]->exec("CREATE TABLE extra (id integer PRIMARY KEY)");
  const auto drift = expect(ws, {"drift", "--targets", "targets.txt", "--parallel", "4"}, 2, env);
  CHECK(contains(drift.out, "[3/" + count + "] "));
  CHECK(contains(drift.out, ": drifted from "));
  CHECK(contains(drift.out, count + " targets: " + std::to_string(n - 1) + " in sync, 1 drifted, 0 failed"));
  const auto verify = expect(ws, {"verify", "--targets", "targets.txt", "--parallel", "4"}, 0, env);
  CHECK(contains(verify.out, count + " targets: " + count + " ok, 0 failed"));
  check_no_password(ws, verify);
}

TEMPLATE_TEST_CASE("an interrupted fleet apply finishes the running file, starts nothing new, and a rerun goes on",
                   "[e2e][fleet]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto fleet = make_fleet(engine, 3);
  const auto& ws = *fleet[0];
  const PerEngine<std::string> slow{
    "CREATE TABLE filler (n INTEGER NOT NULL);\n" + slow_insert_sql("filler"),
    "SELECT pg_sleep(2);\n",
    "DO SLEEP(2);\n",
  };
  write_migration(ws, "1", "slow", slow[engine], "SELECT 1;\n");
  write_migration(ws, "2", "after", "CREATE TABLE after_slow (id integer PRIMARY KEY);\n", "DROP TABLE after_slow;\n");
  require_exit(ws.strata({"hash"}), 0);
  const auto env = write_targets(fleet);

  auto running = ws.start_strata({"apply", "--targets", "targets.txt"}, env);
  REQUIRE(wait_until([&] { return contains(running->output_so_far(), "[1/3] applying 1_slow.up.sql"); }, 30s));
  running->send_signal(SIGINT);
  const auto stopped = running->wait();
  INFO(stopped.describe());
  CHECK(stopped.exit_code == 128 + SIGINT);
  CHECK(contains(stopped.err, "interrupted: the running databases finish their current file"));
  CHECK(contains(stopped.out, ": interrupted: applied 1 file: 1_slow.up.sql; 1 file left pending"));
  CHECK(contains(stopped.out, "[2/3] "));
  CHECK(contains(stopped.out, "not run: interrupted before it started"));
  CHECK(contains(stopped.out, "3 targets: 0 applied, 0 already current, 1 pending, 0 failed, 2 not run; interrupted"));
  CHECK(fleet[0]->history() == Versions{"1|applied"});
  CHECK(fleet[1]->history().empty());

  // The rerun applies what is left: the second file on the first, both on the others.
  const auto rerun = expect(ws, {"apply", "--targets", "targets.txt", "--parallel", "3"}, 0, env);
  CHECK(contains(rerun.out, ": applied 1 file: 2_after.up.sql"));
  CHECK(contains(rerun.out, "3 targets: 3 applied, 0 already current, 0 pending, 0 failed"));
  for (const auto& member : fleet) {
    CHECK(member->history() == Versions{"1|applied", "2|applied"});
  }
}

TEMPLATE_TEST_CASE("a database pattern names every matching database of the server", "[e2e][fleet]", postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto fleet = make_fleet(engine, 3);
  const auto& ws = *fleet[0];
  write_migration(ws, "1", "init", "CREATE TABLE notes (id integer PRIMARY KEY);\n", "DROP TABLE notes;\n");
  require_exit(ws.strata({"hash"}), 0);
  // The test databases are named <this process's prefix><n>_<random>: this process's are these three.
  auto pattern = ws.url();
  pattern.replace(pattern.rfind('/') + 1, std::string::npos, strata::test::test_database_prefix() + "*");

  const auto applied = expect(ws, {"apply", "--db", pattern, "--parallel", "3"}, 0);
  CHECK(contains(applied.out, "3 targets: 3 applied, 0 already current, 0 pending, 0 failed"));
  check_no_password(ws, applied);
  for (const auto& member : fleet) {
    CHECK(member->history() == Versions{"1|applied"});
    CHECK(contains(applied.out, member->database_name() + ": applied 1 file"));
  }
  auto nothing = ws.url();
  nothing.replace(nothing.rfind('/') + 1, std::string::npos, "strata_no_such_*");
  const auto none = expect(ws, {"status", "--db", nothing}, 1);
  CHECK(contains(none.err, "matches no database"));
}

TEST_CASE("a PostgreSQL schema pattern runs each matching schema under its own search_path and history",
          "[e2e][fleet][postgres]")
{
  PgWorkspace ws;
  write_migration(ws, "1", "init", "CREATE TABLE notes (id integer PRIMARY KEY);\n", "DROP TABLE notes;\n");
  require_exit(ws.strata({"hash"}), 0);
  require_exit(ws.run("apply"), 0); // public has the table and a history of its own
  ws.exec("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA other_c");

  const auto applied = expect(ws, {"apply", "--db", ws.url(), "--schema-name", "tenant_*", "--parallel", "2"}, 0);
  CHECK(contains(applied.out, " schema tenant_a: applied 1 file: 1_init.up.sql"));
  CHECK(contains(applied.out, " schema tenant_b: applied 1 file: 1_init.up.sql"));
  CHECK(contains(applied.out, "2 targets: 2 applied"));
  for (const char* schema : {"tenant_a", "tenant_b"}) {
    CHECK(ws.relation_exists("notes", schema));
    CHECK(ws.relation_exists("strata_schema_history", schema));
  }
  CHECK_FALSE(ws.relation_exists("notes", "other_c"));

  // The same fleet written in the URL: search_path=tenant_* (in a target list too).
  ws.write("tenants.txt", ws.url() + "?search_path=tenant_*\n");
  const auto status = expect(ws, {"status", "--targets", "tenants.txt"}, 0);
  CHECK(contains(status.out, "2 targets: 2 current, 0 pending, 0 failed"));
  write_migration(ws, "2", "body", "ALTER TABLE notes ADD COLUMN body text;\n", "ALTER TABLE notes DROP COLUMN body;\n");
  require_exit(ws.strata({"hash"}), 0);
  expect(ws, {"apply", "--targets", "tenants.txt", "--parallel", "2"}, 0);
  CHECK(ws.scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'body' AND table_schema IN "
                  "('tenant_a', 'tenant_b')") == "2");
  CHECK(ws.history() == Versions{"1|applied"}); // public's own history is untouched

  // A destructive file on both tenants at once: each backs up into a backup schema of its own.
  ws.exec("INSERT INTO tenant_a.notes (id, body) VALUES (1, 'a'); INSERT INTO tenant_b.notes (id, body) VALUES (1, 'b')");
  write_migration(ws, "3", "drop_body", "-- strata: backup notes.body\nALTER TABLE notes DROP COLUMN body;\n",
                  "ALTER TABLE notes ADD COLUMN body text;\n");
  require_exit(ws.strata({"hash"}), 0);
  const auto dropped = expect(ws, {"apply", "--targets", "tenants.txt", "--parallel", "2", "--yes"}, 0);
  CHECK(contains(dropped.out, "2 targets: 2 applied"));
  for (const char* tenant : {"tenant_a", "tenant_b"}) {
    CHECK(ws.scalar(std::string("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                                "n.nspname = 'strata_backup_") + tenant + "'") == "1");
  }
}
