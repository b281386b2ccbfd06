// Loading of views, enums and sequences.

#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <set>

namespace strata::schemas::detail {

std::optional<View> load_view(Reader& reader, const YAML::Node& node, size_t ordinal)
{
  const std::string anonymous = object_context("view", "", "", ordinal);
  if (!reader.expect_map(node, anonymous, "a view")) {
    return std::nullopt;
  }
  View view;
  view.location = reader.where(node);
  view.name = reader.text(node, "name", anonymous, true);
  view.schema = reader.text(node, "schema", anonymous);
  const std::string context = object_context("view", view.schema, view.name, ordinal);
  reader.check_keys(node, context, {"name", "schema", "query", "columns", "comment"});
  view.query = reader.text(node, "query", context, true);
  view.columns = reader.strings(node, "columns", context);
  view.comment = reader.text(node, "comment", context);
  return view;
}

std::optional<Enum> load_enum(Reader& reader, const YAML::Node& node, size_t ordinal)
{
  const std::string anonymous = object_context("enum", "", "", ordinal);
  if (!reader.expect_map(node, anonymous, "an enum")) {
    return std::nullopt;
  }
  Enum item;
  item.location = reader.where(node);
  item.name = reader.text(node, "name", anonymous, true);
  item.schema = reader.text(node, "schema", anonymous);
  const std::string context = object_context("enum", item.schema, item.name, ordinal);
  reader.check_keys(node, context, {"name", "schema", "values"});
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
  const std::string anonymous = object_context("sequence", "", "", ordinal);
  if (!reader.expect_map(node, anonymous, "a sequence")) {
    return std::nullopt;
  }
  Sequence sequence;
  sequence.location = reader.where(node);
  sequence.name = reader.text(node, "name", anonymous, true);
  sequence.schema = reader.text(node, "schema", anonymous);
  const std::string context = object_context("sequence", sequence.schema, sequence.name, ordinal);
  reader.check_keys(node, context,
                    {"name", "schema", "type", "start", "increment", "min_value", "max_value", "cycle", "owned_by"});
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
