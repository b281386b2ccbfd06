// libyaml as the loader's scanner: its events handed on as yaml-cpp's parser would hand them
// (the same events, the same marks), at about a seventh of yaml-cpp's instructions. A text libyaml
// cannot stand in for yaml-cpp on (malformed, a directive, an alias to no anchor, a YAML 1.1 line
// break) is read again by yaml-cpp, whose messages and marks users see for every malformed file.

#include "schemas/yaml_nodes.hpp"
#include "schemas/yaml_scalar.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml.h>

#include <map>
#include <string>
#include <string_view>

namespace strata::schemas::detail {

namespace {

// One libyaml parser over a text, freed on every way out.
class LibyamlParser {
public:
  explicit LibyamlParser(const std::string& text)
  {
    yaml_parser_initialize(&m_parser);
    yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~LibyamlParser() { yaml_parser_delete(&m_parser); }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;

  // The next event, or false when libyaml refuses the text.
  bool next(yaml_event_t& event) { return yaml_parser_parse(&m_parser, &event) != 0; }

private:
  yaml_parser_t m_parser{};
};

// Frees an event's strings when it goes out of scope.
struct EventGuard {
  yaml_event_t& event;
  ~EventGuard() { yaml_event_delete(&event); }
};

std::string_view text_of(const unsigned char* text)
{
  return text == nullptr ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(text));
}

// Whether `text` may be left to libyaml, seen byte by byte: no NEL, LINE SEPARATOR or PARAGRAPH
// SEPARATOR (line breaks for YAML 1.1, libyaml, and not for YAML 1.2, yaml-cpp), and no `?` that
// may be an explicit key's indicator (where a line, a list entry or a flow entry starts, before a
// blank: yaml-cpp marks an explicit key's missing value elsewhere). Such a `?` inside a quoted
// text only sends the file to yaml-cpp. `ascii` tells whether every byte is ASCII.
bool libyaml_may_read(std::string_view text, bool& ascii)
{
  ascii = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '?') {
      const bool blank_after = i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\t' || text[i + 1] == '\n';
      size_t before = i;
      while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) {
        --before;
      }
      const bool starts_entry = before == 0 || std::string_view("\n-{[,").find(text[before - 1]) != std::string_view::npos;
      if (blank_after && starts_entry) {
        return false;
      }
      continue;
    }
    if (byte < 0x80) {
      continue;
    }
    ascii = false;
    const std::string_view rest = text.substr(i);
    if (rest.substr(0, 2) == "\xC2\x85" || rest.substr(0, 3) == "\xE2\x80\xA8" || rest.substr(0, 3) == "\xE2\x80\xA9") {
      return false;
    }
  }
  return true;
}

// libyaml's marks (characters) as yaml-cpp's (bytes: position, and column within the line).
class Marks {
public:
  Marks(std::string_view text, bool ascii) : m_text(text), m_ascii(ascii) {}

  YAML::Mark at(const yaml_mark_t& mark)
  {
    YAML::Mark out;
    out.line = static_cast<int>(mark.line);
    if (m_ascii) {
      out.pos = static_cast<int>(mark.index);
      out.column = static_cast<int>(mark.column);
      return out;
    }
    const size_t byte = byte_of(mark.index);
    const size_t line_start = byte == 0 ? 0 : m_text.rfind('\n', byte - 1) + 1; // npos + 1 is 0
    out.pos = static_cast<int>(byte);
    out.column = static_cast<int>(byte - line_start);
    return out;
  }

  YAML::Mark empty_node(const yaml_mark_t& mark) { return empty_node_mark(m_text, at(mark)); }

private:
  // The byte offset of the character at `index`, walking from the last one asked (events come
  // in text order, so the walks are short).
  size_t byte_of(size_t index)
  {
    if (index < m_char) {
      m_char = 0;
      m_byte = 0;
    }
    while (m_char < index && m_byte < m_text.size()) {
      ++m_byte;
      while (m_byte < m_text.size() && (static_cast<unsigned char>(m_text[m_byte]) & 0xC0) == 0x80) {
        ++m_byte; // a continuation byte of the same character
      }
      ++m_char;
    }
    return m_byte;
  }

  std::string_view m_text;
  bool m_ascii;
  size_t m_char = 0;
  size_t m_byte = 0;
};

// Collections nested deeper than this are left to yaml-cpp, which refuses them at about twice
// the depth ("bad file"); libyaml has no bound, and its scanner does work in proportion to the
// open flow collections for every token.
constexpr int k_libyaml_depth = 256;


// A node's tag as yaml-cpp gives it: the explicit one, else "?" (plain scalars, collections) or
// "!" (quoted and block scalars).
std::string tag_of(const unsigned char* tag, const char* untagged)
{
  return tag != nullptr ? std::string(text_of(tag)) : std::string(untagged);
}

YAML::EmitterStyle::value style_of(bool flow)
{
  return flow ? YAML::EmitterStyle::Flow : YAML::EmitterStyle::Block;
}

// Hands the events of `text` to the handlers, numbering anchors per document from 1 as yaml-cpp
// does (a name defined again names the newer node). False when it stops before handing any.
bool hand_events(const std::string& text, bool ascii, YAML::EventHandler& first, YAML::EventHandler& rest)
{
  LibyamlParser parser(text);
  Marks marks(text, ascii);
  std::map<std::string, YAML::anchor_t, std::less<>> anchors;
  YAML::anchor_t next_anchor = 1;
  int documents = 0;
  int depth = 0;
  bool handed = false;
  YAML::EventHandler* handler = &first;
  // Where libyaml cannot stand in: nothing handed yet, or the caller drops what it built.
  const auto stop = [&]() -> bool {
    if (handed) {
      throw ScannerRefused{Scanner::yaml_cpp};
    }
    return false;
  };
  const auto anchor_of = [&](const unsigned char* name) -> YAML::anchor_t {
    if (name == nullptr) {
      return YAML::NullAnchor;
    }
    const YAML::anchor_t id = next_anchor++;
    anchors.insert_or_assign(std::string(text_of(name)), id);
    return id;
  };
  for (;;) {
    yaml_event_t event;
    if (!parser.next(event)) {
      return stop();
    }
    const EventGuard guard{event};
    if (event.type == YAML_DOCUMENT_START_EVENT &&
        (event.data.document_start.version_directive != nullptr ||
         event.data.document_start.tag_directives.start != event.data.document_start.tag_directives.end)) {
      return stop(); // yaml-cpp marks such a document after its directives
    }
    if (event.type == YAML_ALIAS_EVENT && anchors.find(text_of(event.data.alias.anchor)) == anchors.end()) {
      return stop(); // yaml-cpp refuses an alias to no anchor; libyaml's parser does not check
    }
    if ((event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT) &&
        ++depth > k_libyaml_depth) {
      return stop(); // yaml-cpp refuses nesting past its own bound; libyaml slows down with it
    }
    if (event.type == YAML_SEQUENCE_END_EVENT || event.type == YAML_MAPPING_END_EVENT) {
      --depth;
    }
    handed = handed || event.type != YAML_STREAM_START_EVENT;
    switch (event.type) {
    case YAML_STREAM_END_EVENT:
      return true;
    case YAML_DOCUMENT_START_EVENT:
      handler = ++documents == 1 ? &first : &rest;
      anchors.clear();
      next_anchor = 1;
      handler->OnDocumentStart(marks.at(event.start_mark));
      break;
    case YAML_DOCUMENT_END_EVENT:
      handler->OnDocumentEnd();
      break;
    case YAML_ALIAS_EVENT:
      handler->OnAlias(marks.at(event.start_mark), anchors.find(text_of(event.data.alias.anchor))->second);
      break;
    case YAML_SCALAR_EVENT: {
      const auto& scalar = event.data.scalar;
      const std::string value(reinterpret_cast<const char*>(scalar.value), scalar.length);
      const bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE;
      const bool empty = plain && scalar.length == 0 && event.start_mark.index == event.end_mark.index;
      const YAML::Mark mark = empty ? marks.empty_node(event.start_mark) : marks.at(event.start_mark);
      const YAML::anchor_t anchor = anchor_of(scalar.anchor);
      if (plain && scalar.tag == nullptr && yaml::null_word(value)) {
        handler->OnNull(mark, anchor);
      } else {
        handler->OnScalar(mark, tag_of(scalar.tag, plain ? "?" : "!"), anchor, value);
      }
      break;
    }
    case YAML_SEQUENCE_START_EVENT: {
      const auto& start = event.data.sequence_start;
      handler->OnSequenceStart(marks.at(event.start_mark), tag_of(start.tag, "?"), anchor_of(start.anchor),
                               style_of(start.style == YAML_FLOW_SEQUENCE_STYLE));
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
      handler->OnSequenceEnd();
      break;
    case YAML_MAPPING_START_EVENT: {
      const auto& start = event.data.mapping_start;
      handler->OnMapStart(marks.at(event.start_mark), tag_of(start.tag, "?"), anchor_of(start.anchor),
                          style_of(start.style == YAML_FLOW_MAPPING_STYLE));
      break;
    }
    case YAML_MAPPING_END_EVENT:
      handler->OnMapEnd();
      break;
    default:
      break;
    }
  }
}

} // namespace

YAML::Mark empty_node_mark(std::string_view text, YAML::Mark after)
{
  YAML::Mark out = after;
  auto i = static_cast<size_t>(out.pos);
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
      ++out.column;
    } else if (c == '\n') {
      ++i;
      ++out.line;
      out.column = 0;
    } else if (c == '#') {
      const size_t end = text.find('\n', i);
      out.column += static_cast<int>((end == std::string_view::npos ? text.size() : end) - i);
      i = end == std::string_view::npos ? text.size() : end;
    } else {
      break;
    }
  }
  if (i >= text.size()) {
    out.column = 0;
  }
  out.pos = static_cast<int>(i);
  return out;
}

bool libyaml_events(const std::string& text, YAML::EventHandler& first, YAML::EventHandler& rest)
{
  bool ascii = true;
  return libyaml_may_read(text, ascii) && hand_events(text, ascii, first, rest);
}

} // namespace strata::schemas::detail
