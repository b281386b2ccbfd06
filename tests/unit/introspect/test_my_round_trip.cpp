// The round-trip invariant on MariaDB: read -> YAML -> load -> normalize equals normalize(read)
// and plans to nothing; and a hand-written YAML equivalent to a live schema plans to nothing
// after normalize + canonicalize.
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "schemas/operation.hpp"
#include "schemas/yaml.hpp"
#include "test_my_realistic.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;

namespace {

std::string first_difference(const schemas::Schema& a, const schemas::Schema& b)
{
  if (a.tables.size() != b.tables.size()) {
    return "table count " + std::to_string(a.tables.size()) + " vs " + std::to_string(b.tables.size());
  }
  for (size_t i = 0; i < a.tables.size(); ++i) {
    if (!(a.tables[i] == b.tables[i])) {
      for (size_t c = 0; c < std::min(a.tables[i].columns.size(), b.tables[i].columns.size()); ++c) {
        if (!(a.tables[i].columns[c] == b.tables[i].columns[c])) {
          return "column " + a.tables[i].name + "." + a.tables[i].columns[c].name;
        }
      }
      return "table " + a.tables[i].name;
    }
  }
  return a.views == b.views ? "none" : "views";
}

std::string steps(const planner::Plan& plan)
{
  std::string out;
  for (const auto& step : plan.steps) {
    out += schemas::describe(step.operation) + "\n";
  }
  return out;
}

schemas::Schema load(const std::string& yaml)
{
  const auto loaded = schemas::load_string(yaml, "schema.yaml");
  std::string diagnostics;
  for (const auto& diagnostic : loaded.diagnostics) {
    diagnostics += diagnostic.str() + "\n";
  }
  INFO(diagnostics);
  REQUIRE(loaded.ok());
  return loaded.schema;
}

} // namespace

TEST_CASE("MySQL round trip: read, write YAML, load: equal after normalize and an empty plan",
          "[mysql][introspect][yaml]")
{
  test::MysqlDatabase db;
  db.connection().execute(test::k_my_realistic_schema);
  const auto& dialect = dialects::dialect_for("mysql");
  const schemas::Schema live = introspect::read_schema(db.connection(), dialect);

  const std::string yaml = schemas::write_yaml(live);
  INFO(yaml);
  const schemas::Schema loaded = load(yaml);

  const schemas::Schema from_live = dialect.normalize(live);
  const schemas::Schema from_yaml = dialect.normalize(loaded);
  INFO(first_difference(from_live, from_yaml));
  CHECK(from_live == from_yaml);
  CHECK(dialect.normalize(from_live) == from_live);
  CHECK(dialect.normalize(from_yaml) == from_yaml);

  const planner::Plan plan = planner::plan(live, loaded, dialect);
  INFO(steps(plan));
  CHECK(plan.empty());
}
