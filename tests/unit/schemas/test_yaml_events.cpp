// libyaml and the subset scanner standing in for yaml-cpp's parser: the same events with the same
// marks on every text they read, and the texts they cannot stand in on left to the next one.

#include "schema_test_support.hpp"
#include "schemas/yaml_nodes.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

using strata::schemas::load_string;
using strata::schemas::detail::libyaml_events;
using strata::schemas::detail::ScannerRefused;
using strata::schemas::detail::subset_events;
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

// The events a scanner (libyaml_events, subset_events) hands over; {"not read"} when it leaves
// the text to yaml-cpp or hands nothing, {"refused after handing"} when the subset scanner leaves
// it to libyaml after handing events.
Events events_of(bool (*scan)(const std::string&, YAML::EventHandler&, YAML::EventHandler&), const std::string& text)
{
  Recorder first;
  Recorder rest("later ");
  try {
    if (!scan(text, first, rest)) {
      return {"not read"};
    }
  } catch (const ScannerRefused& refusal) {
    return {refusal.next == strata::schemas::detail::Scanner::libyaml ? "refused after handing" : "not read"};
  }
  first.events.insert(first.events.end(), rest.events.begin(), rest.events.end());
  return first.events;
}

Events libyaml_events_of(const std::string& text)
{
  return events_of(&libyaml_events, text);
}

Events subset_events_of(const std::string& text)
{
  return events_of(&subset_events, text);
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

TEST_CASE("the subset scanner hands over yaml-cpp's events and marks", "[yaml][events]")
{
  const std::vector<std::string> texts = {
    // what inspect writes: flow maps in block lists, quoted defaults, literal queries
    "version: 1\n"
    "tables:\n"
    "  - name: users\n"
    "    columns:\n"
    "      - {name: id, type: integer, nullable: false}\n"
    "      - {name: name, type: text, nullable: false, default: \"''\"}\n"
    "      - {name: amount, type: \"numeric(12,2)\", default: \"0\"}\n"
    "    primary_key: [id]\n"
    "    indexes:\n"
    "      - {name: users_live_idx, columns: [name], where: deleted_at IS NULL}\n"
    "    foreign_keys:\n"
    "      - name: users_parent_fk\n"
    "        columns: [parent_id]\n"
    "        references: {table: users, columns: [id]}\n"
    "        on_delete: set null\n"
    "views:\n"
    "  - name: live_users\n"
    "    query: |\n"
    "      SELECT id, name\n"
    "        FROM users\n"
    "\n"
    "      WHERE deleted_at IS NULL\n",
    // empty nodes: at the end of a line, before a comment, in a list, at the end of the text
    "a:\nb: 1\nc:   # nothing\n\n  # more\ne:\n- x\n-\n- y\nf:",
    "list:\n  - \n", "a:\n", "a:\n\n# end\n",
    "", "# only a comment\n", "\n\n   \n",
    // nulls and what only looks like one
    "a: ~\nb: null\nc: Null\nd: NULL\ne: \"null\"\nf: 'Null'\nh: nul\n~: key\n",
    // quoted scalars and their escapes, keys spaced from their colon
    "\"quoted key\": 'it''s'\n'single': \"a \\\"b\\\" \\\\ \\/ \\t \\n \\x41 \\u00e9 \\U0001F600 \\0 \\e\"\nname  : x\n",
    // literal block scalars: clip, strip, keep, at the end of the text, in lists
    "k: |\n  line one\n   two\nm: |-\n  stripped\n\n  after empty\n\nn: |+\n  kept\n\no: x\n",
    "a: |+\n  x\n\n\n", "a:\n  - |\n    one\n  - |-\n    two\nb: |  # comment\n  three\n",
    // plain scalars with indicators inside
    "a: x:y\nb: a#b\nc: -1\nd: 'a: b'\ne: [-1, -x, 'q', \"r\"]\nf: select * from t where a = 'x' # c\ng: 1.5e3\n",
    "checks:\n  - {name: c, expression: (amount >= (0)::numeric), where: a:b}\n",
    // comments everywhere, trailing blanks
    "# head\na: 1 # c\n# mid\nb:   \n  # inner\n  - x # y\n  - 'q'   # z\n  -   {k: v}  \n",
    // lists at their map's column, maps in lists, nested flows, empty flows
    "tables:\n- name: t\n  columns:\n  - {name: id}\n  - {name: x, check: {a: [1, [2, {b: c}]]}}\n  indexes: []\nviews: {}\n",
    "a:\n  b:\n    - c: 1\n      d: [x, {y: z}]\n    - e:\n      f: 2\n  g: 3\nh: 4\n",
  };
  for (const auto& text : texts) {
    INFO(text);
    CHECK(subset_events_of(text) == yaml_cpp_events(text));
  }

  // A generated schema of many tables, every line of it read by the subset.
  std::string schema = "version: 1\ntables:\n";
  for (int t = 0; t < 300; ++t) {
    const std::string name = "t" + std::to_string(t);
    schema += "  - name: " + name + "\n    columns:\n";
    for (int c = 0; c < 1 + t % 12; ++c) {
      schema += "      - {name: c" + std::to_string(c) + ", type: \"numeric(" + std::to_string(c + 2) +
                ",1)\", nullable: " + (c % 2 == 0 ? "false" : "true") + ", default: \"'x''y'\"}\n";
    }
    schema += "    primary_key: [c0]\n";
    if (t % 3 == 0) {
      schema += "    checks:\n      - name: " + name + "_ck\n        expression: c0 > -1 AND c0 <> 'a#b'\n";
    }
  }
  schema += "views:\n  - name: v\n    query: |\n      SELECT 1\n";
  INFO("generated schema");
  const Events generated = subset_events_of(schema);
  CHECK(generated.size() > 10000);
  CHECK(generated == yaml_cpp_events(schema));
}

TEST_CASE("texts outside the subset are left to libyaml and yaml-cpp", "[yaml][events]")
{
  // Refused before anything was handed: the root is not a block map, or a byte is not ASCII.
  const std::vector<std::string> unread = {
    "- a\n", "just text\n", "[a, b]\n", "  a: 1\n", "%YAML 1.2\n---\na: 1\n", "---\na: 1\n",
    "a:\tx\n", "\xC3\xA9: x\n", "a: \"x\xC2\x85y\"\n", "a: 1\r\n", "? k\n: v\n", "&x a: 1\n",
  };
  for (const auto& text : unread) {
    INFO(text);
    CHECK(subset_events_of(text) == Events{"not read"});
  }
  // Met after the document started: anchors, aliases, tags, folded or indented block scalars,
  // flows and quoted scalars across lines, scalars continued or alone on their lines, explicit
  // keys, document markers, empty or trailing flow entries, `\N`-style escapes, malformed maps.
  const std::vector<std::string> refused = {
    "a: &x 1\n", "a: 1\nb: *x\n", "a: !t x\n", "a: >\n  f\n", "a: |2\n  x\n", "a: [x,\n  y]\n",
    "a: 'x\n  y'\n", "a: x\n  continued\n", "a:\n  plain on its own line\n", "a: 1\n? k\n: v\n",
    "a: 1\n...\n", "a: 1\n---\nb: 2\n", "a: [x, , y]\n", "a: {k}\n", "a: [k: v]\n", "a: \"\\N\"\n",
    "a: b: c\n", "a: - x\n", "a: |\n\n  leading empty\n", "a: |\n  x\n   \n  y\n", "a: {x: 1,}\n",
    "a: \"x\"y\n", "a: |\n  x", "a: [x?]\n", "a: {k: a:}\n", "a:\n  - - x\n", "a: 1\n - b\n",
    "a: 1\n  b: 2\n", "a: 'unclosed\n", "a: " + std::string(100, '[') + std::string(100, ']') + "\n",
  };
  for (const auto& text : refused) {
    INFO(text);
    CHECK(subset_events_of(text) == Events{"refused after handing"});
  }
}

TEST_CASE("a schema the subset refuses after tables were handed over loads through libyaml", "[yaml][events]")
{
  // The tables stream to the loader before the folded query (`>`) sends the file to libyaml:
  // they are dropped and the file read again, each table once, with the same messages.
  const std::string text = "version: 1\n"
                           "tables:\n"
                           "  - name: users\n"
                           "    columns:\n"
                           "      - {name: id, type: bigint, nulable: false}\n"
                           "views:\n"
                           "  - name: v\n"
                           "    query: >\n"
                           "      SELECT id\n"
                           "      FROM users\n";
  const auto loaded = load_string(text, "s.yaml");
  CHECK(messages(loaded.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:5:34: table \"users\": column \"id\": unknown key \"nulable\" (did you mean \"nullable\"?)"});
  REQUIRE(loaded.schema.tables.size() == 1);
  REQUIRE(loaded.schema.views.size() == 1);
  CHECK(loaded.schema.views[0].query == "SELECT id FROM users\n");
}

TEST_CASE("the subset scanner reads random texts as yaml-cpp does or leaves them", "[yaml][events]")
{
  // Lines drawn from fragments at random indentation: most texts are malformed or outside the
  // subset (left to the others); every text the subset reads must give yaml-cpp's events.
  const std::vector<std::string> fragments = {
    "k: v", "k:", "- v", "- k: v", "-", "# c", "", "k: [a, b]", "k: {a: b, c: [d]}", "k: |", "k: |-",
    "text line", "'q': \"w\"", "k: 'it''s' # c", "- {a: 1}", "k: x:y", "k: -1", "k: ~", "- - x",
    "k: v: w", "k: [a,", "k: a #b", "\"k\" : v", "k : v", "- |+", "k: null", "- 'a'", "k: [a, {b: c}]",
    "- {e: (a >= (0)::numeric), d: \"''::text\"}", "k: [a::b, c:d]", "k: {a: b:c}", "k: [a:]", "k: {a: b:}",
  };
  std::uint32_t seed = 12345;
  const auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  int read = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string text;
    const auto lines = 1 + next(7);
    for (std::uint32_t l = 0; l < lines; ++l) {
      text += std::string(2 * next(4), ' ') + fragments[next(static_cast<std::uint32_t>(fragments.size()))];
      if (l + 1 < lines || next(4) != 0) {
        text += '\n';
      }
    }
    const Events subset = subset_events_of(text);
    if (subset == Events{"not read"} || subset == Events{"refused after handing"}) {
      continue;
    }
    ++read;
    INFO(text);
    Events reference;
    CHECK_NOTHROW(reference = yaml_cpp_events(text));
    CHECK(subset == reference);
  }
  CHECK(read > 100); // the subset read a good share of them
}
