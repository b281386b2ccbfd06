// Materialized views in the normal form (dialects/normal_form.cpp): PostgreSQL keeps them, their
// indexes normalised as a table's and sorted by name; SQLite and MySQL/MariaDB have none, so a
// declared one is an error at its line.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using strata::schemas::Schema;

Schema with_materialized_view()
{
  Schema schema;
  schema.views.push_back({});
  auto& view = schema.views.back();
  view.name = "totals";
  view.query = "SELECT 1 AS one";
  view.materialized = true;
  view.location = {"schema.yaml", 12, 5};
  for (const std::string name : {"totals_b", "totals_a"}) {
    view.indexes.push_back({});
    view.indexes.back().name = name;
    view.indexes.back().method = "BTREE";
    view.indexes.back().keys.push_back({});
    view.indexes.back().keys.back().column = "one";
    view.indexes.back().keys.back().nulls = "last";
  }
  return schema;
}

} // namespace

TEST_CASE("materialized views: PostgreSQL normalises their indexes as a table's", "[postgres][normalize]")
{
  const auto normal = strata::dialects::dialect_for("postgres").normalize(with_materialized_view());
  REQUIRE(normal.views.size() == 1);
  const auto& view = normal.views[0];
  CHECK(view.materialized);
  REQUIRE(view.indexes.size() == 2);
  CHECK(view.indexes[0].name == "totals_a"); // sorted by name
  CHECK(view.indexes[0].method.empty());     // btree is the default
  CHECK(view.indexes[0].keys[0].nulls.empty()); // NULLS LAST is ASC's own
}

TEST_CASE("materialized views are refused on SQLite and MySQL/MariaDB at their line", "[sqlite][mysql][normalize]")
{
  for (const std::string engine : {"sqlite", "mysql"}) {
    try {
      strata::dialects::dialect_for(engine).normalize(with_materialized_view());
      FAIL("no error on " << engine);
    } catch (const strata::Error& e) {
      CHECK(std::string(e.what()) == "materialized view totals: materialized views are PostgreSQL's (this engine has "
                                     "none); declare a plain view under `views:` instead");
      CHECK(e.location().line == 12);
    }
  }
}
