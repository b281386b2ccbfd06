// The normal form of a large schema: its tables are normalized in two halves at once; the result
// is each table's normal form as one pass makes it, and the first failure in table order is the
// one reported.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using strata::schemas::Column;
using strata::schemas::ColumnType;
using strata::schemas::Schema;
using strata::schemas::Table;

// Tables with columns whose types, defaults and checks each engine spells in its own normal form.
Schema tables(int count)
{
  Schema schema;
  for (int t = 0; t < count; ++t) {
    Table table;
    table.name = "t" + std::to_string(count - t); // out of order: the normal form sorts them
    table.location = {"schema.yaml", t + 1, 3};
    for (int c = 0; c < 4; ++c) {
      Column column;
      column.name = "c" + std::to_string(c);
      column.type = ColumnType::parse(c % 2 == 0 ? "varchar(20)" : "INTEGER");
      column.default_value = c == 1 ? std::optional<std::string>("(1 + 2)") : std::nullopt;
      column.location = {"schema.yaml", t + 1, 5 + c};
      table.columns.push_back(column);
    }
    table.primary_key = {"c0"};
    table.checks.push_back({"ck", "c1   >   0", {"schema.yaml", t + 1, 9}});
    schema.tables.push_back(table);
  }
  return schema;
}

} // namespace

TEST_CASE("the tables of a large schema normalize as each table alone does", "[dialects][normalize]")
{
  for (const std::string engine : {"sqlite", "postgres", "mysql"}) {
    INFO(engine);
    const auto& dialect = strata::dialects::dialect_for(engine);
    const Schema large = tables(1500);
    const Schema normal = dialect.normalize(large);
    Schema in_place = large;
    dialect.normalize_in_place(in_place);
    REQUIRE(normal.tables.size() == large.tables.size());
    CHECK(in_place.tables == normal.tables);
    for (const auto& table : large.tables) {
      Schema alone; // below the size normalized in halves: one pass
      alone.tables.push_back(table);
      const Schema one = dialect.normalize(alone);
      const Table* found = normal.find_table(table.qualified());
      REQUIRE(found != nullptr);
      CHECK(*found == one.tables.front());
    }
  }
}

TEST_CASE("the first failing table of a large schema is the one reported", "[dialects][normalize]")
{
  // An identity's sequence options are PostgreSQL's: SQLite refuses them at the column's line, in
  // a table of the first half and one of the second.
  Schema large = tables(1500);
  for (const size_t t : {size_t{1400}, size_t{30}}) {
    auto& column = large.tables[t].columns[1];
    column.identity = true;
    strata::schemas::SequenceOptions options;
    options.start = 10;
    column.identity_options = options;
  }
  try {
    strata::dialects::dialect_for("sqlite").normalize(large);
    FAIL("normalize accepted an identity's sequence options on SQLite");
  } catch (const strata::Error& e) {
    CHECK(e.location().line == 31);
    CHECK(std::string(e.what()).find("column t1470.c1") != std::string::npos);
  }
}
