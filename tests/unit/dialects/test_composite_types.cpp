// Composite types (`composite_types:`) are PostgreSQL's: its normal form puts attribute types and
// collations in the catalog's spelling (the name of an enum or composite type keeps its case);
// SQLite and MySQL/MariaDB refuse a declared one at its line.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using strata::schemas::ColumnType;
using strata::schemas::CompositeAttribute;
using strata::schemas::CompositeType;

strata::schemas::Schema with_types()
{
  strata::schemas::Schema schema;
  CompositeType dimensions;
  dimensions.name = "Dimensions";
  dimensions.location = {"schema.yaml", 4, 5};
  dimensions.attributes = {CompositeAttribute{"width", ColumnType::parse("int"), "", {}},
                           CompositeAttribute{"unit", ColumnType::parse("varchar(8)"), "\"C\"", {}},
                           CompositeAttribute{"label", ColumnType::parse("text"), "pg_catalog.default", {}}};
  CompositeType box;
  box.name = "box_set";
  box.attributes = {CompositeAttribute{"boxes", ColumnType::parse("\"Dimensions\"[]"), "", {}},
                    CompositeAttribute{"at", ColumnType::parse("timestamptz"), "", {}}};
  schema.composite_types = {box, dimensions};
  return schema;
}

} // namespace

TEST_CASE("composite types compare in the catalog's spelling on PostgreSQL", "[postgres][normalize]")
{
  const auto& postgres = strata::dialects::dialect_for("postgres");
  const auto normal = postgres.normalize(with_types());
  REQUIRE(normal.composite_types.size() == 2);
  const auto& dimensions = normal.composite_types[0]; // sorted by name: "Dimensions" < "box_set"
  CHECK(dimensions.name == "Dimensions");
  CHECK(dimensions.attributes[1].collation == "C");
  CHECK(dimensions.attributes[2].collation.empty()); // the type's own
  CHECK(normal.composite_types[1].attributes[0].type.str() == "\"Dimensions\"[]"); // its case kept
  CHECK(postgres.normalize(normal) == normal);

  // As the catalog prints them (format_type, collation names): the same types.
  auto catalog = with_types();
  auto& box = catalog.composite_types[0];
  box.attributes[1].type = ColumnType::make_native("timestamp with time zone");
  auto& printed = catalog.composite_types[1];
  printed.attributes[0].type = ColumnType::make_native("integer");
  printed.attributes[1].type = ColumnType::make_native("character varying(8)");
  printed.attributes[1].collation = "C";
  printed.attributes[2].collation.clear();
  CHECK(postgres.normalize(catalog) == normal);
  printed.attributes[1].type = ColumnType::make_native("character varying(9)");
  CHECK(postgres.normalize(catalog) != normal);
}

TEST_CASE("composite types are refused on SQLite and MySQL/MariaDB at their line", "[sqlite][mysql][normalize]")
{
  for (const std::string engine : {"sqlite", "mysql"}) {
    INFO(engine);
    auto schema = with_types();
    schema.composite_types.erase(schema.composite_types.begin()); // the one with a location
    try {
      (void)strata::dialects::dialect_for(engine).normalize(schema);
      FAIL("no refusal");
    } catch (const strata::Error& e) {
      CHECK(std::string(e.what()) == "composite type Dimensions: `composite_types` are PostgreSQL's (CREATE TYPE ... "
                                     "AS (...)), which this engine does not have");
      CHECK(e.location().line == 4);
    }
  }
}
