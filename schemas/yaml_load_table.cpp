// Loading of a table entry: its columns (types, defaults, shorthands), primary key and options;
// indexes, foreign keys, checks and triggers are read by yaml_load_constraints.cpp.

#include "schemas/engines.hpp"
#include "schemas/naming.hpp"
#include "schemas/yaml_nodes.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace strata::schemas::detail {

namespace {

// `primary_key: true` / `unique: true` on a column, with the node that said so.
struct ColumnShorthands {
  std::optional<Node> primary_key;
  std::optional<Node> unique;
};

void load_default(Reader& reader, const Node& map, const std::string& context, Column& column)
{
  if (auto value = load_default_text(reader, map, context)) {
    column.default_value = std::move(value);
  }
}

void load_generated(Reader& reader, const Node& map, const std::string& context, Column& column)
{
  const Node value = map["generated"];
  if (!value.IsDefined()) {
    return;
  }
  const std::string inner = nested(context, "generated");
  GeneratedColumn generated;
  if (value.IsMap()) {
    reader.check_keys(value, inner, {"expression", "stored"});
    generated.expression = reader.text(value, "expression", inner, true);
    generated.stored = reader.flag(value, "stored", inner);
  } else if (value.IsScalar() && !value.Scalar().empty()) {
    generated.expression = value.Scalar();
  } else {
    reader.error(value, context, "\"generated\" must be an expression or a map {expression, stored}");
    return;
  }
  column.generated = std::move(generated);
}

// sequence_type: smallint | integer | bigint (PostgreSQL serial columns; checked there).
void load_sequence_type(Reader& reader, const Node& map, const std::string& context, Column& column)
{
  column.sequence_type = reader.text(map, "sequence_type", context);
  const std::string lower = ascii_lower(column.sequence_type.str());
  static const std::set<std::string> k_integers{"smallint", "integer", "bigint", "int2", "int4", "int8", "int"};
  if (!column.sequence_type.empty() && k_integers.count(lower) == 0) {
    reader.error(map["sequence_type"], context, "\"sequence_type\" must be smallint, integer or bigint");
  }
}

// backfill: "<expression>" and backfill_batch: N (keys per batch) of a column added to a table
// with rows; the planner uses them only for such a column.
void load_backfill(Reader& reader, const Node& map, const std::string& context, Column& column)
{
  const Node value = map["backfill"];
  const Node batch = map["backfill_batch"];
  if (!value.IsDefined()) {
    if (batch.IsDefined()) {
      reader.error(batch, context, "\"backfill_batch\" needs \"backfill\"");
    }
    return;
  }
  Backfill backfill;
  backfill.location = reader.where(value);
  backfill.expression = reader.text(map, "backfill", context, true);
  if (backfill.expression.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (!backfill.expression.empty()) {
      reader.error(value, context, "\"backfill\" must not be empty");
    }
    return; // an empty or missing value is reported by text()
  }
  if (const auto size = reader.integer(map, "backfill_batch", context)) {
    if (*size <= 0) {
      reader.error(batch, context, "\"backfill_batch\" must be a positive integer (keys per batch)");
      return;
    }
    backfill.batch = *size;
  } else if (batch.IsDefined() && batch.IsNull()) {
    reader.error(batch, context, "\"backfill_batch\" must be a positive integer (keys per batch)");
    return;
  }
  if (column.generated || column.identity) {
    reader.error(value, context, fmt::format("\"backfill\" cannot fill a{} column: the server computes its values",
                                             column.generated ? " generated" : "n identity"));
    return;
  }
  column.backfill = std::move(backfill);
}

std::optional<Column> load_column(Reader& reader, const Node& node, const std::string& table_context,
                                  size_t ordinal, ColumnShorthands& shorthands)
{
  std::string context;
  Column column;
  if (!reader.open(node, {.kind = "column", .article = "a column", .outer = table_context, .ordinal = ordinal},
                   {"name", "type", "nullable", "default", "identity", "generated", "collation", "comment",
                    "renamed_from", "primary_key", "unique", "on_update", "sequence_type", "backfill",
                    "backfill_batch", "system_versioning"},
                   column, context)) {
    return std::nullopt;
  }
  const Node type = node["type"];
  if (type.IsDefined()) {
    column.type = load_type(reader, type, context);
  } else {
    reader.error(node, context, "missing required key \"type\"");
  }
  column.nullable = reader.flag(node, "nullable", context, true);
  load_default(reader, node, context, column);
  // identity: true (BY DEFAULT) | always (PostgreSQL GENERATED ALWAYS) | a map with `always` and
  // the options of the identity's sequence (PostgreSQL)
  const Node identity = static_cast<const Node&>(node)["identity"];
  if (identity.IsDefined() && identity.IsScalar() && identity.Scalar() == "always") {
    column.identity = true;
    column.identity_always = true;
  } else if (identity.IsDefined() && identity.IsMap()) {
    const std::string inner = nested(context, "identity");
    reader.check_keys(identity, inner, {"always", "start", "increment", "min_value", "max_value", "cache", "cycle"});
    column.identity = true;
    column.identity_always = reader.flag(identity, "always", inner);
    SequenceOptions options;
    load_sequence_options(reader, identity, inner, options);
    if (!options.empty()) {
      column.identity_options = options;
    }
  } else {
    column.identity = reader.flag(node, "identity", context);
  }
  load_generated(reader, node, context, column);
  column.collation = reader.text(node, "collation", context);
  column.comment = reader.text(node, "comment", context);
  column.on_update = reader.text(node, "on_update", context);
  load_sequence_type(reader, node, context, column);
  column.renamed_from = reader.text(node, "renamed_from", context);
  load_backfill(reader, node, context, column);
  column.without_versioning = !reader.flag(node, "system_versioning", context, true);
  if (reader.flag(node, "primary_key", context)) {
    shorthands.primary_key = node["primary_key"];
  }
  if (reader.flag(node, "unique", context)) {
    shorthands.unique = node["unique"];
  }
  return column;
}

void load_primary_key(Reader& reader, const Node& node, const std::string& context, bool has_shorthand,
                      Table& table, TableMarks& marks)
{
  const Node pk = node["primary_key"];
  if (!pk.IsDefined() || pk.IsNull()) {
    return;
  }
  if (has_shorthand) {
    reader.error(pk, context, "primary key given both by \"primary_key\" and by \"primary_key: true\" on a column");
  }
  if (pk.IsSequence()) {
    table.primary_key = reader.strings(node, "primary_key", context, &marks.primary_key);
  } else if (pk.IsMap()) {
    const std::string inner = nested(context, "primary key");
    reader.check_keys(pk, inner, {"name", "columns", "deferrable", "initially_deferred", "comment", "invisible"});
    if (reader.flag(pk, "invisible", inner)) {
      reader.error(pk["invisible"], inner,
                   "a primary key cannot be invisible (MySQL INVISIBLE / MariaDB IGNORED apply to other indexes)");
    }
    table.primary_key_name = reader.text(pk, "name", inner);
    table.primary_key_deferrable = reader.flag(pk, "deferrable", inner);
    table.primary_key_initially_deferred = reader.flag(pk, "initially_deferred", inner);
    table.primary_key_comment = reader.text(pk, "comment", inner);
    table.primary_key = reader.strings(pk, "columns", inner, &marks.primary_key);
    if (!pk["columns"].IsDefined()) {
      reader.error(pk, inner, "missing required key \"columns\"");
    }
  } else {
    reader.error(pk, context,
                 "\"primary_key\" must be a list of column names or a map {name, columns, deferrable, "
                 "initially_deferred, comment}");
  }
}


// Runs `load` on every item of the list under key.
template <typename Load>
void each_item(Reader& reader, const Node& node, const std::string& key, const std::string& context, Load load)
{
  const Node items = reader.list(node, key, context);
  if (!items.IsDefined()) {
    return;
  }
  size_t i = 0;
  for (const auto& item : items) {
    load(item, i++);
  }
}

void load_columns(Reader& reader, const Node& node, const std::string& context, Table& table, TableMarks& marks)
{
  const Node columns = node["columns"];
  if (!columns.IsDefined()) {
    reader.error(node, context, "missing required key \"columns\"");
    return;
  }
  if (columns.IsNull() || (columns.IsSequence() && columns.size() == 0)) {
    reader.error(columns, context, "\"columns\" must not be empty");
    return;
  }
  std::vector<ColumnShorthands> shorthands;
  // Sized once: grown by doubling, a large file's columns would hold up to twice their bytes
  // until the load's shrink_to_fit, while the database is read beside the load (DesiredLoad).
  table.columns.reserve(columns.size());
  shorthands.reserve(columns.size());
  each_item(reader, node, "columns", context, [&](const Node& item, size_t i) {
    ColumnShorthands extra;
    if (auto column = load_column(reader, item, context, i, extra)) {
      table.columns.push_back(std::move(*column));
      shorthands.push_back(extra);
    }
  });
  bool has_pk_shorthand = false;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = table.columns[i];
    if (shorthands[i].primary_key) {
      has_pk_shorthand = true;
      table.primary_key.push_back(column.name);
      marks.primary_key.push_back(reader.where(*shorthands[i].primary_key));
    }
    if (shorthands[i].unique) {
      Index index;
      index.name = default_unique_name(table.name, {column.name});
      index.keys.push_back(IndexKey{column.name, {}, false, {}});
      index.unique = true;
      index.constraint = true;
      index.location = reader.where(*shorthands[i].unique);
      table.indexes.push_back(std::move(index));
      marks.index_keys.push_back({reader.where(*shorthands[i].unique)});
      marks.index_include.emplace_back();
    }
  }
  if (has_pk_shorthand) {
    load_primary_key(reader, node, context, true, table, marks);
  }
}

// `row_level_security: enabled | forced | disabled` (true and false for enabled and disabled).
std::string load_row_security(Reader& reader, const Node& node, const std::string& context)
{
  const Node value = node["row_level_security"];
  if (!value.IsDefined() || value.IsNull()) {
    return {};
  }
  const std::string text = ascii_lower(value.IsScalar() ? value.Scalar() : std::string());
  bool flag = false;
  if (text == "enabled" || text == "forced") {
    return text;
  }
  if (text != "disabled" && !value.decode(flag)) {
    reader.error(value, context, "\"row_level_security\" must be enabled, forced or disabled");
    return {};
  }
  return flag ? "enabled" : "";
}

} // namespace

std::optional<std::string> load_default_text(Reader& reader, const Node& map, const std::string& context)
{
  const Node value = map["default"];
  if (!value.IsDefined()) {
    return std::nullopt;
  }
  if (value.IsNull()) {
    return "NULL";
  }
  if (!value.IsScalar()) {
    reader.error(value, context, "\"default\" must be SQL text (a scalar)");
    return std::nullopt;
  }
  return value.Scalar();
}

ColumnType load_type(Reader& reader, const Node& node, const std::string& context)
{
  if (node.IsScalar() || node.IsNull()) {
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    ColumnType type = ColumnType::parse(text);
    // A portable type parsed is well-formed (type_text_problem finds nothing in it).
    if (type.kind != ColumnType::Kind::portable) {
      if (auto problem = type_text_problem(text); !problem.empty()) {
        reader.error(node, context, problem);
      }
    }
    return type;
  }
  if (!node.IsMap()) {
    reader.error(node, context, "\"type\" must be a type name or a map of engine to type name");
    return ColumnType::make_native("");
  }
  ColumnType type;
  type.kind = ColumnType::Kind::per_engine;
  for (const auto& entry : node) {
    const std::string engine = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (!is_engine_name(engine)) {
      reader.error(entry.first, context,
                   fmt::format("unknown engine \"{}\" in type map (expected {})", engine, engine_list()));
      continue;
    }
    const auto text = reader.scalar(entry.second, context, fmt::format("type for {}", engine));
    if (!text) {
      continue;
    }
    if (auto problem = type_text_problem(*text); !problem.empty()) {
      reader.error(entry.second, context, fmt::format("{}: {}", engine, problem));
    }
    if (!type.per_engine.emplace(engine, *text).second) {
      reader.error(entry.first, context, fmt::format("duplicate key \"{}\"", engine));
    }
  }
  if (node.size() == 0) {
    reader.error(node, context, "empty type");
  }
  return type;
}

// `partition: {by, expression | columns, count | partitions: [{name, values, comment}], subpartition_by,
// subpartition_expression, subpartitions}` (MySQL/MariaDB: `expression`; PostgreSQL: `by` with
// `columns` or `expression`, its partitions being tables with `partition_of`; the dialect checks
// the method, bounds and what its engine takes).
Partitioning load_partitioning(Reader& reader, const Node& node, const std::string& context)
{
  Partitioning out;
  const Node map = node["partition"];
  if (!map.IsDefined() || map.IsNull() || !reader.expect_map(map, context, "\"partition\"")) {
    return out;
  }
  const std::string inner = nested(context, "partition");
  reader.check_keys(map, inner,
                    {"by", "expression", "columns", "count", "partitions", "subpartition_by",
                     "subpartition_expression", "subpartitions"});
  out.location = reader.where(map);
  out.method = reader.text(map, "by", inner, true);
  out.expression = reader.text(map, "expression", inner);
  out.columns = reader.strings(map, "columns", inner);
  if (out.expression.empty() == out.columns.empty()) {
    reader.error(map, inner, out.columns.empty() ? "missing required key \"expression\" (or \"columns\")"
                                                 : "give \"expression\" or \"columns\", not both");
  }
  out.count = static_cast<int>(reader.integer(map, "count", inner).value_or(0));
  out.sub_method = reader.text(map, "subpartition_by", inner);
  out.sub_expression = reader.text(map, "subpartition_expression", inner);
  out.sub_count = static_cast<int>(reader.integer(map, "subpartitions", inner).value_or(0));
  if (out.count < 0 || out.sub_count < 0) {
    reader.error(map, inner, "\"count\" and \"subpartitions\" must not be negative");
  }
  if (!out.sub_method.empty() && out.sub_expression.empty()) {
    reader.error(map, inner, "\"subpartition_by\" needs \"subpartition_expression\"");
  }
  each_item(reader, map, "partitions", inner, [&](const Node& item, size_t i) {
    std::string item_context;
    Partition partition;
    if (!reader.open(item, {.kind = "partition", .article = "a partition", .outer = inner, .ordinal = i},
                     {"name", "values", "comment"}, partition, item_context)) {
      return;
    }
    partition.values = reader.text(item, "values", item_context);
    partition.comment = reader.text(item, "comment", item_context);
    partition.location = reader.where(item);
    if (std::any_of(out.partitions.begin(), out.partitions.end(),
                    [&](const Partition& p) { return p.name == partition.name; })) {
      reader.error(item, inner, fmt::format("duplicate partition name \"{}\"", partition.name));
    }
    out.partitions.push_back(std::move(partition));
  });
  return out;
}

namespace {

// `partition_of: {table, schema, bound | default: true}` (PostgreSQL; the dialect checks the
// parent and the bound).
PartitionOf load_partition_of(Reader& reader, const Node& node, const std::string& context)
{
  PartitionOf out;
  const Node map = node["partition_of"];
  if (!map.IsDefined() || map.IsNull() || !reader.expect_map(map, context, "\"partition_of\"")) {
    return out;
  }
  const std::string inner = nested(context, "partition_of");
  reader.check_keys(map, inner, {"table", "schema", "bound", "default"});
  out.location = reader.where(map);
  out.table.name = reader.text(map, "table", inner, true);
  out.table.schema = reader.text(map, "schema", inner);
  out.bound = reader.text(map, "bound", inner);
  out.is_default = reader.flag(map, "default", inner);
  if (out.is_default == !out.bound.empty()) {
    reader.error(map, inner, out.is_default ? "give \"bound\" or \"default: true\", not both"
                                            : "missing required key \"bound\" (FOR VALUES ...) or \"default: true\"");
  }
  return out;
}

// A partition's columns are its root table's, and its row-level security, policies and options
// are not managed: declaring any is an error at its key. Its own keys, indexes, checks, foreign
// keys and triggers load as a table's.
void refuse_partition_members(Reader& reader, const Node& node, const std::string& context, const Table& table)
{
  for (const char* key : {"columns", "options", "row_level_security", "policies"}) {
    const Node value = node[key];
    if (!value.IsDefined()) {
      continue;
    }
    const std::string declared = std::string(key) == "columns"
                                   ? "takes its columns from its parent (declare them there)"
                                   : "may declare keys, indexes, checks, foreign keys and triggers of its own, not \"" +
                                       std::string(key) + "\"";
    reader.error(value, context,
                 fmt::format("\"{}\" on a partition: partition {} of {} {}", key, table.qualified().str(),
                             table.partition_of->table.str(), declared));
  }
}

// `system_versioning: true` (MariaDB's implicit form: hidden ROW_START/ROW_END) or
// `{row_start: column, row_end: column}` (the explicit form: two columns of the table's own, made
// GENERATED ALWAYS AS ROW START/END with PERIOD FOR SYSTEM_TIME). A column that opts out
// (`system_versioning: false`) needs a versioned table.
SystemVersioning load_versioning(Reader& reader, const Node& node, const std::string& context, const Table& table)
{
  SystemVersioning out;
  const Node value = node["system_versioning"];
  if (value.IsDefined() && value.IsMap()) {
    const std::string inner = nested(context, "system_versioning");
    reader.check_keys(value, inner, {"row_start", "row_end"});
    out.enabled = true;
    out.row_start = reader.text(value, "row_start", inner, true);
    out.row_end = reader.text(value, "row_end", inner, true);
    for (const char* key : {"row_start", "row_end"}) {
      const std::string& column = std::string(key) == "row_start" ? out.row_start : out.row_end;
      if (!column.empty() && table.find_column(column) == nullptr) {
        reader.error(value[key], inner,
                     fmt::format("\"{}\" names column \"{}\", which table {} does not have (declare it in "
                                 "\"columns\", e.g. with type timestamp(6))",
                                 key, column, table.qualified().str()));
      }
    }
    if (!out.row_start.empty() && out.row_start == out.row_end) {
      reader.error(value["row_end"], inner, "\"row_start\" and \"row_end\" must be two different columns");
    }
  } else if (value.IsDefined() && !value.IsNull() && !value.decode(out.enabled)) {
    reader.error(value, context, "\"system_versioning\" must be true, false or a map {row_start, row_end}");
  }
  const Node columns = node["columns"];
  for (const auto& item : columns.IsSequence() ? columns : Node()) {
    const Node& entry = item;
    const Node opt_out = entry["system_versioning"];
    const Node name = entry["name"];
    bool versioned = true;
    if (!name.IsScalar() || !opt_out.decode(versioned) || versioned) {
      continue;
    }
    if (!out.enabled) {
      reader.error(opt_out, context,
                   fmt::format("column {}: \"system_versioning: false\" needs a system-versioned table (add "
                               "\"system_versioning\" to table {})",
                               name.Scalar(), table.qualified().str()));
    } else if (out.period_column(name.Scalar())) {
      reader.error(opt_out, context,
                   fmt::format("column {} is a column of the system-time period: it cannot be "
                               "\"system_versioning: false\"",
                               name.Scalar()));
    }
  }
  return out;
}

} // namespace

std::optional<Table> load_table(Reader& reader, const Node& node, size_t ordinal, TableMarks& marks)
{
  std::string context;
  Table table;
  if (!reader.open(node, {.kind = "table", .article = "a table", .ordinal = ordinal, .has_schema = true},
                   {"name", "schema", "comment", "columns", "primary_key", "indexes", "foreign_keys", "checks",
                    "triggers", "options", "partition", "renamed_from", "excludes", "row_level_security",
                    "policies", "partition_of", "rules", "system_versioning", "grants"}, table, context)) {
    return std::nullopt;
  }
  table.grants = load_grants(reader, node, context, GrantTarget::table);
  table.comment = reader.text(node, "comment", context);
  table.renamed_from = reader.text(node, "renamed_from", context);
  // Set only where the table has the key (an unset RareValue takes no heap).
  if (node["partition_of"].IsDefined()) {
    table.partition_of = load_partition_of(reader, node, context);
  }
  if (node["partition"].IsDefined()) {
    table.partitioning = load_partitioning(reader, node, context);
  }
  const bool partition = !table.partition_of->empty();
  if (partition) {
    refuse_partition_members(reader, node, context, table);
  } else {
    load_columns(reader, node, context, table, marks);
  }
  if (table.primary_key.empty()) {
    load_primary_key(reader, node, context, false, table, marks);
  }
  // Read for every table (a column may opt out of a versioning the table lacks); set where on.
  if (SystemVersioning versioning = load_versioning(reader, node, context, table); !(versioning == SystemVersioning{})) {
    table.versioning = std::move(versioning);
  }
  // Sized once, as the columns are.
  table.indexes.reserve(table.indexes.size() + node["indexes"].size() + node["excludes"].size());
  table.foreign_keys.reserve(node["foreign_keys"].size());
  table.checks.reserve(node["checks"].size());
  each_item(reader, node, "indexes", context, [&](const Node& item, size_t i) {
    std::vector<SourceLocation> keys;
    std::vector<SourceLocation> include;
    if (auto index = load_index(reader, item, table, context, i, keys, include)) {
      table.indexes.push_back(std::move(*index));
      marks.index_keys.push_back(std::move(keys));
      marks.index_include.push_back(std::move(include));
    }
  });
  each_item(reader, node, "excludes", context, [&](const Node& item, size_t i) {
    std::vector<SourceLocation> keys;
    std::vector<SourceLocation> include;
    if (auto index = load_index(reader, item, table, context, i, keys, include, true)) {
      table.indexes.push_back(std::move(*index));
      marks.index_keys.push_back(std::move(keys));
      marks.index_include.push_back(std::move(include));
    }
  });
  each_item(reader, node, "foreign_keys", context, [&](const Node& item, size_t i) {
    ForeignKeyMarks fk_marks;
    if (auto fk = load_foreign_key(reader, item, table, context, i, fk_marks)) {
      table.foreign_keys.push_back(std::move(*fk));
      marks.foreign_keys.push_back(std::move(fk_marks));
    }
  });
  int unnamed_checks = 0;
  each_item(reader, node, "checks", context, [&](const Node& item, size_t i) {
    if (auto check = load_check(reader, item, table, context, i, unnamed_checks)) {
      table.checks.push_back(std::move(*check));
    }
  });
  each_item(reader, node, "triggers", context, [&](const Node& item, size_t i) {
    if (auto trigger = load_trigger(reader, item, context, i)) {
      table.triggers.push_back(std::move(*trigger));
    }
  });
  table.rules = load_rules(reader, node, context);
  if (partition) {
    return table;
  }
  table.options = load_options(reader, node, context);
  table.row_security = load_row_security(reader, node, context);
  each_item(reader, node, "policies", context, [&](const Node& item, size_t i) {
    if (auto policy = load_policy(reader, item, context, i)) {
      table.policies.push_back(std::move(*policy));
    }
  });
  return table;
}

std::map<std::string, std::string> load_options(Reader& reader, const Node& node, const std::string& context,
                                                std::initializer_list<std::string_view> allowed, const NamedMap& shape)
{
  std::map<std::string, std::string> out;
  const Node options = node[shape.key];
  if (!options.IsDefined() || options.IsNull()) {
    return out;
  }
  if (!options.IsMap()) {
    reader.error(options, context, fmt::format("\"{}\" must be a map of {} names to {}s", shape.key, shape.names, shape.values));
    return out;
  }
  if (allowed.size() != 0) {
    reader.check_keys(options, nested(context, std::string(shape.key)), allowed); // unknown and duplicate names
  }
  for (const auto& entry : options) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
      reader.error(entry.first, context,
                   fmt::format("\"{}\" must map {} names to scalar {}s", shape.key, shape.names, shape.values));
    } else if (!out.emplace(entry.first.Scalar(), entry.second.Scalar()).second && allowed.size() == 0) {
      reader.error(entry.first, context, fmt::format("duplicate key \"{}\"", entry.first.Scalar()));
    }
  }
  return out;
}

} // namespace strata::schemas::detail
