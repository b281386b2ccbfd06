#include "dialects/sqlite/sqlite_dialect.hpp"
#include "introspect/reader.hpp"
#include "realistic_db.hpp"
#include "round_trip_checks.hpp"
#include "schemas/yaml.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

using namespace strata;

TEST_CASE("SQLite round trip: normalize(read) == normalize(load(write_yaml(read)))", "[sqlite][introspect][yaml]")
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  const auto* dialect = &dialects::sqlite::dialect();
  const schemas::Schema live = introspect::read_schema(db.connection(), *dialect);

  test::check_round_trip(*dialect, live);
}

TEST_CASE("SQLite round trip survives a second inspect of the same database", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  const auto* dialect = &dialects::sqlite::dialect();
  const auto first = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  const auto second = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  CHECK(first == second);
}
