// The file's text before it becomes nodes: line-break conventions and a byte-order mark, a second
// document, and alias expansion refused before it happens.

#include "schema_test_support.hpp"

#include <catch2/catch.hpp>

#include <string>

using strata::schemas::load_string;
using strata::test::messages;
using Lines = std::vector<std::string>;

namespace {

const std::string k_lf = "version: 1\n"
                         "# two tables\n"
                         "tables:\n"
                         "  - name: users\n"
                         "    columns:\n"
                         "      - { name: id, type: bigint }\n"
                         "  - name: orders\n"
                         "    columns:\n"
                         "      - { name: id, type: bigint, nulable: false }\n";

std::string with_breaks(const std::string& text, const std::string& line_break)
{
  std::string out;
  for (const char c : text) {
    out += c == '\n' ? line_break : std::string(1, c);
  }
  return out;
}

} // namespace

TEST_CASE("LF, CRLF, lone CR and a byte-order mark load the same schema with the same lines", "[yaml][input]")
{
  const auto expected = load_string(k_lf, "s.yaml");
  REQUIRE(expected.schema.tables.size() == 2);
  const Lines expected_problems{"s.yaml:9:35: table \"orders\": column \"id\": unknown key \"nulable\" (did you mean "
                                "\"nullable\"?)"};
  REQUIRE(messages(expected.diagnostics) == expected_problems);
  for (const std::string bom : {"", "\xEF\xBB\xBF"}) {
    for (const std::string line_break : {"\n", "\r\n", "\r"}) {
      INFO("line break " << (line_break == "\r" ? "CR" : line_break == "\n" ? "LF" : "CRLF") << ", BOM "
                         << !bom.empty());
      const auto loaded = load_string(bom + with_breaks(k_lf, line_break), "s.yaml");
      CHECK(loaded.schema == expected.schema);
      CHECK(messages(loaded.diagnostics) == expected_problems);
    }
  }
}

TEST_CASE("a CR inside a quoted scalar folds like any line break", "[yaml][input]")
{
  const auto loaded = load_string("tables:\r  - name: t\r    comment: \"a\rb\"\r    columns: [{ name: id, type: integer }]\r",
                                  "s.yaml");
  REQUIRE(loaded.ok());
  REQUIRE(loaded.schema.tables.size() == 1);
  CHECK(loaded.schema.tables[0].comment == "a b");
}

TEST_CASE("a second YAML document is an error at its line", "[yaml][input]")
{
  CHECK(messages(load_string("tables: []\n---\ntables:\n  - { name: t, columns: [{ name: id, type: integer }] }\n",
                             "s.yaml")
                   .diagnostics) ==
        Lines{"s.yaml:2:1: a second YAML document (after \"---\") is not read: a schema file holds one document (put "
              "more objects in the same document, or in more files of a schema folder)"});
  // One document with explicit start and end markers is one document.
  CHECK(load_string("---\ntables: []\n...\n", "s.yaml").ok());
}

TEST_CASE("alias expansion beyond the budget is refused at the alias, before expanding", "[yaml][input]")
{
  // A 1 MiB anchored scalar aliased by 2,000 tables would expand to 2 GiB.
  std::string text = "tables:\n  - name: &big " + std::string(1 << 20, 'x') + "\n    columns: [{ name: id, type: integer }]\n";
  for (int i = 0; i < 2000; ++i) {
    text += "  - { name: *big, columns: [{ name: id, type: integer }] }\n";
  }
  const auto loaded = load_string(text, "s.yaml");
  REQUIRE(loaded.diagnostics.size() == 1);
  // 16 aliases of 1 MiB (plus 16 bytes) fit in 16 MiB; the 16th crosses it.
  CHECK(loaded.diagnostics[0].str() ==
        "s.yaml:19:13: aliases expand to more than 16 MiB; refused before expanding them (write the repeated text out, "
        "or repeat less)");
  CHECK(loaded.schema.tables.empty());

  // Nested aliases (each level doubling) are counted as expanded, without overflowing.
  std::string laughs = "a0: &a0 [x, x]\n";
  for (int i = 1; i < 80; ++i) {
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
              std::to_string(i - 1) + "]\n";
  }
  const auto bomb = load_string(laughs, "s.yaml");
  REQUIRE(bomb.diagnostics.size() == 1);
  CHECK(bomb.diagnostics[0].str().find("aliases expand to more than 16 MiB") != std::string::npos);

  // Ordinary anchors and aliases stay welcome.
  CHECK(load_string("x-id: &id { name: id, type: bigint }\ntables:\n  - { name: a, columns: [*id] }\n"
                    "  - { name: b, columns: [*id] }\n",
                    "s.yaml")
          .diagnostics.size() == 1); // only the unknown top-level key x-id
}

TEST_CASE("tables built as the parser goes load as from a whole tree", "[yaml][input]")
{
  // An anchor in one table named by a later one (the first table's nodes are kept for it).
  const auto shared = load_string("tables:\n"
                                  "  - { name: a, columns: [&id { name: id, type: bigint }] }\n"
                                  "  - { name: b, columns: [*id, { name: n, type: text }] }\n",
                                  "s.yaml");
  REQUIRE(shared.ok());
  REQUIRE(shared.schema.tables.size() == 2);
  CHECK(shared.schema.tables[1].columns.size() == 2);
  CHECK(shared.schema.tables[1].columns[0].name == "id");

  // A whole table named again by an alias, and an anchored list of tables named elsewhere.
  const auto aliased = load_string("tables:\n  - &t { name: a, columns: [{ name: id, type: bigint }] }\n  - *t\n",
                                   "s.yaml");
  REQUIRE(aliased.schema.tables.size() == 2);
  CHECK(aliased.schema.tables[1].name == "a");
  REQUIRE(aliased.diagnostics.size() == 1);
  CHECK(aliased.diagnostics[0].str().find("duplicate table name") != std::string::npos);
  const auto anchored = load_string("tables: &all\n  - { name: a, columns: [{ name: id, type: bigint }] }\n"
                                    "x-more: *all\n",
                                    "s.yaml");
  REQUIRE(anchored.schema.tables.size() == 1);
  CHECK(anchored.schema.tables[0].columns.size() == 1);

  // The first `tables` is read; the second is reported (a duplicate key), its tables not loaded.
  const auto twice = load_string("tables:\n  - { name: a, columns: [{ name: id, type: bigint }] }\n"
                                 "tables:\n  - { name: b, columns: [{ name: id, type: bigint }] }\n",
                                 "s.yaml");
  REQUIRE(twice.schema.tables.size() == 1);
  CHECK(twice.schema.tables[0].name == "a");

  // Malformed YAML after tables were built: only the parser's error, no table, no other message.
  const auto broken = load_string("tables:\n  - { name: a, columns: [{ name: id, type: bogus_type(( }] }\n"
                                  "  - { name: b, columns: [{ name: id, type: bigint }] }\n"
                                  "views: [ {\n",
                                  "s.yaml");
  REQUIRE(broken.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].str().find("malformed YAML") != std::string::npos);
  CHECK(broken.schema.tables.empty());

  // A second document after the tables: refused, nothing loaded.
  const auto second = load_string("tables:\n  - { name: a, columns: [{ name: id, type: bigint }] }\n---\nx: 1\n",
                                  "s.yaml");
  REQUIRE(second.diagnostics.size() == 1);
  CHECK(second.schema.tables.empty());
}
