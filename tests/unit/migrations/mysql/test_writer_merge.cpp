// One ALTER TABLE per table on MySQL/MariaDB: the writer combines the consecutive ALTER TABLE
// steps of one table under all their numbered comments, the files run on the real server, and
// engines without the capability keep one statement per step.
#include "dialects/registry.hpp"
#include "migrations/writer.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/support/schema_yaml.hpp"

#include <catch2/catch.hpp>

using namespace strata;

namespace {

schemas::Schema load(const std::string& text)
{
  auto result = schemas::load_string(text, "test.yaml");
  REQUIRE(result.ok());
  return result.schema;
}

// t(id, a), and the desired t with two more columns and an index on one of them.
const std::string k_live = test::schema_yaml({test::keyed_table("t", {"{ name: a, type: int }"}, "", {"int", ""})});
const std::string k_desired = test::schema_yaml({test::keyed_table(
  "t", {"{ name: a, type: int }", "{ name: b, type: varchar(10) }", "{ name: c, type: int }"},
  "indexes:\n  - { name: t_b_idx, columns: [b] }", {"int", ""})});

} // namespace

TEST_CASE("mysql writer: consecutive ALTER TABLE steps of one table become one statement", "[mysql]")
{
  const auto live = load(k_live);
  const auto desired = load(k_desired);
  const auto& dialect = dialects::dialect_for("mysql");
  const auto plan = planner::plan(live, desired, dialect);
  REQUIRE(plan.steps.size() == 3);
  const auto files = migrations::render_migration(plan, dialect, "20260101000000", "merge", &live, &desired);
  CHECK(files.up_sql.find("-- 1. add column t.b\n"
                          "-- 2. add column t.c\n"
                          "-- 3. create index t_b_idx on t\n"
                          "ALTER TABLE `t`\n"
                          "  ADD COLUMN `b` varchar(10) NULL,\n"
                          "  ADD COLUMN `c` int NULL AFTER `b`,\n"
                          "  ADD INDEX `t_b_idx` (`b`);\n") != std::string::npos);
  // The down file: the index goes, then the columns, in one statement as well (each drop
  // asserting the same online algorithm would keep it; these differ).
  CHECK(files.down_sql.find("ALTER TABLE `t`\n"
                            "  DROP INDEX `t_b_idx`") != std::string::npos);

  strata::test::MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, a int NULL); INSERT INTO t VALUES (1, 2)");
  c.execute(files.up_sql);
  const auto order = [&] {
    return c.query("SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS WHERE "
                   "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")
      .rows.at(0)
      .at(0)
      .value_or("");
  };
  CHECK(order() == "id,a,b,c");
  c.execute(files.down_sql);
  CHECK(order() == "id,a");
}

TEST_CASE("writer: engines without merge_alter_table keep one statement per step", "[mysql]")
{
  const auto live = load(k_live);
  const auto desired = load(k_desired);
  const auto& dialect = dialects::dialect_for("postgres");
  const auto plan = planner::plan(live, desired, dialect);
  const auto files = migrations::render_migration(plan, dialect, "20260101000000", "merge", &live, &desired,
                                                  planner::PlanSettings{false});
  CHECK(files.up_sql.find("-- 1. add column t.b\nALTER TABLE \"t\" ADD COLUMN \"b\" character varying(10);\n\n"
                          "-- 2. add column t.c\n") != std::string::npos);
}
