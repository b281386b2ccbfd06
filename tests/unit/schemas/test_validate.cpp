// validate() on schemas built in code (no YAML positions, so object locations or none).

#include "schema_test_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::messages;
using Lines = std::vector<std::string>;

namespace {

Table table(const std::string& name, std::vector<std::string> columns)
{
  Table t;
  t.name = name;
  for (auto& column : columns) {
    Column c;
    c.name = std::move(column);
    c.type = ColumnType::parse("integer");
    t.columns.push_back(std::move(c));
  }
  return t;
}

} // namespace

TEST_CASE("a valid schema built in code has no diagnostics", "[validate]")
{
  Schema schema;
  schema.tables.push_back(table("a", {"id"}));
  schema.tables[0].primary_key = {"id"};
  schema.tables.push_back(table("b", {"id", "a_id"}));
  ForeignKey fk;
  fk.name = "b_a_fk";
  fk.columns = {"a_id"};
  fk.references = {"", "a"};
  fk.ref_columns = {"id"};
  schema.tables[1].foreign_keys.push_back(fk);
  CHECK(validate(schema).empty());
}

TEST_CASE("validate reports single-object problems the loader would have caught", "[validate]")
{
  Schema schema;
  schema.tables.push_back(table("empty", {}));
  schema.tables.push_back(table("t", {"a"}));
  schema.tables[1].location = SourceLocation{"x.yaml", 3, 5};
  schema.tables[1].columns[0].type = ColumnType::make_native("varchar(1,2)");
  schema.tables[1].columns[0].location = SourceLocation{"x.yaml", 4, 7};
  Index index;
  index.name = "t_idx";
  schema.tables[1].indexes.push_back(index);
  ForeignKey fk;
  fk.name = "t_fk";
  fk.columns = {"a"};
  fk.references = {"", "empty"};
  fk.on_delete = "SET NULL";
  schema.tables[1].foreign_keys.push_back(fk);
  Enum mood;
  mood.name = "mood";
  mood.values = {"a", "a"};
  schema.enums.push_back(mood);
  CHECK(messages(validate(schema)) ==
        Lines{
          "table \"empty\": table has no columns",
          "x.yaml:4:7: table \"t\": column \"a\": bad type \"varchar(1,2)\" (expected varchar(n))",
          "table \"t\": index \"t_idx\": an index needs at least one column or expression",
          "table \"t\": foreign key \"t_fk\": unknown action \"SET NULL\"",
          "table \"t\": foreign key \"t_fk\": references table \"empty\" without columns, and that table has no "
          "primary key",
          "enum \"mood\": duplicate value \"a\"",
        });
}

TEST_CASE("validate reports duplicates and dangling references without locations", "[validate]")
{
  Schema schema;
  schema.tables.push_back(table("t", {"a", "a"}));
  schema.tables[0].primary_key = {"b"};
  schema.tables.push_back(table("t", {"x"}));
  View view;
  view.name = "t";
  view.query = "SELECT 1";
  schema.views.push_back(view);
  CHECK(messages(validate(schema)) == Lines{
                                        "table \"t\": duplicate table name",
                                        "view \"t\": a table has the same name",
                                        "table \"t\": column \"a\": duplicate column name",
                                        "table \"t\": primary key: unknown column \"b\"",
                                      });
}
