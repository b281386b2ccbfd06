// Loading of views, enums and sequences.

#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <set>

namespace strata::schemas::detail {

std::optional<View> load_view(Reader& reader, const YAML::Node& node, size_t ordinal)
{
  std::string context;
  View view;
  if (!reader.open(node, {.kind = "view", .article = "a view", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "query", "columns", "comment"}, view, context)) {
    return std::nullopt;
  }
  view.query = reader.text(node, "query", context, true);
  view.columns = reader.strings(node, "columns", context);
  view.comment = reader.text(node, "comment", context);
  return view;
}

std::optional<Enum> load_enum(Reader& reader, const YAML::Node& node, size_t ordinal)
{
  std::string context;
  Enum item;
  if (!reader.open(node, {.kind = "enum", .article = "an enum", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "values"}, item, context)) {
    return std::nullopt;
  }
  const YAML::Node values = reader.list(node, "values", context);
  if (!node["values"].IsDefined()) {
    reader.error(node, context, "missing required key \"values\"");
    return item;
  }
  if (!values.IsDefined() || values.size() == 0) {
    if (node["values"].IsNull() || node["values"].IsSequence()) {
      reader.error(node["values"], context, "\"values\" must not be empty");
    }
    return item;
  }
  std::set<std::string> seen;
  for (const auto& value : values) {
    const auto text = reader.scalar(value, context, "each enum value");
    if (!text) {
      continue;
    }
    if (!seen.insert(*text).second) {
      reader.error(value, context, fmt::format("duplicate value \"{}\"", *text));
      continue;
    }
    item.values.push_back(*text);
  }
  return item;
}

std::optional<Sequence> load_sequence(Reader& reader, const YAML::Node& node, size_t ordinal)
{
  std::string context;
  Sequence sequence;
  if (!reader.open(node, {.kind = "sequence", .article = "a sequence", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "type", "start", "increment", "min_value", "max_value", "cycle", "owned_by"},
                   sequence, context)) {
    return std::nullopt;
  }
  sequence.type = reader.text(node, "type", context);
  sequence.start = reader.integer(node, "start", context);
  sequence.increment = reader.integer(node, "increment", context);
  sequence.min_value = reader.integer(node, "min_value", context);
  sequence.max_value = reader.integer(node, "max_value", context);
  sequence.cycle = reader.flag(node, "cycle", context);
  sequence.owned_by = reader.text(node, "owned_by", context);
  return sequence;
}

} // namespace strata::schemas::detail
