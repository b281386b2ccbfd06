// libyaml standing in for yaml-cpp's parser: the same events with the same marks on every text it
// reads, and the texts it cannot stand in on read by yaml-cpp with its own messages.

#include "schema_test_support.hpp"
#include "schemas/yaml_nodes.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <string>
#include <vector>

using strata::schemas::load_string;
using strata::schemas::detail::libyaml_events;
using strata::schemas::detail::LibyamlRefused;
using strata::test::messages;
using Events = std::vector<std::string>;

namespace {

// Every event with everything it carries, as one line each.
class Recorder : public YAML::EventHandler {
public:
  explicit Recorder(std::string prefix = {}) : m_prefix(std::move(prefix)) {}
  Events events;

  void OnDocumentStart(const YAML::Mark& mark) override { add("document " + at(mark)); }
  void OnDocumentEnd() override { add("document end"); }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    add("null " + at(mark) + " &" + std::to_string(anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    add("alias " + at(mark) + " *" + std::to_string(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override
  {
    add("scalar " + at(mark) + " &" + std::to_string(anchor) + " " + tag + " [" + value + "]");
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override
  {
    add("sequence " + at(mark) + " &" + std::to_string(anchor) + " " + tag + " " + std::to_string(style));
  }
  void OnSequenceEnd() override { add("sequence end"); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override
  {
    add("map " + at(mark) + " &" + std::to_string(anchor) + " " + tag + " " + std::to_string(style));
  }
  void OnMapEnd() override { add("map end"); }

private:
  static std::string at(const YAML::Mark& mark)
  {
    return std::to_string(mark.line) + ":" + std::to_string(mark.column) + "@" + std::to_string(mark.pos);
  }
  void add(std::string event) { events.push_back(m_prefix + std::move(event)); }

  std::string m_prefix;
};

Events yaml_cpp_events(const std::string& text)
{
  std::istringstream in(text);
  YAML::Parser parser(in);
  Recorder first;
  Recorder rest("later ");
  if (parser.HandleNextDocument(first)) {
    while (parser.HandleNextDocument(rest)) {
    }
  }
  first.events.insert(first.events.end(), rest.events.begin(), rest.events.end());
  return first.events;
}

// The events libyaml hands over, or {"not read"} when it leaves the text to yaml-cpp.
Events libyaml_events_of(const std::string& text)
{
  Recorder first;
  Recorder rest("later ");
  try {
    if (!libyaml_events(text, first, rest)) {
      return {"not read"};
    }
  } catch (const LibyamlRefused&) {
    return {"not read"};
  }
  first.events.insert(first.events.end(), rest.events.begin(), rest.events.end());
  return first.events;
}

} // namespace

TEST_CASE("libyaml hands over yaml-cpp's events and marks", "[yaml][events]")
{
  const std::vector<std::string> texts = {
    // what inspect writes: flow maps in block lists, quoted defaults
    "version: 1\n"
    "tables:\n"
    "  - name: users\n"
    "    columns:\n"
    "      - {name: id, type: integer, nullable: false}\n"
    "      - {name: name, type: text, nullable: false, default: \"''\"}\n"
    "      - {name: amount, type: \"numeric(12,2)\", default: \"0\"}\n"
    "    primary_key: [id]\n"
    "    indexes:\n"
    "      - {name: users_live_idx, columns: [name], where: deleted_at IS NULL}\n",
    // empty nodes: at the end of a line, before a comment, in a flow map, a list, at the end
    "a:\nb: 1\nc:   # nothing\n\n  # more\nd: {k: }\ne:\n- x\n-\n- y\nf:",
    "list:\n  - \n",
    "", "# only a comment\n", "---\n", "key: value\n...\n",
    // nulls and what only looks like one
    "a: ~\nb: null\nc: Null\nd: NULL\ne: \"null\"\nf: 'Null'\ng: !!str null\nh: nul\n",
    // anchors, aliases, a name defined again, tags, styles
    "a: &x 1\nb: *x\nc: &x [2, &y {k: v}]\nd: *x\ne: *y\nf: !custom t\ng: !!map {x: 1}\n",
    "\"quoted key\": 'it''s'\nk: |\n  line one\n   two\nl: >-\n  folded\n  text\nq: why? a?b ?c\n",
    "a: \"tab\\there \\u00e9\"\nb: plain with  spaces   \nc: [a, b,\n    c]\nd: {x: 1,\n    y: 2}\n",
    // characters beyond ASCII: columns and positions in bytes
    "enums:\n  - { name: Émoji😀, schema: \"Été\", values: [Ünï, \"日本\"] }\n  - { name: ok, values: [x] }\n"
    "after: 日本 x\n",
    "é:\n  - ü\n  -\n  - 😀: \n",
    // later documents
    "a: 1\n---\nb: &q 2\nc: *q\n",
    "first: 1\n--- second\n",
  };
  for (const auto& text : texts) {
    INFO(text);
    CHECK(libyaml_events_of(text) == yaml_cpp_events(text));
  }
}

TEST_CASE("texts libyaml cannot stand in on are left to yaml-cpp", "[yaml][events]")
{
  const std::vector<std::string> texts = {
    "%YAML 1.2\n---\na: 1\n",            // yaml-cpp marks the document after its directive
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "a: *nowhere\n",                     // yaml-cpp refuses it
    "a: [x, , y]\n",                     // yaml-cpp reads an empty entry, libyaml refuses it
    "a: 1\nb: [unclosed\n",              // malformed: yaml-cpp's message
    "a: \"x\xC2\x85y\"\n",               // NEL: a line break for YAML 1.1 only
    "a: x\xE2\x80\xA8y\n",               // LINE SEPARATOR
    "a: 1\n---\nb: [unclosed\n",         // malformed in a later document
    "? complex key\n: value\n",          // explicit keys: yaml-cpp marks a missing value elsewhere
    "a: {? x}\n", "- ? k\n  : v\n", "a: [x, ? y]\n",
    "a: " + std::string(300, '[') + std::string(300, ']') + "\n", // nested deeper than libyaml is let go
    "a: " + std::string(200000, '['),     // and libyaml would take minutes over
  };
  for (const auto& text : texts) {
    INFO(text);
    CHECK(libyaml_events_of(text) == Events{"not read"});
  }
}

TEST_CASE("a schema libyaml refuses after tables were handed over loads as yaml-cpp reads it", "[yaml][events]")
{
  // Two tables go to the loader before libyaml finds the empty entry yaml-cpp accepts; the tables
  // are dropped and the file read again, once: the same schema and the same messages as from a
  // text yaml-cpp alone reads (a table's own problem reported once).
  const std::string text = "version: 1\n"
                           "tables:\n"
                           "  - name: users\n"
                           "    columns:\n"
                           "      - { name: id, type: bigint, nulable: false }\n"
                           "  - name: orders\n"
                           "    columns:\n"
                           "      - { name: id, type: bigint }\n"
                           "    primary_key: [id, , id]\n";
  const auto loaded = load_string(text, "s.yaml");
  CHECK(messages(loaded.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:5:35: table \"users\": column \"id\": unknown key \"nulable\" (did you mean \"nullable\"?)",
          "s.yaml:9:23: table \"orders\": \"primary_key\" holds an empty name",
          "s.yaml:9:25: table \"orders\": primary key: column \"id\" listed twice",
        });
  CHECK(loaded.schema.tables.size() == 2);

  // Malformed after tables were handed over: yaml-cpp's message and nothing loaded.
  const auto malformed = load_string("version: 1\ntables:\n  - name: users\n    columns:\n      - { name: id, type: bigint }\n"
                                     "  - name: [orders\n",
                                     "m.yaml");
  CHECK(malformed.schema.tables.empty());
  REQUIRE(messages(malformed.diagnostics).size() == 1);
  CHECK(messages(malformed.diagnostics)[0].rfind("m.yaml:7:1: malformed YAML: ", 0) == 0);

  // Nested past yaml-cpp's bound inside a table: yaml-cpp's refusal, at once.
  const auto deep = load_string("tables:\n  - name: t\n    columns: " + std::string(100000, '[') + "\n", "d.yaml");
  CHECK(messages(deep.diagnostics) == std::vector<std::string>{"d.yaml:4:1: malformed YAML: bad file"});
}
