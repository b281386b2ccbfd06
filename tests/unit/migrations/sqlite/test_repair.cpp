// `strata repair` on SQLite: a dirty row without a recorded statement can only be resolved by hand;
// an older history table gains the statement columns.
#include "schemas/error.hpp"
#include "tests/unit/migrations/sqlite/executor_fixture.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;
using strata::test::message_of;

TEST_CASE("sqlite repair: a dirty row without a recorded statement is resolved or forgotten by hand",
          "[migrations][repair]")
{
  ExecutorFixture fx;
  fx.file("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  fx.file("002_u.up.sql", "CREATE TABLE u (id INTEGER);\n");
  fx.reload();
  fx.executor().apply(std::string("001"), false);
  fx.connection->execute("UPDATE strata_schema_history SET status = 'dirty', message = 'boom'");
  CHECK_THAT(message_of<Error>([&] { fx.executor().repair(RepairAction::resume); }),
             Catch::Contains("the statement it stopped at is not recorded (boom)") &&
               Catch::Contains("--resolved or --rolled-back"));
  CHECK(fx.executor().repair(RepairAction::resolved).outcome == "applied");
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});

  fx.connection->execute("UPDATE strata_schema_history SET status = 'dirty' WHERE version = '002'");
  fx.connection->execute("DROP TABLE u");
  CHECK(fx.executor().repair(RepairAction::rolled_back).outcome == "pending");
  CHECK(fx.executor().status().pending == std::vector<std::string>{"002"});
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});
}

TEST_CASE("sqlite: a history table of an older strata gains the statement columns once", "[migrations][repair]")
{
  ExecutorFixture fx;
  fx.connection->execute("CREATE TABLE strata_schema_history (version VARCHAR(32) NOT NULL PRIMARY KEY, "
                         "name VARCHAR(255), checksum VARCHAR(64), applied_at VARCHAR(32), duration_ms BIGINT, "
                         "applied_by VARCHAR(255), status VARCHAR(16), backup_ref TEXT, message TEXT)");
  fx.applied("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  fx.applied("002_u.up.sql", "CREATE TABLE u (id INTEGER);\n");
  CHECK(fx.count("SELECT count(*) FROM pragma_table_info('strata_schema_history') WHERE name IN "
                 "('direction', 'failed_statement', 'failed_line')") == 3);
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == "applied");
  CHECK(rows[1].direction == "up");
}
