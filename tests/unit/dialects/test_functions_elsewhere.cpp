// Functions (`functions:`) are PostgreSQL's functions and MySQL/MariaDB's stored routines
// (tests/unit/dialects/mysql/test_routine.cpp): on SQLite the normal form refuses the first
// declared one at its line, saying why (before, they were dropped without a word, so a plan
// reported no change for a function it would never create).
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

TEST_CASE("functions are refused on SQLite at their line, with why", "[sqlite][normalize]")
{
  try {
    strata::dialects::dialect_for("sqlite").normalize(with_function());
    FAIL("no error on sqlite");
  } catch (const strata::Error& e) {
    CHECK(std::string(e.what()) == "function balance(integer): `functions` are managed on PostgreSQL and "
                                   "MySQL/MariaDB only; SQLite has no SQL-defined functions (the application "
                                   "registers them)");
    CHECK(e.location().file == "schema.yaml");
    CHECK(e.location().line == 7);
  }
}

TEST_CASE("functions stay in PostgreSQL's normal form", "[postgres][normalize]")
{
  const auto normal = strata::dialects::dialect_for("postgres").normalize(with_function());
  REQUIRE(normal.functions.size() == 1);
  CHECK(normal.functions[0].name == "balance");
}

TEST_CASE("functions are MySQL/MariaDB stored routines in its normal form", "[mysql][normalize]")
{
  const auto normal = strata::dialects::dialect_for("mysql").normalize(with_function());
  REQUIRE(normal.functions.size() == 1);
  CHECK(normal.functions[0].name == "balance");
  CHECK(normal.functions[0].arguments.empty()); // known by name: MySQL has no overloads
  CHECK(normal.functions[0].definition == "CREATE FUNCTION `balance`(`x` int) RETURNS int\n    DETERMINISTIC\nreturn x + 1");
}
