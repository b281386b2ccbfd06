// The dialect registry and the engine names the schema file accepts must agree: a new engine is
// registered in dialects/registry.cpp and named in schemas/engines.hpp.
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
    CHECK(dialects::dialect_for(name).name() == name);
    CHECK(schemas::is_engine_name(name));
  }
  CHECK_FALSE(schemas::is_engine_name("oracle"));
  // Only the embedded engine (SQLite) opens files itself.
  CHECK(dialects::dialect_for("sqlite").capabilities().embedded);
  CHECK_FALSE(dialects::dialect_for("postgres").capabilities().embedded);
  CHECK_FALSE(dialects::dialect_for("mysql").capabilities().embedded);
}
