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
virtual_tables:
  - { name: "fts\nx", using: fts5, arguments: a }
)y") == Lines{
           "s.yaml:2:5: table \"bad\\nname\": name holds a line break",
           "s.yaml:6:9: table \"bad\\nname\": column \"cr\\r\": name holds a line break",
           "s.yaml:8:9: table \"bad\\nname\": index \"idx\\x00\": name holds a NUL byte",
           "s.yaml:10:5: view \"v\": column \"a\\nb\": name holds a line break",
           "s.yaml:14:5: virtual table \"fts\\nx\": name holds a line break",
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

TEST_CASE("code points of UTF-8 text, a bad byte as U+FFFD", "[names]")
{
  CHECK(strata::schemas::code_points("aé€😀") == std::vector<char32_t>{U'a', U'é', U'€', U'😀'});
  CHECK(strata::schemas::code_points(std::string("a\xC3")) == std::vector<char32_t>{U'a', 0xFFFD});
  CHECK(strata::schemas::code_points("").empty());
}

TEST_CASE("an engine's name rule is asked of every name and enum value, at its line", "[names]")
{
  const auto loaded = strata::schemas::load_string(strata::test::yaml_text(R"y(
tables:
  - name: long_table
    columns:
      - { name: id, type: integer }
      - { name: long_column, type: integer }
    primary_key: [id]
    indexes:
      - { columns: [long_column] }
      - { name: long_named_index, columns: [id] }
    foreign_keys:
      - { columns: [id], references: { table: long_table } }
    checks:
      - { expression: "id > 0" }
views:
  - { name: long_view, query: "SELECT 1", columns: [long_out] }
enums:
  - { name: long_enum, values: [short, long_value] }
)y"),
                                                   "s.yaml");
  REQUIRE(loaded.ok());
  // A rule that refuses every name (and value) starting with "long".
  const auto found = strata::schemas::name_diagnostics(loaded.schema, [](const std::string& name, bool label) {
    return name.rfind("long", 0) == 0 ? std::string(label ? "is a long value" : "is long") : std::string();
  });
  const std::string made_up = " (a name strata made for an object the file leaves unnamed: give the object a shorter "
                              "\"name:\")";
  CHECK(strata::test::messages(found) == Lines{
          "s.yaml:2:5: table \"long_table\": name is long",
          "s.yaml:5:9: table \"long_table\": column \"long_column\": name is long",
          "s.yaml:8:9: table \"long_table\": index \"long_table_long_column_idx\": name is long" + made_up,
          "s.yaml:9:9: table \"long_table\": index \"long_named_index\": name is long",
          "s.yaml:11:9: table \"long_table\": foreign key \"long_table_id_fkey\": name is long" + made_up,
          "s.yaml:13:9: table \"long_table\": check \"long_table_check\": name is long" + made_up,
          "s.yaml:15:5: view \"long_view\": name is long",
          "s.yaml:15:5: view \"long_view\": column \"long_out\": name is long",
          "s.yaml:17:5: enum \"long_enum\": name is long",
          "s.yaml:17:5: enum \"long_enum\": value \"long_value\": is a long value",
        });
}
