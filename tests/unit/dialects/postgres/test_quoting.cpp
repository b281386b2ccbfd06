// PostgreSQL's name rule (Rendering::name_problem): identifiers and enum values beyond 63 bytes,
// counted in bytes (a 32-character name of two-byte letters is 64 bytes); and identifiers shown
// as the server's quote_identifier shows them.
#include "dialects/postgres/internal.hpp"
#include "dialects/registry.hpp"

#include <catch2/catch.hpp>

#include <string>

using strata::dialects::dialect_for;

TEST_CASE("postgres: names and enum values beyond 63 bytes are problems", "[postgres][names]")
{
  const auto problem = dialect_for("postgres").name_problem;
  REQUIRE(problem != nullptr);
  CHECK(problem(std::string(63, 'a'), false).empty());
  CHECK(problem(std::string(64, 'a'), false) ==
        "is 64 bytes long; PostgreSQL keeps the first 63 bytes of a name and drops the rest, so the database would "
        "never match the schema");
  std::string accented;
  for (int i = 0; i < 32; ++i) {
    accented += "é";
  }
  CHECK(problem(accented, false).rfind("is 64 bytes long", 0) == 0);
  CHECK(problem(accented.substr(2), false).empty()); // 31 letters, 62 bytes
  CHECK(problem(std::string(63, 'v'), true).empty());
  CHECK(problem(std::string(64, 'v'), true) == "is 64 bytes long; PostgreSQL takes enum values of at most 63 bytes");
  // What MySQL refuses is fine here.
  CHECK(problem("trailing ", false).empty());
  CHECK(problem("emoji😀", false).empty());
}

TEST_CASE("postgres: identifiers are shown bare only where the server's quote_identifier leaves them bare",
          "[postgres][names]")
{
  using strata::dialects::postgres::shown_identifier;
  CHECK(shown_identifier("order_status") == "order_status");
  CHECK(shown_identifier("_x1") == "_x1");
  CHECK(shown_identifier("OrderStatus") == "\"OrderStatus\"");
  CHECK(shown_identifier("état") == "\"état\"");
  CHECK(shown_identifier("1st") == "\"1st\"");
  CHECK(shown_identifier("user") == "\"user\"");       // reserved
  CHECK(shown_identifier("numeric") == "\"numeric\""); // a col_name keyword
  CHECK(shown_identifier("status") == "status");       // unreserved
  CHECK(shown_identifier("a\"b") == "\"a\"\"b\"");
}
