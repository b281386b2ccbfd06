#pragma once
// The round-trip invariant every engine's introspect tests check, written once: read -> YAML ->
// load -> normalize equals normalize(read); and, on the servers, the re-load plans to nothing.

#include "dialects/dialect.hpp"
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "schemas/operation.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

namespace strata::test {

// Names the first table (or column) that differs, so a failure says where to look.
inline std::string first_difference(const schemas::Schema& a, const schemas::Schema& b)
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
  if (!(a.views == b.views)) {
    return "views";
  }
  return a.enums == b.enums ? "sequences" : "enums";
}

inline std::string plan_steps(const planner::Plan& plan)
{
  std::string out;
  for (const auto& step : plan.steps) {
    out += schemas::describe(step.operation) + "\n";
  }
  return out;
}

// Loads `yaml`, requiring no error (the diagnostics are printed on failure).
inline schemas::Schema load_checked(const std::string& yaml, const std::string& file = "schema.yaml")
{
  const auto loaded = schemas::load_string(yaml, file);
  std::string diagnostics;
  for (const auto& diagnostic : loaded.diagnostics) {
    diagnostics += diagnostic.str() + "\n";
  }
  INFO(diagnostics);
  REQUIRE(loaded.ok());
  return loaded.schema;
}

struct RoundTrip {
  schemas::Schema loaded;    // load(write_yaml(live))
  schemas::Schema from_yaml; // normalize(loaded)
};

// write_yaml(live), load it back: normalize(live) equals normalize(loaded), and normalize of
// normalize(live) changes nothing.
inline RoundTrip check_round_trip(const dialects::Dialect& dialect, const schemas::Schema& live)
{
  const std::string yaml = schemas::write_yaml(live);
  INFO(yaml);
  RoundTrip out;
  out.loaded = load_checked(yaml, "inspect.yaml");
  const schemas::Schema from_live = dialect.normalize(live);
  out.from_yaml = dialect.normalize(out.loaded);
  INFO(first_difference(from_live, out.from_yaml));
  CHECK(from_live == out.from_yaml);
  CHECK(dialect.normalize(from_live) == from_live);
  return out;
}

// The server round trip: check_round_trip, normalize is idempotent on the loaded side too, and
// planning from live to the loaded schema gives no step.
inline void check_round_trip_plans_nothing(const dialects::Dialect& dialect, const schemas::Schema& live)
{
  const auto trip = check_round_trip(dialect, live);
  CHECK(dialect.normalize(trip.from_yaml) == trip.from_yaml);
  const planner::Plan plan = planner::plan(live, trip.loaded, dialect);
  INFO(plan_steps(plan));
  CHECK(plan.empty());
}

// The servers' round trip: `schema_sql` run on the test database `db` of `engine`, read back
// (with `options`), and checked as above.
template <class Database>
void check_round_trip_of(Database& db, const std::string& engine, const std::string& schema_sql,
                         const introspect::ReadOptions& options = {})
{
  db.connection().execute(schema_sql);
  const auto& dialect = dialects::dialect_for(engine);
  const schemas::Schema live = introspect::read_schema(db.connection(), dialect, options);
  check_round_trip_plans_nothing(dialect, live);
}

// normalize(read) of the test database `db` of `engine`.
template <class Database>
schemas::Schema normalized_live(Database& db, const std::string& engine)
{
  const auto& dialect = dialects::dialect_for(engine);
  return dialect.normalize(introspect::read_schema(db.connection(), dialect));
}

// canonicalize `desired` against `live`, probing the test database `db` of `engine`.
template <class Database>
void canonicalize_on(Database& db, const std::string& engine, schemas::Schema& desired, const schemas::Schema& live)
{
  dialects::dialect_for(engine).canonicalize(db.connection(), &db.connection(), desired, live);
}

// A hand-written desired schema (`yaml`) against what is live on the test database `db` of
// `engine`: after normalize and canonicalize (which may probe the server) the two are equal and
// plan to nothing. Returns normalize(live), for the engine's own checks that nothing was left.
template <class Database>
schemas::Schema check_written_equals_live(Database& db, const std::string& engine, const std::string& yaml)
{
  const schemas::Schema written = load_checked(yaml);
  const auto& dialect = dialects::dialect_for(engine);
  const schemas::Schema live = normalized_live(db, engine);
  schemas::Schema desired = dialect.normalize(written);
  canonicalize_on(db, engine, desired, live);
  INFO(schemas::write_yaml(desired));
  INFO(schemas::write_yaml(live));
  INFO(first_difference(live, desired));
  CHECK(desired == live);
  CHECK(planner::plan(live, desired, dialect).empty());
  return live;
}

} // namespace strata::test
