// The loader's first scanner: the block YAML that strata writes and that schema files are mostly
// written in (block maps and lists, one-line flow maps and lists, one-line plain and quoted
// scalars, literal block scalars, comments), read in one pass over the bytes and handed on as
// yaml-cpp's parser hands its events (the same events, the same marks). Whatever lies outside
// that subset (anchors, aliases, tags, folded or indented block scalars, flow collections or
// scalars across lines, explicit keys, directives, document markers, tabs, non-ASCII bytes, and
// every malformed text) is left to libyaml_events, and through it to yaml-cpp, whose messages and
// marks users see.

#include "schemas/yaml_nodes.hpp"
#include "schemas/yaml_scalar.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace strata::schemas::detail {

namespace {

// The text is outside the subset (or malformed): the next scanner reads it.
struct Outside {};

// Nesting deeper than this is left to the next scanner (schema files nest a few levels).
constexpr int k_subset_depth = 64;

// The tags yaml-cpp gives untagged nodes: "?" to plain scalars and collections, "!" to the others
// (made once: the handler takes them as std::string).
const std::string k_plain_tag = "?";
const std::string k_quoted_tag = "!";

bool blank_or_end(std::string_view text, size_t i)
{
  return i >= text.size() || text[i] == ' ' || text[i] == '\n';
}

// Every byte printable ASCII or a line break: no tab (whose place in indentation and between
// tokens YAML restricts), no control character, no UTF-8 (a BOM, NEL, LINE SEPARATOR or PARAGRAPH
// SEPARATOR has rules of its own); such a file goes to libyaml.
bool plain_ascii(std::string_view text)
{
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= 0x20 && c < 0x7F) || c == '\n'; });
}

class SubsetScanner {
public:
  SubsetScanner(std::string_view text, YAML::EventHandler& handler) : m_text(text), m_handler(handler) {}

  bool handed() const { return m_handed; }

  void run()
  {
    if (next_line() < 0) {
      return; // comments and blank lines only: no document, as yaml-cpp reads it
    }
    if (m_pos != m_line_start || !key_ahead()) {
      throw Outside{}; // the subset's document is a block map from the first column
    }
    m_handed = true;
    m_handler.OnDocumentStart(mark(m_pos));
    block_map(0);
    if (column_of_next() >= 0) {
      throw Outside{};
    }
    m_handler.OnDocumentEnd();
  }

private:
  // --- lines ---------------------------------------------------------------------------------

  // Past the rest of the current line (unless m_pos is at a line's start), blank lines and
  // comment lines: m_pos at the first content of the next content line, whose column is
  // returned; -1 at the end of the text. A document marker there is outside the subset.
  int next_line()
  {
    if (m_pos > m_line_start) {
      const size_t end = m_text.find('\n', m_pos);
      if (end == std::string_view::npos) {
        m_pos = m_text.size();
        return -1;
      }
      start_line(end + 1);
    }
    while (m_pos < m_text.size()) {
      size_t i = m_pos;
      while (i < m_text.size() && m_text[i] == ' ') {
        ++i;
      }
      if (i < m_text.size() && m_text[i] != '\n' && m_text[i] != '#') {
        m_pos = i;
        if (i == m_line_start && (starts_with("---") || starts_with("...")) && blank_or_end(m_text, i + 3)) {
          throw Outside{};
        }
        return static_cast<int>(i - m_line_start);
      }
      const size_t end = m_text.find('\n', i);
      if (end == std::string_view::npos) {
        m_pos = m_text.size();
        return -1;
      }
      start_line(end + 1);
    }
    return -1;
  }

  void start_line(size_t at)
  {
    ++m_line;
    m_line_start = at;
    m_pos = at;
  }

  // The column of the content line m_pos waits at (m_waiting), else of the next one.
  int column_of_next()
  {
    if (m_waiting) {
      m_waiting = false;
      return m_pos >= m_text.size() ? -1 : static_cast<int>(m_pos - m_line_start);
    }
    return next_line();
  }

  // Blanks, then the end of the line or a comment; else the text is outside the subset.
  void end_of_line()
  {
    const size_t start = m_pos;
    skip_spaces();
    if (at(m_pos) != '\n' && !(m_text[m_pos] == '#' && m_pos > start)) {
      throw Outside{};
    }
  }

  void skip_spaces()
  {
    while (at(m_pos) == ' ') {
      ++m_pos;
    }
  }

  YAML::Mark mark(size_t at) const
  {
    YAML::Mark out;
    out.pos = static_cast<int>(at);
    out.line = m_line;
    out.column = static_cast<int>(at - m_line_start);
    return out;
  }

  bool starts_with(std::string_view prefix) const { return m_text.substr(m_pos).starts_with(prefix); }
  char at(size_t i) const { return i < m_text.size() ? m_text[i] : '\n'; }

  void deeper()
  {
    if (++m_depth > k_subset_depth) {
      throw Outside{};
    }
  }

  // --- block collections ---------------------------------------------------------------------

  // Whether the line from m_pos holds a block map's key: a quoted or plain scalar followed by
  // ':' and a blank or the line's end.
  bool key_ahead() const
  {
    const char c = at(m_pos);
    if (c == '"' || c == '\'') {
      const size_t close = quoted_end(m_pos);
      return close != std::string_view::npos && at(close) == ':' && blank_or_end(m_text, close + 1);
    }
    if (!plain_start(m_pos, false)) {
      return false;
    }
    for (size_t i = m_pos; i < m_text.size() && m_text[i] != '\n'; ++i) {
      if (m_text[i] == ':' && blank_or_end(m_text, i + 1)) {
        return true;
      }
      if (m_text[i] == '#' && m_text[i - 1] == ' ') {
        return false;
      }
    }
    return false;
  }

  bool entry_ahead() const { return at(m_pos) == '-' && blank_or_end(m_text, m_pos + 1); }

  // A block map whose keys stand at column `indent`, m_pos at its first key; m_pos waits at the
  // content line after it.
  void block_map(int indent)
  {
    deeper();
    m_handler.OnMapStart(mark(m_pos), k_plain_tag, YAML::NullAnchor, YAML::EmitterStyle::Block);
    for (;;) {
      scalar(false);
      skip_spaces();
      if (at(m_pos) != ':') {
        throw Outside{};
      }
      ++m_pos;
      value(indent, true);
      const int next = column_of_next();
      if (next < indent) {
        break;
      }
      if (next > indent || !key_ahead()) {
        throw Outside{}; // further in: a scalar across lines, or malformed; a list entry: malformed
      }
    }
    m_handler.OnMapEnd();
    m_waiting = true;
    --m_depth;
  }

  // A block list whose `-` stand at column `indent`, m_pos at the first one; m_pos waits at the
  // content line after it.
  void block_list(int indent)
  {
    deeper();
    m_handler.OnSequenceStart(mark(m_pos), k_plain_tag, YAML::NullAnchor, YAML::EmitterStyle::Block);
    for (;;) {
      ++m_pos; // the `-`
      value(indent, false);
      const int next = column_of_next();
      if (next < indent || (next == indent && !entry_ahead())) {
        break; // an outer node goes on, or the map the list stands in (at its own column)
      }
      if (next > indent) {
        throw Outside{};
      }
    }
    m_handler.OnSequenceEnd();
    m_waiting = true;
    --m_depth;
  }

  // The value after a map's `:` or a list's `-` (just before m_pos) in a collection at column
  // `indent`: on the same line, or on the lines below. m_pos is left in its last line, or waiting
  // at the next content line.
  void value(int indent, bool in_map)
  {
    const size_t after = m_pos;
    skip_spaces();
    const char c = at(m_pos);
    if (c == '\n' || c == '#') { // nothing more on this line (key_ahead and entry_ahead saw a blank)
      const YAML::Mark indicator_end = mark(after);
      const int next = next_line();
      if (next > indent && entry_ahead()) {
        block_list(next);
      } else if (next > indent && key_ahead()) {
        block_map(next);
      } else if (next > indent) {
        throw Outside{}; // a scalar or flow collection on lines of its own: left to the others
      } else if (in_map && next == indent && entry_ahead()) {
        block_list(indent); // a map's list may stand at the map's own column
      } else {
        m_handler.OnNull(empty_node_mark(m_text, indicator_end), YAML::NullAnchor);
        m_waiting = true;
      }
      return;
    }
    if (!in_map && key_ahead()) { // `- key: value` opens a map at the key's column
      block_map(static_cast<int>(m_pos - m_line_start));
      return;
    }
    if (key_ahead() || entry_ahead()) {
      throw Outside{}; // `key: other: value`, `key: - x`, `- - x`
    }
    if (c == '[' || c == '{') {
      flow_collection();
      end_of_line();
    } else if (c == '|') {
      literal(indent);
    } else {
      scalar(false);
      end_of_line();
    }
  }

  // --- flow collections ----------------------------------------------------------------------

  // `{...}` or `[...]` on one line; a flow map's keys are scalars.
  void flow_collection()
  {
    deeper();
    const bool map = m_text[m_pos] == '{';
    const char close = map ? '}' : ']';
    if (map) {
      m_handler.OnMapStart(mark(m_pos), k_plain_tag, YAML::NullAnchor, YAML::EmitterStyle::Flow);
    } else {
      m_handler.OnSequenceStart(mark(m_pos), k_plain_tag, YAML::NullAnchor, YAML::EmitterStyle::Flow);
    }
    ++m_pos;
    skip_spaces();
    if (at(m_pos) == close) {
      ++m_pos;
    } else {
      for (;;) {
        if (map) {
          scalar(true);
          if (at(m_pos) != ':' || at(m_pos + 1) != ' ') {
            throw Outside{}; // a key without a value, `key:value`, or `key :`
          }
          m_pos += 2;
          skip_spaces();
        }
        if (at(m_pos) == '[' || at(m_pos) == '{') {
          flow_collection();
        } else {
          scalar(true);
          if (at(m_pos) == ':') {
            throw Outside{}; // a single-pair map inside a flow list, or a flow map's value followed by ':'
          }
        }
        skip_spaces();
        const char next = at(m_pos);
        if (next != close && next != ',') {
          throw Outside{};
        }
        ++m_pos;
        if (next == close) {
          break;
        }
        skip_spaces();
        if (at(m_pos) == close || at(m_pos) == ',') {
          throw Outside{}; // a trailing or empty entry
        }
      }
    }
    if (map) {
      m_handler.OnMapEnd();
    } else {
      m_handler.OnSequenceEnd();
    }
    --m_depth;
  }

  // --- scalars -------------------------------------------------------------------------------

  // Whether a plain scalar may start at `i`: not an indicator (a `-` before a non-blank is a
  // scalar's first character).
  bool plain_start(size_t i, bool flow) const
  {
    const char c = at(i);
    if (c == '-') {
      return !blank_or_end(m_text, i + 1) &&
             !(flow && std::string_view(",[]{}").find(at(i + 1)) != std::string_view::npos);
    }
    return std::string_view("?:,[]{}#&*!|>'\"%@`\n ").find(c) == std::string_view::npos;
  }

  // Past the closing quote of the quoted scalar opening at `open`; npos when it does not close
  // on its line.
  size_t quoted_end(size_t open) const
  {
    const char quote = m_text[open];
    for (size_t i = open + 1; i < m_text.size() && m_text[i] != '\n'; ++i) {
      if (quote == '\'' && m_text[i] == '\'') {
        if (at(i + 1) == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
      if (quote == '"' && m_text[i] == '\\') {
        ++i;
        continue;
      }
      if (quote == '"' && m_text[i] == '"') {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }

  // The scalar at m_pos, handed on; m_pos after it (a plain one's trailing blanks not taken).
  void scalar(bool flow)
  {
    const size_t start = m_pos;
    const char c = at(start);
    if (c == '"' || c == '\'') {
      const size_t end = quoted_end(start);
      if (end == std::string_view::npos) {
        throw Outside{};
      }
      m_value.clear();
      if (c == '\'') {
        for (size_t i = start + 1; i + 1 < end; ++i) {
          m_value += m_text[i];
          i += m_text[i] == '\'' ? 1 : 0; // '' is one quote
        }
      } else {
        unescape(start + 1, end - 1);
      }
      m_pos = end;
      const char after = at(m_pos);
      if (after != ' ' && after != '\n' && after != ':' && !(flow && (after == ',' || after == ']' || after == '}'))) {
        throw Outside{};
      }
      m_handler.OnScalar(mark(start), k_quoted_tag, YAML::NullAnchor, m_value);
      return;
    }
    if (!plain_start(start, flow)) {
      throw Outside{};
    }
    size_t end = start; // past the last non-blank
    for (size_t i = start; i < m_text.size(); ++i) {
      const char d = m_text[i];
      if (d == '\n' || (d == ':' && blank_or_end(m_text, i + 1)) || (d == '#' && m_text[i - 1] == ' ')) {
        break;
      }
      if (flow && (d == ',' || d == '[' || d == ']' || d == '{' || d == '}')) {
        break;
      }
      if (flow && d == ':' && std::string_view(",[]{}").find(at(i + 1)) != std::string_view::npos) {
        throw Outside{}; // `a:,` `a:]`: a key and an empty value for yaml-cpp
      }
      if (flow && (d == '?' || d == '#')) {
        throw Outside{}; // where these end a flow scalar differs between YAML 1.1 and 1.2
      }
      if (d != ' ') {
        end = i + 1;
      }
    }
    m_pos = end;
    const std::string_view value = m_text.substr(start, end - start);
    if (yaml::null_word(value)) {
      m_handler.OnNull(mark(start), YAML::NullAnchor);
    } else {
      m_value.assign(value);
      m_handler.OnScalar(mark(start), k_plain_tag, YAML::NullAnchor, m_value);
    }
  }

  static int hex_digit(char c)
  {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  // A double-quoted scalar's text from `from` to `to` into m_value, its escapes replaced.
  void unescape(size_t from, size_t to)
  {
    for (size_t i = from; i < to; ++i) {
      const char c = m_text[i];
      if (c != '\\') {
        m_value += c;
        continue;
      }
      const char e = m_text[++i];
      const char* simple = nullptr;
      switch (e) {
      case '\\': simple = "\\"; break;
      case '"': simple = "\""; break;
      case '/': simple = "/"; break;
      case 'n': simple = "\n"; break;
      case 't': simple = "\t"; break;
      case 'r': simple = "\r"; break;
      case 'a': simple = "\a"; break;
      case 'b': simple = "\b"; break;
      case 'e': simple = "\x1B"; break;
      case 'f': simple = "\f"; break;
      case 'v': simple = "\v"; break;
      case '0': m_value += '\0'; continue;
      case 'x':
      case 'u':
      case 'U': {
        const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + digits >= to) {
          throw Outside{};
        }
        unsigned long code = 0;
        for (size_t k = 1; k <= digits; ++k) {
          const int d = hex_digit(m_text[i + k]);
          if (d < 0) {
            throw Outside{};
          }
          code = code * 16 + static_cast<unsigned long>(d);
        }
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
          throw Outside{};
        }
        yaml::append_utf8(m_value, static_cast<char32_t>(code));
        i += digits;
        continue;
      }
      default:
        throw Outside{}; // \N \_ \L \P, a space, or malformed
      }
      m_value += simple;
    }
  }

  // A literal block scalar (`|`, `|-`, `|+`) after a key or `-` of a collection at column
  // `parent`: its lines are those below indented as its first (further than `parent`), its value
  // those lines each ended by a line break, the breaks at its end kept (`+`), one kept (clip) or
  // none (`-`). m_pos is left at the start of the line after it.
  void literal(int parent)
  {
    const size_t start = m_pos;
    ++m_pos;
    const char chomp = at(m_pos) == '-' || at(m_pos) == '+' ? m_text[m_pos++] : ' ';
    end_of_line();
    size_t i = m_text.find('\n', m_pos);
    if (i == std::string_view::npos) {
      throw Outside{};
    }
    ++i;
    int line = m_line + 1;
    m_value.clear();
    size_t indent = 0;
    size_t empties = 0; // empty lines since the last content line
    while (i < m_text.size()) {
      size_t spaces = 0;
      while (i + spaces < m_text.size() && m_text[i + spaces] == ' ') {
        ++spaces;
      }
      const size_t content = i + spaces;
      if (content >= m_text.size() || m_text[content] == '\n') {
        if (spaces > 0 || content >= m_text.size()) {
          throw Outside{}; // a line of blanks alone: how much of it is text differs
        }
        ++empties;
        i = content + 1;
        ++line;
        continue;
      }
      if (indent == 0) {
        if (empties > 0 || spaces <= static_cast<size_t>(parent)) {
          throw Outside{}; // leading empty lines, or an empty block scalar
        }
        indent = spaces;
      } else if (spaces < indent) {
        break;
      } else {
        m_value.append(1 + empties, '\n');
      }
      empties = 0;
      const size_t end = m_text.find('\n', content);
      if (end == std::string_view::npos) {
        throw Outside{}; // the text ends without its last line's break
      }
      m_value.append(m_text.substr(i + indent, end - i - indent));
      i = end + 1;
      ++line;
    }
    if (indent == 0) {
      throw Outside{};
    }
    if (chomp == ' ') {
      m_value += '\n';
    } else if (chomp == '+') {
      m_value.append(1 + empties, '\n');
    }
    m_handler.OnScalar(mark(start), k_quoted_tag, YAML::NullAnchor, m_value);
    m_line = line;
    m_line_start = i;
    m_pos = i;
  }

  std::string_view m_text;
  YAML::EventHandler& m_handler;
  size_t m_pos = 0;
  size_t m_line_start = 0;
  int m_line = 0;
  int m_depth = 0;
  bool m_waiting = false; // m_pos is at the content of a line not read yet (column_of_next)
  bool m_handed = false;
  std::string m_value;
};

} // namespace

bool subset_events(const std::string& text, YAML::EventHandler& first, YAML::EventHandler& rest)
{
  (void)rest; // the subset has one document; a later one is left to the other scanners
  if (!plain_ascii(text)) {
    return false;
  }
  SubsetScanner scanner(text, first);
  try {
    scanner.run();
  } catch (const Outside&) {
    if (scanner.handed()) {
      throw ScannerRefused{Scanner::libyaml};
    }
    return false;
  }
  return true;
}

} // namespace strata::schemas::detail
