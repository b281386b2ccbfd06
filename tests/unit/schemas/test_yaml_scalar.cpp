// The scalar choices of the YAML writer (plain or double-quoted, and the escapes) against
// yaml-cpp's own emitter, which wrote strata's YAML before: every string of a generated set of
// awkward ones must come out byte for byte as the emitter writes it, in a block map and in a flow
// map, as a plain value and as a forced double-quoted one.

#include "schemas/yaml_scalar.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <random>
#include <string>
#include <vector>

using namespace strata::schemas::yaml;

namespace {

// The text yaml-cpp's emitter writes for `value` as the value of key "k".
std::string emitter_value(const std::string& value, Context context, bool double_quoted)
{
  YAML::Emitter out;
  if (context == Context::flow) {
    out << YAML::Flow;
  }
  out << YAML::BeginMap << YAML::Key << "k" << YAML::Value;
  if (double_quoted) {
    out << YAML::DoubleQuoted;
  }
  out << value << YAML::EndMap;
  const std::string text = out.c_str();
  // "k: <value>" in a block map, "{k: <value>}" in a flow one.
  return context == Context::flow ? text.substr(4, text.size() - 5) : text.substr(3);
}

std::string ours(const std::string& value, Context context, bool double_quoted)
{
  std::string out;
  if (double_quoted) {
    append_double_quoted(out, value);
  } else {
    append_scalar(out, value, context);
  }
  return out;
}

std::string shown(const std::string& value)
{
  std::string out;
  for (const unsigned char c : value) {
    out += (c >= 0x20 && c < 0x7F) ? std::string(1, static_cast<char>(c)) : "\\x" + std::to_string(c);
  }
  return out;
}

void same_as_emitter(const std::string& value)
{
  for (const auto context : {Context::block, Context::flow}) {
    for (const bool quoted : {false, true}) {
      INFO("value " << shown(value) << (context == Context::flow ? " in a flow map" : " in a block map")
                    << (quoted ? ", double-quoted" : ""));
      REQUIRE(ours(value, context, quoted) == emitter_value(value, context, quoted));
    }
  }
}

} // namespace

TEST_CASE("strings SQL schemas hold are written as yaml-cpp's emitter writes them", "[yaml][writer]")
{
  for (const std::string value :
       {"", "users", "user_id", "varchar(255)", "numeric(10,2)", "CURRENT_TIMESTAMP", "nextval('s'::regclass)",
        "'open'::text", "a: b", "a:b", "key:", "# note", "a #b", "a#b", "- item", "-1", "-", "?", "? x", ":", "~",
        "null", "Null", "NULL", "true", "yes", "no", "on", "0", "0.5", "1e3", "[x]", "{x}", "a,b", "a, b",
        "x[1]", "&anchor", "*alias", "!tag", "|", ">", "'q'", "\"q\"", "%d", "@x", "`x`", "trailing ", " leading",
        "tab\there", "line\nbreak", "cr\rhere", "crlf\r\nhere", "back\\slash", "caf\xC3\xA9", "\xE2\x82\xAC 5",
        "\xF0\x9F\x98\x80", "nbsp\xC2\xA0", "nel\xC2\x85", "c1\xC2\x80", "bom\xEF\xBB\xBF", "bell\x07", "del\x7F",
        "bad\xFF", "cut\xC3", "surrogate\xED\xA0\x80", "nonchar\xEF\xBF\xBE", "overlong\xC0\x80", "---", "...",
        "a ? b", "a - b", "x:y,z", "a}b", "a]b", "https://example.com/x?y=1#frag", "LIKE '%@%'", "id > 0"}) {
    same_as_emitter(value);
  }
}

TEST_CASE("generated awkward strings are written as yaml-cpp's emitter writes them", "[yaml][writer]")
{
  // Pieces that change the choice at the start, the end or in the middle of a string, and bytes of
  // any value (invalid UTF-8 included).
  const std::vector<std::string> pieces = {
    "a", "Z", "0", "_", " ", "  ", "\t", "\n", "\r", "\r\n", ":", "#", "-", "?", ",", "[", "]", "{", "}", "&", "*",
    "!", "|", ">", "'", "\"", "%", "@", "`", "~", "null", "\xC2\x85", "\xC2\xA0", "\xC2\x80", "\xEF\xBB\xBF", "\x7F",
    "\x01", "\x0B", "\x1F", "\xC3\xA9", "\xFF", "\xC3", "\xE2\x82", "\xF0\x9F\x98\x80", "\xED\xA0\x80",
    "\xEF\xBF\xBE", "true", ".", "/", "\\", "(", ")", "=", "\xC0\x80", "\x80", "\xEF\xB7\x90", "\xF4\x90\x80\x80",
    "\x08", "\x0C", "--", "..."};
  std::mt19937 random(15); // fixed: the same strings on every run
  for (int n = 0; n < 20000; ++n) {
    std::string value;
    const auto length = random() % 6;
    for (unsigned i = 0; i < length; ++i) {
      if (random() % 3 == 0) {
        value += static_cast<char>(random() % 256);
      } else {
        value += pieces[random() % pieces.size()];
      }
    }
    same_as_emitter(value);
  }
}

TEST_CASE("literal blocks are laid out as yaml-cpp's emitter lays them out", "[yaml][writer]")
{
  const std::vector<std::string> lines = {"SELECT id", "  FROM t", "", " WHERE a = 1", "\tx", "AS $$ SELECT 1 $$;"};
  std::mt19937 random(15);
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    const auto count = random() % 5;
    for (unsigned i = 0; i < count; ++i) {
      text += lines[random() % lines.size()];
      if (i + 1 < count || random() % 2 == 0) {
        text += '\n';
      }
    }
    YAML::Emitter emitter;
    emitter << YAML::BeginMap << YAML::Key << "k" << YAML::Value << YAML::Literal << text;
    emitter << YAML::Key << "z" << YAML::Value << 0 << YAML::EndMap;
    std::string ours = "k: ";
    append_literal(ours, text, 2);
    ours += "\nz: 0";
    INFO("text " << shown(text));
    REQUIRE(ours == emitter.c_str());
  }
}
