// Loading of a table's indexes, foreign keys, checks and triggers, with default names from naming.hpp.

#include "schemas/naming.hpp"
#include "schemas/yaml_nodes.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>

#include <cctype>

namespace strata::schemas::detail {

namespace {

std::optional<IndexKey> load_index_key(Reader& reader, const Node& item, const std::string& context, bool exclusion)
{
  IndexKey key;
  if (item.IsScalar() && !item.Scalar().empty() && !exclusion) {
    key.column = item.Scalar();
    return key;
  }
  if (!item.IsMap()) {
    reader.error(item, context,
                 exclusion ? "each item of \"columns\" of an EXCLUDE constraint must be a map {column or expression, "
                             "with (its operator), desc, nulls, collate, opclass}"
                           : "each item of \"columns\" must be a column name or a map {column or expression, desc, "
                             "nulls, collate, opclass, length}");
    return std::nullopt;
  }
  reader.check_keys(item, context, {"column", "expression", "desc", "nulls", "collate", "opclass", "length", "with"});
  key.with = reader.text(item, "with", context);
  if (exclusion && key.with.empty()) {
    reader.error(item, context, "a key of an EXCLUDE constraint needs \"with\": the operator it is compared with");
  } else if (!exclusion && item["with"].IsDefined()) {
    reader.error(item["with"], context, "\"with\" (an operator) belongs to the keys of \"excludes\"");
  }
  key.column = reader.text(item, "column", context);
  key.expression = reader.text(item, "expression", context);
  key.descending = reader.flag(item, "desc", context);
  key.collation = reader.text(item, "collate", context);
  key.opclass = reader.text(item, "opclass", context);
  key.nulls = ascii_lower(reader.text(item, "nulls", context));
  if (!key.nulls.empty() && key.nulls != "first" && key.nulls != "last") {
    reader.error(item["nulls"], context, fmt::format("\"nulls\": expected first or last, not \"{}\"", key.nulls));
    key.nulls.clear();
  }
  if (const Node length = item["length"]; length.IsDefined()) {
    int value = 0;
    if (!length.decode(value)) {
      value = 0;
    }
    if (value <= 0) {
      reader.error(length, context, "\"length\" (an index prefix length) must be a positive integer");
    }
    key.length = value > 0 ? value : 0;
  }
  if (key.column.empty() == key.expression.empty()) {
    reader.error(item, context, "an index key needs exactly one of \"column\" and \"expression\"");
    return std::nullopt;
  }
  if (key.length != 0 && key.is_expression()) {
    reader.error(item, context, "\"length\" applies to a column key, not an expression");
  }
  return key;
}

std::string load_action(Reader& reader, const Node& node, const std::string& key, const std::string& context)
{
  const std::string text = reader.text(node, key, context);
  std::string action = "no action";
  if (!text.empty() && !normalize_action(text, action)) {
    reader.error(node[key], context,
                 fmt::format("\"{}\": unknown action \"{}\" (expected no action, restrict, cascade, set null or "
                             "set default)",
                             key, text));
  }
  return action;
}

void load_references(Reader& reader, const Node& node, const std::string& context, ForeignKey& fk,
                     ForeignKeyMarks& marks)
{
  const Node refs = node["references"];
  if (!refs.IsDefined()) {
    reader.error(node, context, "missing required key \"references\"");
    return;
  }
  if (!reader.expect_map(refs, context, "\"references\"")) {
    return;
  }
  const std::string inner = nested(context, "references");
  reader.check_keys(refs, inner, {"table", "schema", "columns"});
  fk.references.name = reader.text(refs, "table", inner, true);
  fk.references.schema = reader.text(refs, "schema", inner);
  marks.table = reader.where(refs["table"].IsDefined() ? refs["table"] : refs);
  fk.ref_columns = reader.strings(refs, "columns", inner, &marks.ref_columns);
}

} // namespace

std::map<std::string, std::string> load_storage(Reader& reader, const Node& node, const std::string& context)
{
  std::map<std::string, std::string> out;
  const Node with = node["with"];
  if (!with.IsDefined() || with.IsNull()) {
    return out;
  }
  if (!with.IsMap()) {
    reader.error(with, context, "\"with\" must be a map of storage parameters to values, e.g. {fillfactor: 70}");
    return out;
  }
  for (const auto& entry : with) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar() || entry.second.Scalar().empty()) {
      reader.error(entry.first, context, "\"with\" must map storage parameter names to scalar values");
    } else if (!out.emplace(ascii_lower(entry.first.Scalar()), entry.second.Scalar()).second) {
      reader.error(entry.first, context, fmt::format("duplicate storage parameter \"{}\"", entry.first.Scalar()));
    }
  }
  return out;
}

std::optional<Index> load_index(Reader& reader, const Node& node, const Table& table, const std::string& context,
                                size_t ordinal, std::vector<SourceLocation>& key_marks,
                                std::vector<SourceLocation>& include_marks, bool exclusion)
{
  std::string inner;
  Index index;
  const bool opened =
    exclusion ? reader.open(node,
                            {.kind = "exclude constraint", .article = "an exclude constraint", .outer = context,
                             .ordinal = ordinal, .name_required = false},
                            {"name", "columns", "method", "include", "where", "with", "deferrable",
                             "initially_deferred", "comment"},
                            index, inner)
              : reader.open(node,
                            {.kind = "index", .article = "an index", .outer = context, .ordinal = ordinal,
                             .name_required = false},
                            {"name", "columns", "expressions", "unique", "constraint", "where", "method", "include",
                             "nulls_not_distinct", "with", "deferrable", "initially_deferred", "comment", "invisible"},
                            index, inner);
  if (!opened) {
    return std::nullopt;
  }
  index.with = load_storage(reader, node, inner);
  index.comment = reader.text(node, "comment", inner);
  index.invisible = reader.flag(node, "invisible", inner);
  index.deferrable = reader.flag(node, "deferrable", inner);
  index.initially_deferred = reader.flag(node, "initially_deferred", inner);
  const Node columns = reader.list(node, "columns", inner);
  if (columns.IsDefined()) {
    for (const auto& item : columns) {
      if (auto key = load_index_key(reader, item, inner, exclusion)) {
        index.keys.push_back(std::move(*key));
        key_marks.push_back(reader.where(item));
      }
    }
  }
  for (auto& expression : reader.strings(node, "expressions", inner, &key_marks)) {
    index.keys.push_back(IndexKey{{}, std::move(expression), false, {}});
  }
  if (index.keys.empty() && !node["columns"].IsDefined() && !node["expressions"].IsDefined()) {
    reader.error(node, inner, "an index needs \"columns\" or \"expressions\"");
  } else if (index.keys.empty()) {
    reader.error(node, inner, "an index needs at least one column or expression");
  }
  index.constraint = reader.flag(node, "constraint", inner);
  index.unique = reader.flag(node, "unique", inner) || index.constraint;
  if ((index.deferrable || index.initially_deferred) && !index.constraint && !exclusion) {
    reader.error(node[index.deferrable ? "deferrable" : "initially_deferred"], inner,
                 "only constraints defer: \"deferrable\" needs \"constraint: true\" (a UNIQUE constraint)");
  }
  index.where = reader.text(node, "where", inner);
  index.method = reader.text(node, "method", inner);
  index.include = reader.strings(node, "include", inner, &include_marks);
  index.nulls_not_distinct = reader.flag(node, "nulls_not_distinct", inner);
  if (index.nulls_not_distinct && !index.unique) {
    reader.error(node["nulls_not_distinct"], inner, "\"nulls_not_distinct\" applies to a unique index or constraint");
  }
  if (index.name.empty()) {
    std::vector<std::string> parts;
    for (const auto& key : index.keys) {
      parts.push_back(key.is_expression() ? "expr" : key.column);
    }
    index.name = exclusion          ? default_exclusion_name(table.name, parts)
                 : index.constraint ? default_unique_name(table.name, parts)
                                    : default_index_name(table.name, parts);
  }
  return index;
}

std::optional<ForeignKey> load_foreign_key(Reader& reader, const Node& node, const Table& table,
                                           const std::string& context, size_t ordinal, ForeignKeyMarks& marks)
{
  std::string inner;
  ForeignKey fk;
  if (!reader.open(node,
                   {.kind = "foreign key", .article = "a foreign key", .outer = context, .ordinal = ordinal,
                    .name_required = false},
                   {"name", "columns", "references", "on_delete", "on_update", "deferrable", "initially_deferred",
                    "match", "not_valid", "comment"}, fk, inner)) {
    return std::nullopt;
  }
  fk.comment = reader.text(node, "comment", inner);
  fk.columns = reader.strings(node, "columns", inner, &marks.columns);
  if (!node["columns"].IsDefined()) {
    reader.error(node, inner, "missing required key \"columns\"");
  } else if (fk.columns.empty()) {
    reader.error(node["columns"], inner, "\"columns\" must not be empty");
  }
  load_references(reader, node, inner, fk, marks);
  fk.on_delete = load_action(reader, node, "on_delete", inner);
  fk.on_update = load_action(reader, node, "on_update", inner);
  fk.deferrable = reader.flag(node, "deferrable", inner);
  fk.initially_deferred = reader.flag(node, "initially_deferred", inner);
  fk.not_valid = reader.flag(node, "not_valid", inner);
  const std::string match = ascii_lower(reader.text(node, "match", inner));
  if (match == "full" || match == "partial") {
    fk.match = match;
  } else if (!match.empty() && match != "simple") {
    reader.error(node["match"], inner, fmt::format("\"match\": unknown value \"{}\" (expected simple, full or partial)",
                                                   node["match"].Scalar()));
  }
  if (fk.name.empty()) {
    fk.name = default_foreign_key_name(table.name, fk.columns);
  }
  return fk;
}

std::optional<Check> load_check(Reader& reader, const Node& node, const Table& table, const std::string& context,
                                size_t ordinal, int& unnamed)
{
  std::string inner;
  Check check;
  if (!reader.open(node,
                   {.kind = "check", .article = "a check", .outer = context, .ordinal = ordinal,
                    .name_required = false}, {"name", "expression", "not_valid", "no_inherit", "comment"}, check, inner)) {
    return std::nullopt;
  }
  check.comment = reader.text(node, "comment", inner);
  check.expression = reader.text(node, "expression", inner, true);
  check.not_valid = reader.flag(node, "not_valid", inner);
  check.no_inherit = reader.flag(node, "no_inherit", inner);
  if (check.name.empty()) {
    check.name = default_check_name(table.name, unnamed++);
  }
  return check;
}

namespace {

// A trigger or rule: its name, its whole definition (`definition`, or `sql`) and its comment.
template <class Member>
std::optional<Member> load_definition(Reader& reader, const Node& node, const std::string& context, size_t ordinal,
                                      const char* kind, const char* article)
{
  std::string inner;
  Member member;
  if (!reader.open(node, {.kind = kind, .article = article, .outer = context, .ordinal = ordinal},
                   {"name", "definition", "sql", "comment"}, member, inner)) {
    return std::nullopt;
  }
  member.comment = reader.text(node, "comment", inner);
  if (node["definition"].IsDefined() && node["sql"].IsDefined()) {
    reader.error(node["sql"], inner, "give either \"definition\" or \"sql\", not both");
  }
  const std::string key = node["sql"].IsDefined() && !node["definition"].IsDefined() ? "sql" : "definition";
  member.definition = reader.text(node, key, inner, true);
  return member;
}

} // namespace

std::optional<Trigger> load_trigger(Reader& reader, const Node& node, const std::string& context, size_t ordinal)
{
  return load_definition<Trigger>(reader, node, context, ordinal, "trigger", "a trigger");
}

std::vector<Rule> load_rules(Reader& reader, const Node& node, const std::string& context)
{
  std::vector<Rule> rules;
  const Node list = reader.list(node, "rules", context);
  if (!list.IsDefined()) {
    return rules;
  }
  size_t i = 0;
  for (const auto& entry : list) {
    if (auto rule = load_definition<Rule>(reader, entry, context, i++, "rule", "a rule")) {
      rules.push_back(std::move(*rule));
    }
  }
  return rules;
}

std::optional<Policy> load_policy(Reader& reader, const Node& node, const std::string& context, size_t ordinal)
{
  std::string inner;
  Policy policy;
  if (!reader.open(node, {.kind = "policy", .article = "a policy", .outer = context, .ordinal = ordinal},
                   {"name", "command", "restrictive", "roles", "using", "with_check"}, policy, inner)) {
    return std::nullopt;
  }
  const std::string command = ascii_lower(reader.text(node, "command", inner));
  if (command.empty() || command == "all" || command == "select" || command == "insert" || command == "update" ||
      command == "delete") {
    policy.command = command.empty() ? "all" : command;
  } else {
    reader.error(node["command"], inner,
                 fmt::format("\"command\": unknown value \"{}\" (expected all, select, insert, update or delete)",
                             node["command"].Scalar()));
  }
  policy.permissive = !reader.flag(node, "restrictive", inner);
  for (auto& role : reader.strings(node, "roles", inner)) {
    // PUBLIC is a keyword, not a role: any spelling means everyone, as the server shows it.
    policy.roles.push_back(ascii_lower(role) == "public" ? "public" : role);
  }
  std::sort(policy.roles.begin(), policy.roles.end());
  if (std::adjacent_find(policy.roles.begin(), policy.roles.end()) != policy.roles.end()) {
    reader.error(node["roles"], inner, "\"roles\" names a role twice");
  }
  policy.using_expression = reader.text(node, "using", inner);
  policy.check_expression = reader.text(node, "with_check", inner);
  if (policy.command == "insert" && !policy.using_expression.empty()) {
    reader.error(node["using"], inner, "an INSERT policy takes only \"with_check\" (new rows), not \"using\"");
  }
  if ((policy.command == "select" || policy.command == "delete") && !policy.check_expression.empty()) {
    reader.error(node["with_check"], inner,
                 fmt::format("a {} policy takes only \"using\" (existing rows), not \"with_check\"",
                             policy.command == "select" ? "SELECT" : "DELETE"));
  }
  return policy;
}

} // namespace strata::schemas::detail
