// Loading of views, materialized views, enums, sequences, functions, extensions, domains,
// composite types and virtual tables.

#include "schemas/naming.hpp"
#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

namespace strata::schemas::detail {

namespace {

// `options: {security, algorithm, charset, collation}` (MySQL/MariaDB; other engines ignore
// them): security and algorithm take one of their words, in any case.
std::map<std::string, std::string> load_view_options(Reader& reader, const Node& node, const std::string& context)
{
  auto options = load_options(reader, node, context, {"security", "algorithm", "charset", "collation"});
  const std::map<std::string, std::set<std::string>> choices{{"security", {"definer", "invoker"}},
                                                             {"algorithm", {"undefined", "merge", "temptable"}}};
  for (const auto& [key, words] : choices) {
    const auto it = options.find(key);
    if (it == options.end()) {
      continue;
    }
    std::string word = it->second;
    for (auto& c : word) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (words.count(word) == 0) {
      std::string listed;
      for (const auto& choice : words) {
        listed += (listed.empty() ? "" : ", ") + choice;
      }
      reader.error(node["options"][key], nested(context, "options"),
                   fmt::format("unknown {} \"{}\" (expected {})", key, it->second, listed));
    }
    it->second = word;
  }
  return options;
}

// A view's `column_comments`: column names mapped to their comments.
constexpr NamedMap k_column_comments{"column_comments", "column", "comment"};

} // namespace

std::optional<View> load_view(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  View view;
  if (!reader.open(node, {.kind = "view", .article = "a view", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "query", "columns", "comment", "column_comments", "options", "rules", "grants"},
                   view, context)) {
    return std::nullopt;
  }
  view.grants = load_grants(reader, node, context, GrantTarget::view);
  view.query = reader.text(node, "query", context, true);
  view.columns = reader.strings(node, "columns", context);
  view.comment = reader.text(node, "comment", context);
  view.column_comments = load_options(reader, node, context, {}, k_column_comments);
  view.options = load_view_options(reader, node, context);
  view.rules = load_rules(reader, node, context);
  return view;
}

// A materialized view (PostgreSQL): a view's query, columns and comment, `with_data` (default
// true; false: created WITH NO DATA) and indexes in a table's format (no `constraint`: a
// materialized view takes no constraints).
std::optional<View> load_materialized_view(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  View view;
  view.materialized = true;
  if (!reader.open(node,
                   {.kind = "materialized view", .article = "a materialized view", .ordinal = ordinal,
                    .has_schema = true},
                   {"name", "schema", "query", "columns", "comment", "column_comments", "with_data", "indexes",
                    "rules", "grants"},
                   view, context)) {
    return std::nullopt;
  }
  view.grants = load_grants(reader, node, context, GrantTarget::materialized_view);
  view.query = reader.text(node, "query", context, true);
  view.columns = reader.strings(node, "columns", context);
  view.comment = reader.text(node, "comment", context);
  view.column_comments = load_options(reader, node, context, {}, k_column_comments);
  view.with_data = reader.flag(node, "with_data", context, true);
  view.rules = load_rules(reader, node, context);
  const Node indexes = reader.list(node, "indexes", context);
  if (!indexes.IsDefined()) {
    return view;
  }
  Table owner; // what load_index reads of its relation: the name, for unnamed indexes
  owner.schema = view.schema;
  owner.name = view.name;
  size_t i = 0;
  for (const auto& entry : indexes) {
    const Node item = entry;
    std::vector<SourceLocation> keys;
    std::vector<SourceLocation> include;
    if (auto index = load_index(reader, item, owner, context, i++, keys, include)) {
      if (index->constraint) {
        reader.error(item["constraint"], context,
                     "\"constraint\": a materialized view takes no constraints (use `unique: true`)");
      }
      view.indexes.push_back(std::move(*index));
    }
  }
  return view;
}

std::optional<Enum> load_enum(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  Enum item;
  if (!reader.open(node, {.kind = "enum", .article = "an enum", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "values", "comment"}, item, context)) {
    return std::nullopt;
  }
  item.comment = reader.text(node, "comment", context);
  const Node values = reader.list(node, "values", context);
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

void load_sequence_options(Reader& reader, const Node& map, const std::string& context, SequenceOptions& options)
{
  options.start = reader.integer(map, "start", context);
  options.increment = reader.integer(map, "increment", context);
  options.min_value = reader.integer(map, "min_value", context);
  options.max_value = reader.integer(map, "max_value", context);
  options.cache = reader.integer(map, "cache", context);
  options.cycle = reader.flag(map, "cycle", context);
  if (options.increment == 0LL) {
    reader.error(map["increment"], context, "\"increment\" must not be 0");
  }
  if (options.cache && *options.cache < 1) {
    reader.error(map["cache"], context, "\"cache\" must be 1 or more");
  }
}

std::optional<Sequence> load_sequence(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  Sequence sequence;
  if (!reader.open(node, {.kind = "sequence", .article = "a sequence", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "type", "start", "increment", "min_value", "max_value", "cache", "cycle",
                    "owned_by", "comment", "grants"},
                   sequence, context)) {
    return std::nullopt;
  }
  sequence.grants = load_grants(reader, node, context, GrantTarget::sequence);
  sequence.comment = reader.text(node, "comment", context);
  sequence.type = reader.text(node, "type", context);
  load_sequence_options(reader, node, context, sequence);
  sequence.owned_by = reader.text(node, "owned_by", context);
  return sequence;
}

std::optional<Function> load_function(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  Function function;
  if (!reader.open(node, {.kind = "function", .article = "a function", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "definition", "comment", "grants"}, function, context)) {
    return std::nullopt;
  }
  function.grants = load_grants(reader, node, context, GrantTarget::function);
  function.definition = reader.text(node, "definition", context, true);
  function.comment = reader.text(node, "comment", context);
  return function;
}

// An SQLite virtual table: {name, using: module, arguments: "text between the parentheses"}.
std::optional<VirtualTable> load_virtual_table(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  VirtualTable table;
  if (!reader.open(node, {.kind = "virtual table", .article = "a virtual table", .ordinal = ordinal},
                   {"name", "using", "arguments"}, table, context)) {
    return std::nullopt;
  }
  table.module = reader.text(node, "using", context, true);
  table.arguments = reader.text(node, "arguments", context);
  return table;
}

// An entry that may be written as its bare name (`extensions: [pg_trgm]`): true when `node` is a
// scalar, with `object` named and located (false and an error for an empty name in `ok`).
template <class Object>
bool bare_name(Reader& reader, const Node& node, const char* kind, size_t ordinal, Object& object, bool& ok)
{
  if (!node.IsScalar()) {
    return false;
  }
  object.location = reader.where(node);
  object.name = node.Scalar();
  ok = !object.name.empty();
  if (!ok) {
    reader.error(node, object_context(kind, "", "", ordinal), "missing name");
  }
  return true;
}

// An extension is a map ({name, schema, version}) or just its name.
std::optional<Extension> load_extension(Reader& reader, const Node& node, size_t ordinal)
{
  Extension extension;
  if (bool ok = true; bare_name(reader, node, "extension", ordinal, extension, ok)) {
    return ok ? std::optional(extension) : std::nullopt;
  }
  std::string context;
  if (!reader.open(node, {.kind = "extension", .article = "an extension", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "version"}, extension, context)) {
    return std::nullopt;
  }
  extension.version = reader.text(node, "version", context);
  return extension;
}

// A PostgreSQL schema (namespace) is a map ({name, comment}) or just its name.
std::optional<Namespace> load_namespace(Reader& reader, const Node& node, size_t ordinal)
{
  Namespace item;
  if (bool ok = true; bare_name(reader, node, "schema", ordinal, item, ok)) {
    return ok ? std::optional(item) : std::nullopt;
  }
  std::string context;
  if (!reader.open(node, {.kind = "schema", .article = "a schema", .ordinal = ordinal}, {"name", "comment", "grants"},
                   item, context)) {
    return std::nullopt;
  }
  item.grants = load_grants(reader, node, context, GrantTarget::schema);
  item.comment = reader.text(node, "comment", context);
  return item;
}

// A domain: its base type like a column's, a default, NOT NULL (`nullable: false`), a collation
// and checks over VALUE (unnamed ones are named as PostgreSQL names them: <domain>_check, ...).
std::optional<Domain> load_domain(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  Domain domain;
  if (!reader.open(node, {.kind = "domain", .article = "a domain", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "type", "default", "nullable", "collation", "checks", "comment"}, domain,
                   context)) {
    return std::nullopt;
  }
  domain.comment = reader.text(node, "comment", context);
  if (const Node type = node["type"]; type.IsDefined()) {
    domain.type = load_type(reader, type, context);
  } else {
    reader.error(node, context, "missing required key \"type\"");
  }
  domain.default_value = load_default_text(reader, node, context);
  domain.nullable = reader.flag(node, "nullable", context, true);
  domain.collation = reader.text(node, "collation", context);
  const Node checks = reader.list(node, "checks", context);
  if (checks.IsDefined()) {
    size_t i = 0;
    int unnamed = 0;
    for (const auto& item : checks) {
      std::string inner;
      Check check;
      if (reader.open(item,
                      {.kind = "check", .article = "a check", .outer = context, .ordinal = i++, .name_required = false},
                      {"name", "expression", "not_valid"}, check, inner)) {
        check.expression = reader.text(item, "expression", inner, true);
        check.not_valid = reader.flag(item, "not_valid", inner);
        if (check.name.empty()) {
          check.name = default_check_name(domain.name, unnamed++);
        }
        domain.checks.push_back(std::move(check));
      }
    }
  }
  return domain;
}

// A composite type: {name, schema, attributes: [{name, type, collation}], comment}; each
// attribute's type is written as a column's. `attributes` is required (an empty list declares a
// type without attributes).
std::optional<CompositeType> load_composite_type(Reader& reader, const Node& node, size_t ordinal)
{
  std::string context;
  CompositeType type;
  if (!reader.open(node, {.kind = "composite type", .article = "a composite type", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "attributes", "comment"}, type, context)) {
    return std::nullopt;
  }
  type.comment = reader.text(node, "comment", context);
  if (!node["attributes"].IsDefined()) {
    reader.error(node, context, "missing required key \"attributes\"");
    return type;
  }
  const Node attributes = reader.list(node, "attributes", context);
  if (!attributes.IsDefined()) {
    return type;
  }
  size_t i = 0;
  for (const auto& entry : attributes) {
    const Node item = entry; // a copy: `entry` is the iteration's temporary Item
    std::string inner;
    CompositeAttribute attribute;
    if (reader.open(item, {.kind = "attribute", .article = "an attribute", .outer = context, .ordinal = i++},
                    {"name", "type", "collation", "comment"}, attribute, inner)) {
      if (const Node written = item["type"]; written.IsDefined()) {
        attribute.type = load_type(reader, written, inner);
      } else {
        reader.error(item, inner, "missing required key \"type\"");
      }
      attribute.collation = reader.text(item, "collation", inner);
      attribute.comment = reader.text(item, "comment", inner);
      type.attributes.push_back(std::move(attribute));
    }
  }
  return type;
}

} // namespace strata::schemas::detail
