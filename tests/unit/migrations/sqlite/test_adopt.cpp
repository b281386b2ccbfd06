// Executor::adopt and Executor::accept_edit on SQLite: history written without running files, and
// the baseline migration's files (render_baseline).
#include "migrations/history.hpp"
#include "migrations/rendered_plan.hpp"
#include "migrations/writer.hpp"
#include "planner/plan.hpp"
#include "schemas/error.hpp"
#include "tests/unit/migrations/sqlite/executor_fixture.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;
using strata::test::message_of;

TEST_CASE("sqlite adopt: records versions up to the baseline without running them, after the proof",
          "[migrations][adopt]")
{
  ExecutorFixture fx;
  fx.connection->execute("CREATE TABLE t (id INTEGER)"); // what 001 and 002 would create, made by hand
  fx.connection->execute("CREATE TABLE u (id INTEGER)");
  fx.file("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  fx.file("002_u.up.sql", "CREATE TABLE u (id INTEGER);\n");
  fx.file("003_v.up.sql", "CREATE TABLE v (id INTEGER);\n");
  fx.file("002_u.down.sql", "DROP TABLE u;\n");
  fx.file("003_v.down.sql", "DROP TABLE v;\n");
  fx.reload();

  SECTION("a failed proof records nothing and creates no history table")
  {
    CHECK(fx.executor().adopt("002", [] { return false; }, "note", false).empty());
    CHECK_FALSE(fx.table_exists("strata_schema_history"));
  }
  SECTION("a dry run proves and records nothing")
  {
    int proofs = 0;
    CHECK(fx.executor().adopt("002", [&] { return ++proofs == 1; }, "note", true) ==
          std::vector<std::string>{"001", "002"});
    CHECK(proofs == 1);
    CHECK_FALSE(fx.table_exists("strata_schema_history"));
  }
  SECTION("a proven baseline is recorded as baselined; later files are pending and apply runs them")
  {
    CHECK(fx.executor().adopt("002", [] { return true; }, "adopted", false) ==
          std::vector<std::string>{"001", "002"});
    const auto rows = fx.executor().history();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].status == "baselined");
    CHECK(rows[1].status == "baselined");
    CHECK(rows[1].applied_by == "tester");
    CHECK(rows[1].message == "adopted");
    CHECK(fx.executor().status().pending == std::vector<std::string>{"003"});
    CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"003"});

    // Only once, and never rolled back below it.
    CHECK_THAT(message_of<Error>([&] { fx.executor().adopt("002", [] { return true; }, "again", false); }),
               Catch::Contains("already has 3 migration(s)"));
    CHECK(fx.executor().rollback(std::string("002"), std::nullopt, false).applied == std::vector<std::string>{"003"});
    CHECK_THAT(message_of<SafetyRefusal>([&] { fx.executor().rollback(std::nullopt, 1, false); }),
               Catch::Contains("rollback never goes below a baseline"));
    CHECK(fx.table_exists("u"));
  }
  CHECK_THAT(message_of<Error>([&] { fx.executor().adopt("7", [] { return true; }, "", false); }),
             Catch::Contains("no migration with version 7"));
}

TEST_CASE("sqlite accept_edit: records the edited file's checksum and who accepted it", "[migrations][adopt]")
{
  ExecutorFixture fx;
  fx.applied("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  const auto before = fx.executor().history().at(0).checksum;
  fx.file("001_t.up.sql", "CREATE TABLE t (id INTEGER); -- noted\n");

  fx.reload(false); // not hashed yet: strata.sum must bless the edit first
  migrations::ExecutorOptions yes;
  yes.yes = true;
  CHECK_THAT(message_of<IntegrityError>([&] { fx.executor(yes).accept_edit("001"); }), Catch::Contains("strata.sum"));

  fx.reload();
  CHECK_THAT(message_of<SafetyRefusal>([&] { fx.executor().accept_edit("001"); }), Catch::Contains("--yes"));
  migrations::ExecutorOptions declined;
  declined.confirm = [](const std::string&) { return false; };
  CHECK_THAT(message_of<SafetyRefusal>([&] { fx.executor(declined).accept_edit("001"); }),
             Catch::Contains("cancelled"));
  CHECK(fx.executor().history().at(0).checksum == before);

  migrations::ExecutorOptions confirmed;
  std::string asked;
  confirmed.confirm = [&](const std::string& question) {
    asked = question;
    return true;
  };
  CHECK(fx.executor(confirmed).accept_edit("001").checksum == before);
  CHECK_THAT(asked, Catch::Contains("001_t.up.sql was edited after it was applied"));
  const auto row = fx.executor().history().at(0);
  CHECK(row.checksum == fx.directory.find("001")->checksum);
  CHECK(row.accepted_by == "tester");
  CHECK_FALSE(row.accepted_at.empty());
  const auto status = fx.executor().status();
  CHECK(status.ok());
  REQUIRE(status.accepted_edits.size() == 1);
  CHECK_THAT(status.accepted_edits[0], Catch::Contains("accepted by tester"));

  CHECK_THAT(message_of<Error>([&] { fx.executor(yes).accept_edit("001"); }), Catch::Contains("nothing to accept"));
  CHECK_THAT(message_of<Error>([&] { fx.executor(yes).accept_edit("002"); }), Catch::Contains("is not applied"));
}

TEST_CASE("render_baseline: one marked up file and a down file without statements", "[migrations][adopt]")
{
  const auto& dialect = dialects::dialect_for("sqlite");
  schemas::Table users;
  users.name = "users";
  schemas::Column id;
  id.name = "id";
  id.type = schemas::ColumnType::parse("integer");
  users.columns = {id};
  users.primary_key = {"id"};
  schemas::Schema live;
  live.tables = {users};
  const auto empty = dialect.normalize(schemas::Schema{});
  const auto desired = dialect.normalize(live);
  const auto plan = planner::plan(empty, desired, dialect);
  auto rendered = render_plan(plan, dialect, &empty, &desired);
  const auto migration = render_baseline(plan, rendered, "5");

  const auto up = parse_header(migration.up_sql);
  CHECK(up.baseline);
  CHECK(up.irreversible);
  CHECK(up.version == "5");
  CHECK_THAT(migration.up_sql, Catch::Contains("CREATE TABLE \"users\""));
  REQUIRE(rendered.steps.size() == 1);
  CHECK(split_statements(migration.up_sql).size() == 1);
  // The step's line points at its SQL in the file (after the two baseline lines).
  const auto line = rendered.steps[0].line;
  REQUIRE(line > 0);
  std::istringstream lines(migration.up_sql);
  std::string text;
  for (int i = 0; i < line; ++i) {
    std::getline(lines, text);
  }
  CHECK_THAT(text, Catch::StartsWith("CREATE TABLE"));

  CHECK(parse_header(migration.down_sql).baseline);
  CHECK(split_statements(migration.down_sql).empty());
}
