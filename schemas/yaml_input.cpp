// What the loader does to a file's text before nodes are built from it: line breaks and a
// byte-order mark made uniform, and a check of the parser's events as they arrive that refuses a
// second document and alias expansion beyond a budget before anything is built from them (one
// parse: the check and the node builder see the same events). The events come from libyaml
// (yaml_events.cpp) or, for any text libyaml cannot stand in on, from yaml-cpp's parser.

#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <limits>
#include <map>
#include <streambuf>

namespace strata::schemas::detail {

std::string uniform_line_breaks(std::string_view text)
{
  std::string out(text);
  make_line_breaks_uniform(out);
  return out;
}

void make_line_breaks_uniform(std::string& text)
{
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  const size_t from = std::string_view(text).substr(0, bom.size()) == bom ? bom.size() : 0;
  const size_t first_cr = text.find('\r', from); // most files have none: nothing moves before it
  if (from == 0 && first_cr == std::string::npos) {
    return;
  }
  size_t to = 0;
  if (from == 0) {
    to = first_cr;
  }
  for (size_t i = from == 0 ? first_cr : from; i < text.size(); ++i) {
    if (text[i] != '\r') {
      text[to++] = text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      text[to++] = '\n'; // a lone CR (classic Mac OS) ends a line as YAML 1.2 says; CRLF keeps its LF
    }
  }
  text.resize(to);
}

namespace {

// The size a node would take once every alias in it is expanded: the bytes of its scalars plus
// a fixed cost per node (so that aliases of empty nodes count too), saturating.
constexpr std::uint64_t k_node_cost = 16;

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b)
{
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

struct Refused {
  YAML::Mark mark;
  std::string message;
};

class StructureCheck : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark& mark) override
  {
    if (++m_documents > 1) {
      throw Refused{mark, "a second YAML document (after \"---\") is not read: a schema file holds one document "
                          "(put more objects in the same document, or in more files of a schema folder)"};
    }
    m_anchors.clear();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor, k_node_cost); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string& value) override
  {
    leaf(anchor, saturating_add(k_node_cost, value.size()));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    const auto it = m_anchors.find(anchor);
    const std::uint64_t size = it == m_anchors.end() ? k_node_cost : it->second;
    m_expanded = saturating_add(m_expanded, size);
    if (m_expanded > k_alias_expansion_budget) {
      throw Refused{mark, fmt::format("aliases expand to more than {} MiB; refused before expanding them (write "
                                      "the repeated text out, or repeat less)",
                                      k_alias_expansion_budget >> 20)};
    }
    add(size);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    m_open.push_back(Open{anchor, k_node_cost});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    m_open.push_back(Open{anchor, k_node_cost});
  }
  void OnMapEnd() override { close(); }

private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t size;
  };

  void add(std::uint64_t size)
  {
    if (!m_open.empty()) {
      m_open.back().size = saturating_add(m_open.back().size, size);
    }
  }
  void leaf(YAML::anchor_t anchor, std::uint64_t size)
  {
    if (anchor != YAML::NullAnchor) {
      m_anchors[anchor] = size;
    }
    add(size);
  }
  void close()
  {
    const Open done = m_open.back();
    m_open.pop_back();
    leaf(done.anchor, done.size);
  }

  int m_documents = 0;
  std::uint64_t m_expanded = 0;
  std::map<YAML::anchor_t, std::uint64_t> m_anchors;
  std::vector<Open> m_open;
};


// Hands each event to the check first (it throws Refused before anything is built from the
// event), then to the handler.
class Checked : public YAML::EventHandler {
public:
  Checked(StructureCheck& check, YAML::EventHandler& handler) : m_check(check), m_handler(handler) {}

  void OnDocumentStart(const YAML::Mark& mark) override { both(&YAML::EventHandler::OnDocumentStart, mark); }
  void OnDocumentEnd() override { both(&YAML::EventHandler::OnDocumentEnd); }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { both(&YAML::EventHandler::OnNull, mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    both(&YAML::EventHandler::OnAlias, mark, anchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    both(&YAML::EventHandler::OnScalar, mark, tag, anchor, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override
  {
    both(&YAML::EventHandler::OnSequenceStart, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { both(&YAML::EventHandler::OnSequenceEnd); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override
  {
    both(&YAML::EventHandler::OnMapStart, mark, tag, anchor, style);
  }
  void OnMapEnd() override { both(&YAML::EventHandler::OnMapEnd); }

private:
  // The check, then the handler: the same event, the same arguments.
  template <typename... Parameters, typename... Arguments>
  void both(void (YAML::EventHandler::*event)(Parameters...), const Arguments&... arguments)
  {
    (static_cast<YAML::EventHandler&>(m_check).*event)(arguments...);
    (m_handler.*event)(arguments...);
  }

  StructureCheck& m_check;
  YAML::EventHandler& m_handler;
};

// Reads a string where it lies, without the copy std::istringstream would make of it.
class TextBuffer : public std::streambuf {
public:
  explicit TextBuffer(const std::string& text)
  {
    // The get area is only read (std::streambuf's putback never writes into it).
    char* begin = const_cast<char*>(text.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    setg(begin, begin, begin + text.size());
  }
};

} // namespace

std::optional<Diagnostic> parse_checked(const std::string& text, const std::string& file, YAML::EventHandler& handler,
                                        Scanner scanner)
{
  StructureCheck check;
  try {
    Checked checked(check, handler);
    // Later documents go to the check only, to refuse them (at the second one's start).
    if (scanner == Scanner::subset && subset_events(text, checked, check)) {
      return std::nullopt;
    }
    if (scanner != Scanner::yaml_cpp && libyaml_events(text, checked, check)) {
      return std::nullopt;
    }
    TextBuffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(checked)) {
      while (parser.HandleNextDocument(check)) {
      }
    }
  } catch (const Refused& refused) {
    return Diagnostic{SourceLocation{file, refused.mark.line + 1, refused.mark.column + 1}, refused.message};
  }
  return std::nullopt;
}

} // namespace strata::schemas::detail
