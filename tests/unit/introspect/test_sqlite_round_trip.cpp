#include "dialects/sqlite/sqlite_dialect.hpp"
#include "introspect/reader.hpp"
#include "realistic_db.hpp"
#include "schemas/yaml.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

using namespace strata;

namespace {

// Names the first table that differs, so a failure says where to look.
std::string first_difference(const schemas::Schema& a, const schemas::Schema& b)
{
  if (a.tables.size() != b.tables.size()) {
    return "table count " + std::to_string(a.tables.size()) + " vs " + std::to_string(b.tables.size());
  }
  for (size_t i = 0; i < a.tables.size(); ++i) {
    if (!(a.tables[i] == b.tables[i])) {
      return "table " + a.tables[i].name;
    }
  }
  return a.views == b.views ? "enums/sequences" : "views";
}

} // namespace

TEST_CASE("SQLite round trip: normalize(read) == normalize(load(write_yaml(read)))", "[sqlite][introspect][yaml]")
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  const auto dialect = dialects::sqlite::make_dialect();
  const schemas::Schema live = introspect::read_schema(db.connection(), *dialect);

  const std::string yaml = schemas::write_yaml(live);
  const schemas::LoadResult loaded = schemas::load_string(yaml, "inspect.yaml");
  for (const auto& diagnostic : loaded.diagnostics) {
    INFO(diagnostic.str());
  }
  INFO(yaml);
  REQUIRE(loaded.ok());

  const schemas::Schema from_live = dialect->normalize(live);
  const schemas::Schema from_yaml = dialect->normalize(loaded.schema);
  INFO(first_difference(from_live, from_yaml));
  CHECK(from_live == from_yaml);
  CHECK(dialect->normalize(from_live) == from_live);
}

TEST_CASE("SQLite round trip survives a second inspect of the same database", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  const auto dialect = dialects::sqlite::make_dialect();
  const auto first = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  const auto second = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  CHECK(first == second);
}
