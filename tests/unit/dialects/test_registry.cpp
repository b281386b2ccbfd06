// The dialect registry and the engine names the schema file accepts both expand the engine list
// of schemas/engines.hpp; each engine's dialect answers to its name and fills both roles.
#include "dialects/registry.hpp"
#include "schemas/engines.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace strata;

TEST_CASE("every registered dialect is an engine name of the schema file, and the other way round", "[registry]")
{
  std::vector<std::string> registered = dialects::registered_engines();
  std::vector<std::string> named(schemas::k_engine_names.begin(), schemas::k_engine_names.end());
  std::sort(registered.begin(), registered.end());
  std::sort(named.begin(), named.end());
  CHECK(registered == named);
  for (const auto& name : registered) {
    CHECK(dialects::dialect_for(name).name == name);
    CHECK(schemas::is_engine_name(name));
  }
  CHECK_FALSE(schemas::is_engine_name("oracle"));
  // Only the embedded engine (SQLite) opens files itself.
  CHECK(dialects::dialect_for("sqlite").capabilities.embedded);
  CHECK_FALSE(dialects::dialect_for("postgres").capabilities.embedded);
  CHECK_FALSE(dialects::dialect_for("mysql").capabilities.embedded);
}

TEST_CASE("every registered dialect fills every member of both roles", "[registry]")
{
  for (const auto& name : dialects::registered_engines()) {
    INFO(name);
    const dialects::Rendering& rendering = dialects::dialect_for(name);
    CHECK(rendering.quote_identifier != nullptr);
    CHECK(rendering.quote_literal != nullptr);
    CHECK(rendering.format_type != nullptr);
    CHECK(rendering.normalize != nullptr);
    CHECK(rendering.canonicalize != nullptr);
    CHECK(rendering.canonical_probes != nullptr);
    CHECK(rendering.can_alter_in_place != nullptr);
    CHECK(rendering.render != nullptr);
    CHECK(rendering.engine_risks_in_context != nullptr);
    CHECK(rendering.probe_sql != nullptr);
    const dialects::Administration& administration = dialects::dialect_for(name);
    CHECK(administration.connect != nullptr);
    CHECK(administration.check_integrity != nullptr);
    CHECK(administration.table_exists != nullptr);
    CHECK(administration.after_failed_statement != nullptr);
    CHECK(administration.acquire_lock != nullptr);
    CHECK(administration.backup != nullptr);
    CHECK(administration.restore != nullptr);
    CHECK(administration.create_scratch != nullptr);
    CHECK(administration.drop_scratch != nullptr);
    CHECK(administration.list_objects != nullptr);
    CHECK(administration.clear_database != nullptr);
  }
}
