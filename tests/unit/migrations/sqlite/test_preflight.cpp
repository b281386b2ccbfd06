// apply's preflight on a real SQLite file: counts of the pending files' `preflight` lines refuse
// before anything runs; a check on a table an earlier pending file creates is counted right
// before its own file; `preflight = false` (apply --no-preflight) runs the file.
#include "tests/unit/migrations/sqlite/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;

namespace {

const char* k_people = "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, handle TEXT);\n"
                       "INSERT INTO people VALUES (1, 'a@x.org', 'ann'), (2, NULL, 'ann'), (3, NULL, 'bo');\n";
const char* k_unique_handle = "-- strata: version 2\n"
                              "-- strata: preflight unique people(handle)\n"
                              "\n"
                              "CREATE UNIQUE INDEX people_handle_uq ON people (handle);\n";
const char* k_audit = "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n";

std::string refusal_of(ExecutorFixture& fx, ExecutorOptions options = {})
{
  try {
    fx.executor(std::move(options)).apply(std::nullopt, false);
  } catch (const SafetyRefusal& e) {
    return e.what();
  }
  FAIL("apply was not refused");
  return {};
}

} // namespace

TEST_CASE("preflight refuses a pending file whose count shows it fails and runs no file of the run",
          "[migrations][preflight]")
{
  ExecutorFixture fx;
  fx.applied("1_people.up.sql", k_people);
  fx.file("2_handle.up.sql", k_unique_handle);
  fx.file("3_audit.up.sql", k_audit);
  fx.file("4_email.up.sql", "-- strata: preflight not-null people(email)\n"
                            "-- strata: preflight check people id > 0\n"
                            "\n"
                            "SELECT 1;\n");
  fx.reload();

  const auto message = refusal_of(fx);
  CHECK_THAT(message, Catch::Contains("2_handle.up.sql line 2: preflight unique people(handle): 1 duplicate groups"));
  CHECK_THAT(message, Catch::Contains("4_email.up.sql line 1: preflight not-null people(email): 2 NULL rows"));
  CHECK_THAT(message, Catch::Contains("nothing was run"));
  CHECK_THAT(message, Catch::Contains("--no-preflight"));
  CHECK_THAT(message, !Catch::Contains("id > 0")); // a check no row violates is not named
  CHECK_FALSE(fx.table_exists("audit"));
  CHECK(fx.executor().history().size() == 1);
  CHECK(fx.count("SELECT count(*) FROM sqlite_schema WHERE name = 'people_handle_uq'") == 0);

  SECTION("a dry run is refused the same way")
  {
    CHECK_THROWS_AS(fx.executor().apply(std::nullopt, true), SafetyRefusal);
  }
  SECTION("without preflight the file runs and fails on the data")
  {
    ExecutorOptions options;
    options.preflight = false;
    CHECK_THROWS_AS(fx.executor(options).apply(std::nullopt, false), StatementError);
    CHECK(fx.executor().history().size() == 1);
  }
  SECTION("once the data is fixed every file applies")
  {
    fx.connection->execute("UPDATE people SET handle = 'cy', email = 'c@x.org' WHERE id = 2");
    fx.connection->execute("UPDATE people SET email = 'b@x.org' WHERE id = 3");
    CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"2", "3", "4"});
  }
}

TEST_CASE("a preflight check on a table an earlier pending file creates is counted just before its file",
          "[migrations][preflight]")
{
  ExecutorFixture fx;
  fx.file("1_people.up.sql", k_people);
  fx.file("2_handle.up.sql", k_unique_handle);
  fx.reload();

  const auto message = refusal_of(fx);
  CHECK_THAT(message, Catch::Contains("refusing to apply: 2_handle.up.sql would fail on the current data; nothing of "
                                      "it was run (applied before it in this run: 1_people.up.sql)"));
  CHECK_THAT(message, Catch::Contains("1 duplicate groups"));
  CHECK(fx.progress.front() == "preflight unique people(handle) of 2_handle.up.sql is counted when the files before "
                               "it have run");
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].version == "1");
  CHECK(fx.count("SELECT count(*) FROM sqlite_schema WHERE name = 'people_handle_uq'") == 0);
}
