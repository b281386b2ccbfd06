// MariaDB system-versioned tables without a server: the normal form (period columns NOT NULL, the
// row end the server appends to keys left out), the SQL of CREATE TABLE, of adding and removing
// versioning and of ALTERs run under system_versioning_alter_history=KEEP, and the refusal of
// `system_versioning` by the engines that have none, at the YAML line.
#include "dialects/mysql/mysql_dialect.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/operation.hpp"
#include "tests/support/model.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/unit/dialects/mysql/render_fixture.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using test::make_column;
using test::my_sql;

namespace {

// prices (id, sku, amount, valid_from, valid_to) in the explicit form; `sku` unique.
schemas::Table prices()
{
  auto t = test::make_table("prices", {make_column("id", "int", false), make_column("sku", "varchar(20)"),
                                       make_column("amount", "int"), make_column("valid_from", "timestamp(6)"),
                                       make_column("valid_to", "timestamp(6)")},
                            {"id"});
  t.versioning = schemas::SystemVersioning{true, "valid_from", "valid_to"};
  return t;
}

} // namespace

TEST_CASE("mysql versioning: period columns are NOT NULL without a default, the appended row end is left out of keys",
          "[mysql][versioning]")
{
  schemas::Schema schema;
  schema.tables.push_back(prices());
  auto& t = schema.tables.back();
  t.primary_key = {"id", "valid_to"};
  t.columns[4].default_value = "CURRENT_TIMESTAMP(6)";
  schemas::Index sku;
  sku.name = "prices_sku_uq";
  sku.unique = true;
  sku.keys = {schemas::IndexKey{"sku", {}, false, {}, 0}, schemas::IndexKey{"valid_to", {}, false, {}, 0}};
  t.indexes.push_back(sku);
  const auto normal = dialects::mysql::dialect().normalize(schema).tables.at(0);
  CHECK(normal.primary_key == std::vector<std::string>{"id"});
  REQUIRE(normal.indexes.size() == 1);
  CHECK(normal.indexes[0].keys.size() == 1);
  CHECK_FALSE(normal.find_column("valid_from")->nullable);
  CHECK_FALSE(normal.find_column("valid_to")->nullable);
  CHECK_FALSE(normal.find_column("valid_to")->default_value);
  CHECK(normal.find_column("amount")->nullable);
}

TEST_CASE("mysql versioning: CREATE TABLE in the explicit form with a column left out of the history",
          "[mysql][versioning]")
{
  auto t = prices();
  t.columns[2].without_versioning = true;
  t.columns[3].comment = "from";
  CHECK(my_sql(schemas::AddTable{t}) ==
        std::vector<std::string>{"CREATE TABLE `prices` (\n"
                                 "  `id` int NOT NULL,\n"
                                 "  `sku` varchar(20) NULL,\n"
                                 "  `amount` int NULL WITHOUT SYSTEM VERSIONING,\n"
                                 "  `valid_from` timestamp(6) GENERATED ALWAYS AS ROW START COMMENT 'from',\n"
                                 "  `valid_to` timestamp(6) GENERATED ALWAYS AS ROW END,\n"
                                 "  PRIMARY KEY (`id`),\n"
                                 "  PERIOD FOR SYSTEM_TIME (`valid_from`, `valid_to`)\n"
                                 ") WITH SYSTEM VERSIONING"});
  t.versioning = schemas::SystemVersioning{true, "", ""};
  t.columns.resize(3);
  t.columns[2].without_versioning = false;
  CHECK(my_sql(schemas::AddTable{t}) == std::vector<std::string>{"CREATE TABLE `prices` (\n"
                                                              "  `id` int NOT NULL,\n"
                                                              "  `sku` varchar(20) NULL,\n"
                                                              "  `amount` int NULL,\n"
                                                              "  PRIMARY KEY (`id`)\n"
                                                              ") WITH SYSTEM VERSIONING"});
}

TEST_CASE("mysql versioning: added and removed in either form, a change of form removes then adds",
          "[mysql][versioning]")
{
  const schemas::QualifiedName table{"", "prices"};
  const schemas::SystemVersioning none{};
  const schemas::SystemVersioning implicit{true, "", ""};
  const schemas::SystemVersioning period{true, "vf", "vt"};
  const std::vector<schemas::Column> columns{make_column("vf", "timestamp(6)", false),
                                             make_column("vt", "timestamp(6)", false)};
  CHECK(my_sql(schemas::SetSystemVersioning{table, none, implicit, {}, {}}) ==
        std::vector<std::string>{"ALTER TABLE `prices` ADD SYSTEM VERSIONING"});
  CHECK(my_sql(schemas::SetSystemVersioning{table, implicit, none, {}, {}}) ==
        std::vector<std::string>{"ALTER TABLE `prices` DROP SYSTEM VERSIONING"});
  CHECK(my_sql(schemas::SetSystemVersioning{table, none, period, {}, columns}) ==
        std::vector<std::string>{"ALTER TABLE `prices` ADD COLUMN `vf` timestamp(6) GENERATED ALWAYS AS ROW START, "
                                 "ADD COLUMN `vt` timestamp(6) GENERATED ALWAYS AS ROW END, "
                                 "ADD PERIOD FOR SYSTEM_TIME (`vf`, `vt`), ADD SYSTEM VERSIONING"});
  CHECK(my_sql(schemas::SetSystemVersioning{table, period, implicit, columns, {}}) ==
        std::vector<std::string>{"SET STATEMENT system_versioning_alter_history=KEEP FOR ALTER TABLE `prices` "
                                 "DROP COLUMN `vf`, DROP COLUMN `vt`, DROP SYSTEM VERSIONING",
                                 "ALTER TABLE `prices` ADD SYSTEM VERSIONING"});
}

TEST_CASE("mysql versioning: ALTERs of a versioned table run with system_versioning_alter_history=KEEP",
          "[mysql][versioning]")
{
  schemas::Schema live;
  live.tables.push_back(prices());
  const schemas::QualifiedName table{"", "prices"};
  CHECK(my_sql(schemas::AddColumn{table, make_column("note", "text"), "valid_to"}, &live, &live) ==
        std::vector<std::string>{"SET STATEMENT system_versioning_alter_history=KEEP FOR ALTER TABLE `prices` "
                                 "ADD COLUMN `note` text NULL, ALGORITHM=INSTANT"});
  CHECK(my_sql(schemas::DropColumn{table, make_column("amount", "int")}, &live, &live) ==
        std::vector<std::string>{"SET STATEMENT system_versioning_alter_history=KEEP FOR ALTER TABLE `prices` "
                                 "DROP COLUMN `amount`"});
  // A table versioned neither before nor after is altered as ever.
  schemas::Schema plain = live;
  plain.tables[0].versioning = {};
  CHECK(my_sql(schemas::DropColumn{table, make_column("amount", "int")}, &plain, &plain) ==
        std::vector<std::string>{"ALTER TABLE `prices` DROP COLUMN `amount`"});
}

TEST_CASE("system_versioning is refused at the table's line by PostgreSQL and SQLite", "[mysql][versioning]")
{
  for (const char* engine : {"postgres", "sqlite"}) {
    schemas::Schema schema;
    schema.tables.push_back(test::make_table("t", {make_column("id", "integer", false)}, {"id"}));
    schema.tables.back().versioning.edit().enabled = true;
    schema.tables.back().location = {"schema.yaml", 4, 5};
    INFO(engine);
    try {
      dialects::dialect_for(engine).normalize(schema);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.location().line == 4);
      CHECK(std::string(e.what()).find("table t: `system_versioning` is MariaDB's") != std::string::npos);
    }
  }
}

TEST_CASE("mysql versioning: refused at the table's line when the server is not MariaDB", "[mysql][versioning]")
{
  // No MySQL 8 server here: the PostgreSQL test server answers SELECT VERSION() without
  // "MariaDB", as MySQL does, and the refusal comes before anything else is asked.
  test::PostgresDatabase db;
  schemas::Schema desired;
  desired.tables.push_back(prices());
  desired.tables.back().location = {"schema.yaml", 7, 5};
  try {
    dialects::mysql::dialect().canonicalize(db.connection(), nullptr, desired, schemas::Schema{});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.location().line == 7);
    CHECK(std::string(e.what()).find("table prices: `system_versioning` (WITH SYSTEM VERSIONING) is MariaDB's") !=
          std::string::npos);
  }
  desired.tables.back().versioning = {};
  CHECK_NOTHROW(dialects::mysql::dialect().canonicalize(db.connection(), nullptr, desired, schemas::Schema{}));
}
