// Loading a file or a folder of files from disk, and load_or_throw.

#include "schema_test_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::messages;
using strata::test::TempDir;
using Lines = std::vector<std::string>;

TEST_CASE("a folder's *.yaml and *.yml files are merged in file-name order", "[yaml][folder]")
{
  TempDir dir;
  dir.write("b_orders.yml", "tables:\n  - name: orders\n    columns: [{ name: id, type: integer }, { name: user_id, "
                            "type: integer }]\n    foreign_keys:\n      - { columns: [user_id], references: { table: "
                            "users } }\n");
  dir.write("a_users.yaml", "version: 1\ntables:\n  - name: users\n    columns: [{ name: id, type: integer }]\n"
                            "    primary_key: [id]\nviews:\n  - { name: v, query: SELECT 1 }\n");
  dir.write("notes.txt", "not: [yaml\n");
  dir.write("strata.yaml", "schema: .\n"); // the project file, not a schema file
  dir.write("nested/c.yaml", "tables: [{ name: hidden, columns: [{ name: id, type: integer }] }]\n");
  const auto result = load_path(dir.path());
  REQUIRE(messages(result.diagnostics) == Lines{});
  REQUIRE(result.schema.tables.size() == 2);
  CHECK(result.schema.tables[0].name == "users");
  CHECK(result.schema.tables[0].location.file == (dir.path() / "a_users.yaml").string());
  CHECK(result.schema.tables[1].name == "orders");
  CHECK(result.schema.tables[1].location.file == (dir.path() / "b_orders.yml").string());
  CHECK(result.schema.tables[1].foreign_keys[0].ref_columns == std::vector<std::string>{"id"});
  CHECK(result.schema.views.size() == 1);
}

TEST_CASE("diagnostics of a folder name the right file, duplicates across files included", "[yaml][folder]")
{
  TempDir dir;
  const auto first = dir.write("1.yaml", "tables:\n  - name: users\n    columns: [{ name: id, type: integer }]\n");
  const auto second = dir.write("2.yaml", "tables:\n  - name: users\n    columns: [{ name: id, type: intger(3) }]\n"
                                          "  - name: t\n    columns: [{ name: id, type: integer, nulable: true }]\n");
  CHECK(messages(load_path(dir.path()).diagnostics) ==
        Lines{
          second.string() + ":2:5: table \"users\": duplicate table name (first defined at " + first.string() + ":2:5)",
          second.string() + ":5:42: table \"t\": column \"id\": unknown key \"nulable\" (did you mean \"nullable\"?)",
        });
}

TEST_CASE("a single file loads by path", "[yaml][folder]")
{
  TempDir dir;
  const auto file = dir.write("schema.yaml", "tables:\n  - name: t\n    columns: [{ name: id, type: integer }]\n");
  const auto result = load_path(file);
  REQUIRE(result.ok());
  CHECK(result.schema.tables[0].location == SourceLocation{file.string(), 2, 5});
}

TEST_CASE("missing paths, empty folders and malformed files are diagnostics", "[yaml][folder]")
{
  TempDir dir;
  const auto missing = dir.path() / "nope.yaml";
  CHECK(messages(load_path(missing).diagnostics) == Lines{missing.string() + ": no such file or folder"});
  const auto empty = dir.path() / "empty";
  std::filesystem::create_directories(empty);
  CHECK(messages(load_path(empty).diagnostics) == Lines{empty.string() + ": folder holds no *.yaml or *.yml file"});
  const auto bad = dir.write("mixed/a.yaml", "tables: [\n");
  dir.write("mixed/b.yaml", "tables:\n  - name: t\n    columns: []\n");
  const auto found = messages(load_path(dir.path() / "mixed").diagnostics);
  REQUIRE(found.size() == 2);
  CHECK(found[0].rfind(bad.string() + ":2:1: malformed YAML", 0) == 0);
  CHECK(found[1] == (dir.path() / "mixed" / "b.yaml").string() + ":3:14: table \"t\": \"columns\" must not be empty");
}

TEST_CASE("load_or_throw throws SchemaError carrying every diagnostic", "[yaml][folder]")
{
  TempDir dir;
  const auto file = dir.write("s.yaml", "tables:\n  - name: t\n    columns: [{ name: a, type: \"varchar(x)\" }]\n"
                                        "    primary_key: [b]\n");
  try {
    load_or_throw(file);
    FAIL("expected a SchemaError");
  } catch (const strata::SchemaError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.kind() == strata::ErrorKind::input);
    CHECK(std::string(e.what()) ==
          file.string() + ":3:32: table \"t\": column \"a\": bad type \"varchar(x)\" (expected varchar(n))\n" +
            file.string() + ":4:19: table \"t\": primary key: unknown column \"b\"");
  }
  const auto good = dir.write("good.yaml", "tables:\n  - name: t\n    columns: [{ name: a, type: text }]\n");
  CHECK(load_or_throw(good).tables.size() == 1);
}
