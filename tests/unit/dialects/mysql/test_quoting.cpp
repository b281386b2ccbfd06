// MySQL/MariaDB's name rule (Rendering::name_problem): the server refuses a name beyond 64
// characters (not bytes), ending with a space or holding a character outside the BMP, and changes
// such ENUM values (the space removed, the character stored as '?').
#include "dialects/registry.hpp"

#include <catch2/catch.hpp>

#include <string>

using strata::dialects::dialect_for;

TEST_CASE("mysql: names beyond 64 characters, ending with a space or outside the BMP are problems", "[mysql][names]")
{
  const auto problem = dialect_for("mysql").name_problem;
  REQUIRE(problem != nullptr);
  CHECK(problem(std::string(64, 'a'), false).empty());
  CHECK(problem(std::string(65, 'a'), false) == "is 65 characters long; MySQL/MariaDB take names of at most 64");
  std::string accented;
  for (int i = 0; i < 64; ++i) {
    accented += "é";
  }
  CHECK(problem(accented, false).empty()); // 64 characters, 128 bytes
  CHECK(problem("name ", false) == "ends with a space, which MySQL/MariaDB refuse in a name");
  CHECK(problem(" name", false).empty());
  CHECK(problem("smile😀", false) ==
        "holds U+1F600, a character outside the Basic Multilingual Plane, which MySQL/MariaDB refuse in a name");
  CHECK(problem("ünï€", false).empty());

  // ENUM values: changed by the server, whatever their length.
  CHECK(problem("value ", true) ==
        "ends with a space, which MySQL/MariaDB remove from an ENUM value, so the database would never match the "
        "schema");
  CHECK(problem("b😀", true) ==
        "holds U+1F600, a character outside the Basic Multilingual Plane, which MySQL/MariaDB store as '?' in an ENUM "
        "value");
  CHECK(problem(std::string(100, 'v'), true).empty());
}

