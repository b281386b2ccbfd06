// Names no engine takes (line breaks, control characters, bytes that are not UTF-8), an enum name
// with a dot and enum values with control characters: errors at the object's line.

#include "schema_test_support.hpp"
#include "schemas/name_rules.hpp"

#include <catch2/catch.hpp>

using strata::test::problems;
using Lines = std::vector<std::string>;

TEST_CASE("a name with a line break is an error at its line", "[yaml][names]")
{
  CHECK(problems(R"y(
tables:
  - name: "bad\nname"
    columns:
      - { name: id, type: integer }
      - { name: "tab\there", type: integer }
      - { name: "cr\r", type: integer }
    indexes:
      - { name: "idx\u0000", columns: [id] }
views:
  - { name: v, query: "SELECT 1", columns: ["a\nb"] }
sequences:
  - { name: "s\u0001" }
)y") == Lines{
           "s.yaml:2:5: table \"bad\\nname\": name holds a line break",
           "s.yaml:6:9: table \"bad\\nname\": column \"cr\\r\": name holds a line break",
           "s.yaml:8:9: table \"bad\\nname\": index \"idx\\x00\": name holds a NUL byte",
           "s.yaml:10:5: view \"v\": column \"a\\nb\": name holds a line break",
         });
}

TEST_CASE("an enum name with a dot and an enum value with a CR are errors", "[yaml][names]")
{
  CHECK(problems(R"y(
enums:
  - { name: a.b, values: [x] }
  - { name: ok, values: ["x\r", "y"] }
  - { name: Émoji😀, schema: "Été", values: [Ünï, "日本"] }
)y") == Lines{
           "s.yaml:2:5: enum \"a.b\": an enum name must not hold a dot (a column's type \"a.b\" names enum b of schema "
           "a; give the schema with \"schema:\")",
           "s.yaml:3:5: enum \"ok\": value \"x\\r\": holds a line break",
         });
}

TEST_CASE("bytes that are not UTF-8 make a bad name", "[yaml][names]")
{
  CHECK(strata::schemas::portable_name_problem("ok_ünï_😀") == "");
  CHECK(strata::schemas::portable_name_problem(std::string("a\xC3")) == "is not valid UTF-8");
  CHECK(strata::schemas::portable_name_problem(std::string("a\xC0\xAF")) == "is not valid UTF-8");   // overlong
  CHECK(strata::schemas::portable_name_problem(std::string("\xED\xA0\x80")) == "is not valid UTF-8"); // surrogate
  CHECK(strata::schemas::portable_name_problem(std::string("a\0b", 3)) == "holds a NUL byte");
  CHECK(strata::schemas::portable_name_problem("tab\there") == ""); // engines take it, and files keep it
}
