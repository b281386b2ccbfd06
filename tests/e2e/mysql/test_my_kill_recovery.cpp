// Issue 13, crash consistency on MariaDB: a run killed while a statement ran leaves a dirty row
// naming that statement, and the server may have finished it for the dead client. `strata repair
// --continue` decides from the live catalog (the file replayed up to it on a scratch database)
// whether it took effect and goes on after it or runs it again; a run killed before its first
// statement runs the file; a statement the catalog cannot tell about is refused with the exact
// choice (--skip-current / --rerun-current). The states a kill leaves are made here by hand so
// each case is certain; test_kill_battery.cpp kills real runs.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/my_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

// The dirty row a run killed during statement `number` (line `line`) of `version` leaves, or
// (number 0) one killed before the file's first statement.
void leave_killed_row(MyWorkspace& ws, const std::string& version, int number, int line)
{
  const std::string message =
    number == 0 ? std::string("started; not finished")
                : "statement " + std::to_string(number) + " (line " + std::to_string(line) +
                    ") was running when the run stopped";
  ws.exec("UPDATE strata_schema_history SET status = 'dirty', direction = 'up', failed_statement = " +
          std::to_string(number) + ", failed_line = " + std::to_string(line) + ", message = '" + message +
          "' WHERE version = '" + version + "'");
}

ProcessResult repair_continue(MyWorkspace& ws, std::vector<std::string> extra = {})
{
  std::vector<std::string> args{"--dir", "migrations", "--continue", "--yes"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("repair", args);
}

// The first line of the generated file `suffix` that starts with `prefix` (1-based).
int line_starting(MyWorkspace& ws, const std::string& suffix, const std::string& prefix)
{
  const auto text = read_text(ws.migration_file_ending(suffix));
  int number = 1;
  for (size_t at = 0; at < text.size(); ++number) {
    const auto end = text.find('\n', at);
    if (text.compare(at, prefix.size(), prefix) == 0) {
      return number;
    }
    at = end == std::string::npos ? text.size() : end + 1;
  }
  FAIL("no line starts with " << prefix);
  return 0;
}

const char* const k_v1 = R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: name, type: varchar(100), nullable: false }
)yaml";
const char* const k_v2 = R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: name, type: varchar(100), nullable: false }
      - { name: email, type: varchar(200) }
)yaml";

// v1 applied with rows, v2 (one generated ALTER adding `email`) applied: the database as a run
// of v2 leaves it when the server finishes the ALTER.
void apply_v1_and_v2(MyWorkspace& ws)
{
  ws.write("v1.yaml", one_table_yaml("people", k_v1));
  ws.write("v2.yaml", one_table_yaml("people", k_v2));
  require_exit(ws.run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--version", "1", "--name", "v1"}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  ws.exec("INSERT INTO people (id, name) VALUES (1, 'Ada'), (2, 'Grace')");
  require_exit(ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--version", "2", "--name", "v2"}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  REQUIRE(ws.columns("people") == std::vector<std::string>{"id", "name", "email"});
}

void require_done(MyWorkspace& ws)
{
  CHECK(ws.history() == std::vector<std::string>{"1|applied", "2|applied"});
  CHECK(ws.columns("people") == std::vector<std::string>{"id", "name", "email"});
  CHECK(ws.rows("SELECT id, name FROM people ORDER BY id") ==
        std::vector<Row>{row({"1", "Ada"}), row({"2", "Grace"})});
  require_exit(ws.run("status", {"--dir", "migrations"}), 0);
  require_exit(ws.run("plan", {"--schema", "v2.yaml", "--dir", "empty", "--dry-run"}), 0);
}

// Hand-written: version 2's first statement changes data only (n from 10 to 11), its second
// creates after_bump. Both applied.
void apply_counters(MyWorkspace& ws)
{
  write_migration(ws, "1", "base", "CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL);\n"
                                   "INSERT INTO counters VALUES (1, 10);\n",
                  "DROP TABLE counters;\n");
  write_migration(ws, "2", "bump", "UPDATE counters SET n = n + 1;\nCREATE TABLE after_bump (id INT);\n",
                  "DROP TABLE after_bump;\nUPDATE counters SET n = n - 1;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
}

} // namespace

TEST_CASE("mysql: repair --continue goes on after a generated statement the server finished for a killed run",
          "[e2e][mysql][kill][repair]")
{
  MyWorkspace ws;
  apply_v1_and_v2(ws);
  const int line = line_starting(ws, "_v2.up.sql", "ALTER TABLE");
  leave_killed_row(ws, "2", 1, line);

  const auto shown = ws.run("repair", {"--dir", "migrations"});
  INFO(shown.describe());
  CHECK(contains(shown.out, "checks on the catalog whether the server finished it"));

  // Before: the ALTER ran again and failed on "Duplicate column name 'email'".
  const auto repaired = repair_continue(ws);
  INFO(repaired.describe());
  REQUIRE(repaired.exit_code == 0);
  CHECK(contains(repaired.output(), "statement 1 (line " + std::to_string(line) +
                                      ") of 2_v2.up.sql was running when the run stopped and took effect"));
  require_done(ws);
}

TEST_CASE("mysql: repair --continue runs again a generated statement a killed run never finished",
          "[e2e][mysql][kill][repair]")
{
  MyWorkspace ws;
  apply_v1_and_v2(ws);
  const int line = line_starting(ws, "_v2.up.sql", "ALTER TABLE");
  ws.exec("ALTER TABLE people DROP COLUMN email");
  leave_killed_row(ws, "2", 1, line);

  const auto repaired = repair_continue(ws);
  INFO(repaired.describe());
  REQUIRE(repaired.exit_code == 0);
  CHECK(contains(repaired.output(), "did not take effect"));
  require_done(ws);
}

TEST_CASE("mysql: repair --continue runs the whole file when the run was killed before its first statement",
          "[e2e][mysql][kill][repair]")
{
  MyWorkspace ws;
  apply_v1_and_v2(ws);
  ws.exec("ALTER TABLE people DROP COLUMN email");
  leave_killed_row(ws, "2", 0, 0);

  const auto shown = ws.run("repair", {"--dir", "migrations"});
  INFO(shown.describe());
  CHECK(contains(shown.out, "nothing of it ran"));
  // Before: refused ("the statement it stopped at is not recorded").
  const auto repaired = repair_continue(ws);
  INFO(repaired.describe());
  REQUIRE(repaired.exit_code == 0);
  CHECK(contains(repaired.output(), "the run stopped before the first statement of 2_v2.up.sql ran"));
  require_done(ws);
}

TEST_CASE("mysql: a killed hand-written statement the catalog cannot tell about is refused with the exact choice",
          "[e2e][mysql][kill][repair]")
{
  MyWorkspace ws;
  apply_counters(ws);
  // Killed while the UPDATE ran, which the server finished: n is 11 and after_bump is missing.
  ws.exec("DROP TABLE after_bump");
  leave_killed_row(ws, "2", 1, 1);

  const auto refused = repair_continue(ws);
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "cannot tell whether statement 1 (line 1) of 2_bump.up.sql took effect"));
  CHECK(contains(refused.err, "strata repair --continue --skip-current"));
  CHECK(contains(refused.err, "strata repair --continue --rerun-current"));
  CHECK(ws.history() == std::vector<std::string>{"1|applied", "2|dirty"});
  CHECK(ws.scalar("SELECT n FROM counters") == "11");
  CHECK_FALSE(ws.table_exists("after_bump"));

  const auto usage = ws.run("repair", {"--dir", "migrations", "--skip-current", "--yes"});
  CHECK(usage.exit_code == 64);

  const auto skipped = repair_continue(ws, {"--skip-current"});
  INFO(skipped.describe());
  REQUIRE(skipped.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"1|applied", "2|applied"});
  CHECK(ws.scalar("SELECT n FROM counters") == "11");
  CHECK(ws.table_exists("after_bump"));
}

TEST_CASE("mysql: --rerun-current runs the killed statement again", "[e2e][mysql][kill][repair]")
{
  MyWorkspace ws;
  apply_counters(ws);
  // Killed before the server ran the UPDATE: n is back at 10.
  ws.exec("DROP TABLE after_bump");
  ws.exec("UPDATE counters SET n = 10");
  leave_killed_row(ws, "2", 1, 1);

  const auto rerun = repair_continue(ws, {"--rerun-current"});
  INFO(rerun.describe());
  REQUIRE(rerun.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"1|applied", "2|applied"});
  CHECK(ws.scalar("SELECT n FROM counters") == "11");
  CHECK(ws.table_exists("after_bump"));
}
