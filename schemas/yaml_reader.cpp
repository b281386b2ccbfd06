#include "schemas/engines.hpp"
#include "schemas/suggest.hpp"
#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace strata::schemas::detail {

namespace {

std::string lower_trimmed(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

std::string expected_form(PortableKind kind)
{
  switch (kind) {
  case PortableKind::varchar_:
  case PortableKind::char_:
    return std::string(portable_name(kind)) + "(n)";
  case PortableKind::numeric_:
    return "numeric, numeric(p) or numeric(p,s)";
  default:
    return std::string(portable_name(kind)) + " without parameters";
  }
}

} // namespace

Reader::Reader(std::string file, std::vector<Diagnostic>& diagnostics)
  : m_file(std::move(file)), m_diagnostics(diagnostics)
{
}

SourceLocation Reader::where(const Node& node) const
{
  SourceLocation location;
  location.file = m_file;
  const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.line >= 0 && mark.column >= 0) {
    location.line = mark.line + 1;
    location.column = mark.column + 1;
  }
  return location;
}

void Reader::error(const Node& node, const std::string& context, const std::string& message)
{
  m_diagnostics.push_back(Diagnostic{where(node), nested(context, message)});
}

bool Reader::expect_map(const Node& node, const std::string& context, std::string_view what)
{
  if (node.IsMap()) {
    return true;
  }
  error(node, context, fmt::format("{} must be a map", what));
  return false;
}

std::optional<Entry> Reader::entry(const Node& node, const EntryShape& shape,
                                   std::initializer_list<std::string_view> allowed)
{
  // The context of an entry without its name, made only for a message about the name itself.
  const auto anonymous = [&] { return entry_context(shape.outer, shape.kind, "", "", shape.ordinal); };
  if (!node.IsMap()) {
    expect_map(node, anonymous(), shape.article);
    return std::nullopt;
  }
  Entry entry;
  entry.location = where(node);
  const auto plain = [](const Node& value) { return value.IsScalar() && !value.Scalar().empty(); };
  const Node name = node["name"];
  entry.name = plain(name) ? name.Scalar() : text(node, "name", anonymous(), shape.name_required);
  if (shape.has_schema) {
    const Node schema = node["schema"];
    entry.schema = !schema.IsDefined() ? std::string() : plain(schema) ? schema.Scalar() : text(node, "schema", anonymous());
  }
  entry.context = entry_context(shape.outer, shape.kind, entry.schema, entry.name, shape.ordinal);
  check_keys(node, entry.context, allowed);
  return entry;
}

void Reader::check_keys(const Node& map, const std::string& context,
                        std::initializer_list<std::string_view> allowed)
{
  // A map holds a handful of keys: a duplicate is looked for among the ones before it.
  const auto before = [&](size_t count, const std::string& key) {
    size_t at = 0;
    for (const auto& other : map) {
      if (at++ == count) {
        return false;
      }
      if (other.first.IsScalar() && other.first.Scalar() == key) {
        return true;
      }
    }
    return false;
  };
  size_t at = 0;
  for (const auto& entry : map) {
    const size_t index = at++;
    if (!entry.first.IsScalar()) {
      error(entry.first, context, "keys must be plain names");
      continue;
    }
    const std::string& key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      error(entry.first, context,
            fmt::format("unknown key \"{}\"{}", key,
                        did_you_mean(key, std::vector<std::string>(allowed.begin(), allowed.end()))));
    } else if (before(index, key)) {
      error(entry.first, context, fmt::format("duplicate key \"{}\"", key));
    }
  }
}

std::optional<std::string> Reader::scalar(const Node& node, const std::string& context, std::string_view what)
{
  if (node.IsScalar()) {
    return node.Scalar();
  }
  if (node.IsNull()) {
    return std::string();
  }
  error(node, context, fmt::format("{} must be a string", what));
  return std::nullopt;
}

std::string Reader::text(const Node& map, std::string_view key, const std::string& context, bool required)
{
  const Node value = map[key];
  std::string out;
  if (value.IsDefined()) {
    // What a message names (the key, quoted) is made only for one.
    out = value.IsScalar() ? value.Scalar() : scalar(value, context, fmt::format("\"{}\"", key)).value_or("");
    if (required && out.empty() && (value.IsScalar() || value.IsNull())) {
      error(value, context, fmt::format("\"{}\" must not be empty", key));
    }
  } else if (required) {
    error(map, context, fmt::format("missing required key \"{}\"", key));
  }
  return out;
}

bool Reader::flag(const Node& map, std::string_view key, const std::string& context, bool fallback)
{
  const Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) {
    return fallback;
  }
  bool out = fallback;
  if (!value.decode(out)) {
    error(value, context, fmt::format("\"{}\" must be true or false", key));
    return fallback;
  }
  return out;
}

std::optional<long long> Reader::integer(const Node& map, std::string_view key, const std::string& context)
{
  const Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) {
    return std::nullopt;
  }
  long long out = 0;
  if (!value.decode(out)) {
    error(value, context, fmt::format("\"{}\" must be an integer", key));
    return std::nullopt;
  }
  return out;
}

Node Reader::list(const Node& map, std::string_view key, const std::string& context)
{
  const Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) {
    return Node();
  }
  if (!value.IsSequence()) {
    error(value, context, fmt::format("\"{}\" must be a list", key));
    return Node();
  }
  return value;
}

std::vector<std::string> Reader::strings(const Node& map, std::string_view key, const std::string& context,
                                         std::vector<SourceLocation>* locations)
{
  std::vector<std::string> out;
  const Node items = list(map, key, context);
  if (!items.IsDefined()) {
    return out;
  }
  for (const auto& item : items) {
    const auto value = scalar(item, context, fmt::format("each item of \"{}\"", key));
    if (!value) {
      continue;
    }
    if (value->empty()) {
      error(item, context, fmt::format("\"{}\" holds an empty name", key));
      continue;
    }
    out.push_back(*value);
    if (locations != nullptr) {
      locations->push_back(where(item));
    }
  }
  return out;
}

// Built for every object a file holds, whether or not a message names it: appended in place
// rather than formatted.
std::string object_context(std::string_view kind, const std::string& schema, const std::string& name, size_t ordinal)
{
  return entry_context({}, kind, schema, name, ordinal);
}

std::string entry_context(std::string_view outer, std::string_view kind, const std::string& schema,
                          const std::string& name, size_t ordinal)
{
  std::string out;
  out.reserve(outer.size() + 2 + kind.size() + schema.size() + name.size() + 24); // 24: " #" and digits, or quotes and '.'
  if (!outer.empty()) {
    out.append(outer).append(": ");
  }
  out.append(kind);
  if (name.empty()) {
    return out.append(" #").append(std::to_string(ordinal + 1));
  }
  out.append(" \"");
  if (!schema.empty()) {
    out.append(schema).append(".");
  }
  return out.append(name).append("\"");
}

std::string nested(const std::string& outer, const std::string& inner)
{
  if (outer.empty()) {
    return inner;
  }
  std::string out;
  out.reserve(outer.size() + 2 + inner.size());
  return out.append(outer).append(": ").append(inner);
}

std::string type_text_problem(const std::string& text)
{
  const std::string low = lower_trimmed(text);
  if (low.empty()) {
    return {}; // `type: ""` is a column without a declared type (SQLite allows it; inspect writes it)
  }
  const std::string base = lower_trimmed(low.substr(0, low.find('(')));
  PortableKind kind{};
  if (!parse_portable_name(base, kind) || ColumnType::parse(text).kind == ColumnType::Kind::portable) {
    return {};
  }
  // A portable name whose parameters do not fit it (bare `varchar`, `integer(4)`) is an engine's
  // own spelling and passes through as native; a malformed parameter list is a mistake.
  const auto open = low.find('(');
  if (open == std::string::npos) {
    return {};
  }
  const auto close = low.find(')', open);
  bool malformed = close == std::string::npos;
  if (!malformed) {
    const std::string inside = low.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (!malformed) {
      const auto comma = inside.find(',', start);
      const std::string part = lower_trimmed(inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      malformed = part.empty() || part.find_first_not_of("0123456789") != std::string::npos;
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
  }
  // Words after a well-formed parameter list make an engine's own spelling
  // (`timestamp(3) without time zone`, `varchar(20)[]`): passed through as native.
  if (!malformed && !lower_trimmed(low.substr(close + 1)).empty()) {
    return {};
  }
  if (malformed || kind == PortableKind::varchar_ || kind == PortableKind::char_ || kind == PortableKind::numeric_) {
    return fmt::format("bad type \"{}\" (expected {})", text, expected_form(kind));
  }
  return {};
}

std::vector<std::string> type_problems(const ColumnType& type)
{
  std::vector<std::string> out;
  if (type.kind == ColumnType::Kind::native) {
    if (auto problem = type_text_problem(type.native); !problem.empty()) {
      out.push_back(std::move(problem));
    }
  } else if (type.kind == ColumnType::Kind::per_engine) {
    if (type.per_engine.empty()) {
      out.emplace_back("empty type");
    }
    for (const auto& [engine, text] : type.per_engine) {
      if (!is_engine_name(engine)) {
        out.push_back(fmt::format("unknown engine \"{}\" in type map (expected {})", engine, engine_list()));
      } else if (auto problem = type_text_problem(text); !problem.empty()) {
        out.push_back(fmt::format("{}: {}", engine, problem));
      }
    }
  }
  return out;
}

bool normalize_action(const std::string& text, std::string& out)
{
  static const std::array<std::string_view, 5> actions{"no action", "restrict", "cascade", "set null", "set default"};
  std::string words;
  for (char c : lower_trimmed(text)) {
    c = c == '_' ? ' ' : c;
    if (c == ' ' && (words.empty() || words.back() == ' ')) {
      continue;
    }
    words += c;
  }
  if (std::find(actions.begin(), actions.end(), words) == actions.end()) {
    return false;
  }
  out = words;
  return true;
}

} // namespace strata::schemas::detail
