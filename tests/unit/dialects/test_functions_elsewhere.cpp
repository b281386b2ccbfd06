// Functions (`functions:`) are PostgreSQL's: on SQLite and MySQL/MariaDB the normal form refuses
// the first declared one at its line, saying what to do instead (before, they were dropped
// without a word, so a plan reported no change for a routine it would never create).
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

strata::schemas::Schema with_function()
{
  strata::schemas::Schema schema;
  schema.functions.push_back({});
  auto& function = schema.functions.back();
  function.name = "balance";
  function.arguments = "integer";
  function.definition = "CREATE FUNCTION balance(x INT) RETURNS INT DETERMINISTIC RETURN x + 1";
  function.location = {"schema.yaml", 7, 5};
  return schema;
}

} // namespace

TEST_CASE("functions are refused on SQLite and MySQL/MariaDB at their line, with what to do instead",
          "[sqlite][mysql][normalize]")
{
  const std::pair<std::string, std::string> engines[] = {
      {"mysql", "MySQL/MariaDB stored routines are not managed yet: create them in a hand-written migration "
                "(strata new)"},
      {"sqlite", "SQLite has no SQL-defined functions (the application registers them)"}};
  for (const auto& [engine, advice] : engines) {
    INFO(engine);
    try {
      strata::dialects::dialect_for(engine).normalize(with_function());
      FAIL("no error on " << engine);
    } catch (const strata::Error& e) {
      CHECK(std::string(e.what()) == "function balance(integer): `functions` are managed on PostgreSQL only; " + advice);
      CHECK(e.location().file == "schema.yaml");
      CHECK(e.location().line == 7);
    }
  }
}

TEST_CASE("functions stay in PostgreSQL's normal form", "[postgres][normalize]")
{
  const auto normal = strata::dialects::dialect_for("postgres").normalize(with_function());
  REQUIRE(normal.functions.size() == 1);
  CHECK(normal.functions[0].name == "balance");
}
