// Schema -> YAML text with a fixed key order. Short entries are written as flow maps on one line;
// strings are plain when they read back unchanged, double-quoted otherwise (schemas/yaml_scalar),
// and defaults are always double-quoted so that "0" stays SQL text. The text is written directly:
// the layout is the one yaml-cpp's emitter gave (2-space indentation, "- " items, "{k: v, ...}"),
// so files written before read the same, at a small part of the emitter's cost.

#include "schemas/yaml.hpp"
#include "schemas/yaml_scalar.hpp"

#include <yaml-cpp/yaml.h>

#include <string_view>

namespace strata::schemas {

namespace {

using yaml::Context;

enum class Style { block, flow };

constexpr size_t k_flow_limit = 100; // longest entry, in characters, written as a one-line flow map
constexpr size_t k_indent = 2;

// One collection being written into `out`, a map or a sequence. Flow style: "{k: v, ...}" or
// "[a, b]", on the current line. Block style: a "k: v" or "- item" line per entry at `indent`
// columns; a map that is an item of a block sequence starts on the item's line (after "- "), and a
// collection under a key starts on the next line. Collections nested in a flow one are flow.
class Collection {
public:
  Collection(std::string& out, Style style, bool is_map, size_t indent, bool first_inline)
    : m_out(&out), m_style(style), m_map(is_map), m_indent(indent), m_first_inline(first_inline)
  {
    if (flow()) {
      out += is_map ? '{' : '[';
    }
  }

  bool flow() const { return m_style == Style::flow; }
  Context context() const { return flow() ? Context::flow : Context::block; }

  // Map entries.
  void text(std::string_view key, std::string_view value)
  {
    open_key(key);
    *m_out += ' ';
    yaml::append_scalar(*m_out, value, context());
    end_line();
  }
  void quoted(std::string_view key, std::string_view value)
  {
    open_key(key);
    *m_out += ' ';
    yaml::append_double_quoted(*m_out, value);
    end_line();
  }
  void boolean(std::string_view key, bool value)
  {
    open_key(key);
    *m_out += value ? " true" : " false";
    end_line();
  }
  void number(std::string_view key, long long value)
  {
    open_key(key);
    *m_out += ' ';
    *m_out += std::to_string(value);
    end_line();
  }
  // A literal block scalar (|) whose lines are indented one step deeper than the key; callers
  // check that it reads back unchanged. A flow map cannot hold one: there it is double-quoted.
  void literal(std::string_view key, std::string_view value)
  {
    if (flow()) {
      quoted(key, value);
      return;
    }
    open_key(key);
    *m_out += ' ';
    yaml::append_literal(*m_out, value, m_indent + k_indent);
    *m_out += '\n';
  }
  // A map or sequence under `key`; end it with `close(nested)`.
  Collection nested(std::string_view key, Style style, bool is_map)
  {
    open_key(key);
    return child(style, is_map);
  }

  // Sequence items.
  void item(std::string_view value)
  {
    open_item();
    yaml::append_scalar(*m_out, value, context());
    end_line();
  }
  // A map item `fill` writes in flow style when it comes out no longer than `limit`: written in
  // place, and taken back (false) when longer.
  template <typename Fill> bool flow_item_within(size_t limit, Fill fill)
  {
    const size_t start = m_out->size();
    const size_t entries = m_entries;
    open_item();
    const size_t body = m_out->size();
    Collection flow(*m_out, Style::flow, true, 0, false);
    fill(flow);
    flow.end();
    if (m_out->size() - body <= limit) {
      end_line();
      return true;
    }
    m_out->resize(start);
    m_entries = entries;
    return false;
  }
  // A map item; end it with `close(nested)`.
  Collection map_item(Style style)
  {
    open_item();
    if (flow() || style == Style::flow) {
      return Collection(*m_out, Style::flow, true, 0, false);
    }
    return Collection(*m_out, Style::block, true, m_indent + k_indent, true);
  }

  // Ends a collection made by `nested` or `map_item`.
  void close(Collection& inner)
  {
    inner.end();
    if (inner.flow()) {
      end_line();
    }
  }
  // Ends the collection: "}" or "]" in flow style, "{}" or "[]" for an empty block one.
  void end()
  {
    if (flow()) {
      *m_out += m_map ? '}' : ']';
    } else if (m_entries == 0) {
      // As yaml-cpp wrote it: under a key, on a line of its own at the collection's indentation.
      if (m_under_key) {
        *m_out += '\n';
        m_out->append(m_indent, ' ');
      }
      *m_out += m_map ? "{}\n" : "[]\n";
    }
  }

private:
  Collection child(Style style, bool is_map)
  {
    if (flow() || style == Style::flow) {
      *m_out += ' ';
      return Collection(*m_out, Style::flow, is_map, 0, false);
    }
    Collection inner(*m_out, Style::block, is_map, m_indent + k_indent, false);
    inner.m_under_key = true;
    return inner;
  }
  void separate()
  {
    if (flow()) {
      if (m_entries > 0) {
        *m_out += ", ";
      }
    } else {
      if (m_under_key && m_entries == 0) {
        *m_out += '\n';
      }
      if (m_entries > 0 || !m_first_inline) {
        m_out->append(m_indent, ' ');
      }
    }
    ++m_entries;
  }
  void open_key(std::string_view key)
  {
    separate();
    yaml::append_scalar(*m_out, key, context());
    *m_out += ':';
  }
  void open_item()
  {
    separate();
    if (!flow()) {
      *m_out += "- ";
    }
  }
  // After a scalar value: a block entry ends its line. (A value follows "key:" after a space.)
  void end_line()
  {
    if (!flow()) {
      *m_out += '\n';
    }
  }

  std::string* m_out;
  Style m_style;
  bool m_map;
  size_t m_indent;
  bool m_first_inline;
  bool m_under_key = false; // a block collection under a key: the key's line ends at its first entry
  size_t m_entries = 0;
};

using Map = Collection;

void put(Map& out, const char* key, const std::string& value)
{
  if (!value.empty()) {
    out.text(key, value);
  }
}

void put(Map& out, const char* key, bool value)
{
  if (value) {
    out.boolean(key, true);
  }
}

void put(Map& out, const char* key, const std::optional<long long>& value)
{
  if (value) {
    out.number(key, *value);
  }
}

// `key: [a, b]`, nothing for an empty list.
void put(Map& out, const char* key, const std::vector<std::string>& values)
{
  if (values.empty()) {
    return;
  }
  auto seq = out.nested(key, Style::flow, false);
  for (const auto& value : values) {
    seq.item(value);
  }
  out.close(seq);
}

// `key: {name: value, ...}` on one line, nothing when there is none.
void put(Map& out, const char* key, const std::map<std::string, std::string>& values)
{
  if (values.empty()) {
    return;
  }
  auto map = out.nested(key, Style::flow, true);
  for (const auto& [name, value] : values) {
    map.text(name, value);
  }
  out.close(map);
}

bool multiline(const std::string& text)
{
  return text.find('\n') != std::string::npos;
}

// True when `text` written as a literal block scalar (|) reads back unchanged.
bool literal_round_trips(const std::string& text)
{
  std::string probe;
  Map map(probe, Style::block, true, 0, false);
  map.literal("k", text);
  map.number("z", 0); // a key after the block: a literal at the very end of a document reads back differently
  try {
    const YAML::Node node = YAML::Load(probe);
    return node["k"].IsScalar() && node["k"].Scalar() == text;
  } catch (const YAML::Exception&) {
    return false;
  }
}

// SQL text (queries, trigger definitions, check expressions): multi-line text is written as a
// literal block when that reads back unchanged.
void put_sql(Map& out, const char* key, const std::string& value)
{
  if (multiline(value) && literal_round_trips(value)) {
    out.literal(key, value);
  } else {
    put(out, key, value);
  }
}

void put_type(Map& out, const ColumnType& type)
{
  if (type.kind == ColumnType::Kind::native) {
    out.text("type", type.native);
    return;
  }
  if (type.kind == ColumnType::Kind::portable) {
    out.text("type", type.str());
    return;
  }
  auto map = out.nested("type", Style::flow, true);
  for (const auto& [engine, text] : type.per_engine) {
    map.text(engine, text);
  }
  out.close(map);
}

void put_sequence_options(Map& out, const SequenceOptions& options)
{
  put(out, "start", options.start);
  put(out, "increment", options.increment);
  put(out, "min_value", options.min_value);
  put(out, "max_value", options.max_value);
  put(out, "cache", options.cache);
  put(out, "cycle", options.cycle);
}

void put_column(Map& out, const Column& column)
{
  put(out, "name", column.name);
  put_type(out, column.type);
  if (!column.nullable) {
    out.boolean("nullable", false);
  }
  if (column.default_value) {
    out.quoted("default", *column.default_value);
  }
  if (column.identity && column.identity_options) {
    auto identity = out.nested("identity", Style::flow, true);
    put(identity, "always", column.identity_always);
    put_sequence_options(identity, *column.identity_options);
    out.close(identity);
  } else if (column.identity && column.identity_always) {
    out.text("identity", "always");
  } else {
    put(out, "identity", column.identity);
  }
  if (column.generated) {
    if (column.generated->stored) {
      auto generated = out.nested("generated", Style::flow, true);
      put(generated, "expression", column.generated->expression);
      put(generated, "stored", true);
      out.close(generated);
    } else {
      out.text("generated", column.generated->expression);
    }
  }
  put(out, "collation", column.collation);
  put(out, "comment", column.comment);
  put(out, "on_update", column.on_update);
  put(out, "sequence_type", column.sequence_type);
  if (column.without_versioning) {
    out.boolean("system_versioning", false);
  }
  put(out, "renamed_from", column.renamed_from);
}

bool plain_key(const IndexKey& key)
{
  return !key.descending && key.collation.empty() && key.length == 0 && key.nulls.empty() && key.opclass.empty() &&
         key.with.empty();
}

void put_index_keys(Map& out, const Index& index)
{
  std::vector<std::string> columns;
  std::vector<std::string> expressions;
  bool simple = true;
  for (const auto& key : index.keys) {
    if (!plain_key(key) || (!key.is_expression() && !expressions.empty())) {
      simple = false;
      break;
    }
    (key.is_expression() ? expressions : columns).push_back(key.is_expression() ? key.expression : key.column);
  }
  if (simple) {
    put(out, "columns", columns);
    put(out, "expressions", expressions);
    return;
  }
  auto seq = out.nested("columns", Style::block, false);
  for (const auto& key : index.keys) {
    if (plain_key(key) && !key.is_expression()) {
      seq.item(key.column);
      continue;
    }
    auto item = seq.map_item(Style::flow);
    put(item, key.is_expression() ? "expression" : "column", key.is_expression() ? key.expression : key.column);
    put(item, "desc", key.descending);
    put(item, "nulls", key.nulls);
    put(item, "collate", key.collation);
    put(item, "opclass", key.opclass);
    if (key.length != 0) {
      item.number("length", key.length);
    }
    put(item, "with", key.with);
    seq.close(item);
  }
  out.close(seq);
}

void put_index(Map& out, const Index& index)
{
  put(out, "name", index.name);
  put_index_keys(out, index);
  put(out, "unique", index.unique && !index.constraint);
  put(out, "constraint", index.constraint);
  put(out, "where", index.where);
  put(out, "method", index.method);
  put(out, "include", index.include);
  put(out, "nulls_not_distinct", index.nulls_not_distinct);
  put(out, "deferrable", index.deferrable);
  put(out, "initially_deferred", index.initially_deferred);
  put(out, "with", index.with);
  put(out, "invisible", index.invisible);
  put(out, "comment", index.comment);
}

void put_foreign_key(Map& out, const ForeignKey& fk)
{
  put(out, "name", fk.name);
  put(out, "columns", fk.columns);
  auto references = out.nested("references", Style::flow, true);
  put(references, "table", fk.references.name);
  put(references, "schema", fk.references.schema);
  put(references, "columns", fk.ref_columns);
  out.close(references);
  put(out, "on_delete", fk.on_delete == "no action" ? std::string() : fk.on_delete);
  put(out, "on_update", fk.on_update == "no action" ? std::string() : fk.on_update);
  put(out, "deferrable", fk.deferrable);
  put(out, "initially_deferred", fk.initially_deferred);
  put(out, "match", fk.match);
  put(out, "not_valid", fk.not_valid);
  put(out, "comment", fk.comment);
}

void put_primary_key(Map& out, const Table& table)
{
  if (table.primary_key.empty() && table.primary_key_name.empty()) {
    return;
  }
  if (table.primary_key_name.empty() && !table.primary_key_deferrable && !table.primary_key_initially_deferred &&
      table.primary_key_comment.empty()) {
    put(out, "primary_key", table.primary_key);
    return;
  }
  auto key = out.nested("primary_key", Style::flow, true);
  put(key, "name", table.primary_key_name);
  put(key, "columns", table.primary_key);
  put(key, "deferrable", table.primary_key_deferrable);
  put(key, "initially_deferred", table.primary_key_initially_deferred);
  put(key, "comment", table.primary_key_comment);
  out.close(key);
}

// One item of a list: a one-line flow map when it is short (and nothing forces the block form), a
// block map otherwise.
template <typename Fill>
void entry(Map& seq, Fill fill, bool force_block)
{
  if (!force_block && seq.flow_item_within(k_flow_limit, fill)) {
    return;
  }
  auto item = seq.map_item(Style::block);
  fill(item);
  seq.close(item);
}

// A list under key whose items each go through `entry`; `block` says which must be block maps.
template <typename T, typename Put>
void put_list(Map& out, const char* key, const std::vector<T>& items, Put put_item, bool (*block)(const T&) = nullptr)
{
  if (items.empty()) {
    return;
  }
  auto seq = out.nested(key, Style::block, false);
  for (const auto& item : items) {
    entry(seq, [&](Map& target) { put_item(target, item); }, block != nullptr && block(item));
  }
  out.close(seq);
}

// `grants:` one entry per role and grant option: {role, privileges: [...], with_grant_option}.
void put_grants(Map& out, const std::vector<Grant>& grants)
{
  put_list(out, "grants", grants, [](Map& target, const Grant& grant) {
    put(target, "role", grant.role);
    put(target, "privileges", grant.privileges);
    put(target, "with_grant_option", grant.with_grant_option);
  });
}

std::optional<long long> positive(int value)
{
  return value > 0 ? std::optional<long long>(value) : std::nullopt;
}

// `partition:` (MySQL/MariaDB, PostgreSQL), each partition on one line.
void put_partitioning(Map& out, const Partitioning& p)
{
  if (p.empty()) {
    return;
  }
  auto map = out.nested("partition", Style::block, true);
  put(map, "by", p.method);
  put(map, "columns", p.columns);
  put_sql(map, "expression", p.expression);
  put(map, "count", positive(p.count));
  put(map, "subpartition_by", p.sub_method);
  put_sql(map, "subpartition_expression", p.sub_expression);
  put(map, "subpartitions", positive(p.sub_count));
  put_list(map, "partitions", p.partitions, [](Map& target, const Partition& partition) {
    put(target, "name", partition.name);
    put(target, "values", partition.values);
    put(target, "comment", partition.comment);
  });
  out.close(map);
}

// `system_versioning: true` (MariaDB's implicit form) or `{row_start, row_end}` on one line.
void put_versioning(Map& out, const SystemVersioning& v)
{
  if (!v.enabled) {
    return;
  }
  if (!v.explicit_period()) {
    out.boolean("system_versioning", true);
    return;
  }
  auto map = out.nested("system_versioning", Style::flow, true);
  put(map, "row_start", v.row_start);
  put(map, "row_end", v.row_end);
  out.close(map);
}

// `partition_of: {table, schema, bound | default: true}` (PostgreSQL), on one line.
void put_partition_of(Map& out, const PartitionOf& p)
{
  if (p.empty()) {
    return;
  }
  auto map = out.nested("partition_of", Style::flow, true);
  put(map, "table", p.table.name);
  put(map, "schema", p.table.schema);
  put(map, "bound", p.bound);
  put(map, "default", p.is_default);
  out.close(map);
}

void put_checks(Map& out, const std::vector<Check>& checks)
{
  put_list(out, "checks", checks, [](Map& target, const Check& check) {
    put(target, "name", check.name);
    put_sql(target, "expression", check.expression);
    put(target, "no_inherit", check.no_inherit);
    put(target, "not_valid", check.not_valid);
    put(target, "comment", check.comment);
  }, +[](const Check& check) { return multiline(check.expression); });
}

// Triggers and rules: name, whole definition, comment.
template <typename Member>
void put_definitions(Map& out, const char* key, const std::vector<Member>& members)
{
  put_list(out, key, members, [](Map& target, const Member& member) {
    put(target, "name", member.name);
    put_sql(target, "definition", member.definition);
    put(target, "comment", member.comment);
  }, +[](const Member& member) { return multiline(member.definition); });
}

void put_table(Map& out, const Table& table)
{
  put(out, "name", table.name);
  put(out, "schema", table.schema);
  put(out, "comment", table.comment);
  put_partition_of(out, table.partition_of);
  put_list(out, "columns", table.columns, put_column);
  put_primary_key(out, table);
  std::vector<Index> indexes;
  std::vector<Index> excludes;
  for (const auto& index : table.indexes) {
    (index.exclusion() ? excludes : indexes).push_back(index);
  }
  put_list(out, "indexes", indexes, put_index);
  put_list(out, "excludes", excludes, put_index);
  put_list(out, "foreign_keys", table.foreign_keys, put_foreign_key);
  put_checks(out, table.checks);
  put_definitions(out, "triggers", table.triggers);
  put(out, "options", table.options);
  put_partitioning(out, table.partitioning);
  put_versioning(out, table.versioning);
  put(out, "row_level_security", table.row_security);
  put_list(out, "policies", table.policies, [](Map& target, const Policy& policy) {
    put(target, "name", policy.name);
    if (policy.command != "all") {
      put(target, "command", policy.command);
    }
    put(target, "restrictive", !policy.permissive);
    if (policy.roles != std::vector<std::string>{"public"}) {
      put(target, "roles", policy.roles);
    }
    put_sql(target, "using", policy.using_expression);
    put_sql(target, "with_check", policy.check_expression);
  }, +[](const Policy& policy) { return multiline(policy.using_expression) || multiline(policy.check_expression); });
  put_definitions(out, "rules", table.rules);
  put_grants(out, table.grants);
  put(out, "renamed_from", table.renamed_from);
}

void put_view(Map& out, const View& view)
{
  put(out, "name", view.name);
  put(out, "schema", view.schema);
  put_sql(out, "query", view.query);
  put(out, "columns", view.columns);
  put(out, "comment", view.comment);
  put(out, "column_comments", view.column_comments);
  put(out, "options", view.options);
  if (view.materialized && !view.with_data) {
    out.boolean("with_data", false);
  }
  put_list(out, "indexes", view.indexes, put_index);
  put_definitions(out, "rules", view.rules);
  put_grants(out, view.grants);
}

void put_enum(Map& out, const Enum& item)
{
  put(out, "name", item.name);
  put(out, "schema", item.schema);
  put(out, "values", item.values);
  put(out, "comment", item.comment);
}

void put_domain(Map& out, const Domain& domain)
{
  put(out, "name", domain.name);
  put(out, "schema", domain.schema);
  put_type(out, domain.type);
  if (domain.default_value) {
    out.quoted("default", *domain.default_value);
  }
  if (!domain.nullable) {
    out.boolean("nullable", false);
  }
  put(out, "collation", domain.collation);
  put_checks(out, domain.checks);
  put(out, "comment", domain.comment);
}

// attributes: one flow map per attribute ({name: street, type: text, collation: C, comment: ...}).
void put_composite_type(Map& out, const CompositeType& type)
{
  put(out, "name", type.name);
  put(out, "schema", type.schema);
  auto attributes = out.nested("attributes", Style::block, false);
  for (const auto& attribute : type.attributes) {
    auto item = attributes.map_item(Style::flow);
    put(item, "name", attribute.name);
    put_type(item, attribute.type);
    put(item, "collation", attribute.collation);
    put(item, "comment", attribute.comment);
    attributes.close(item);
  }
  out.close(attributes);
  put(out, "comment", type.comment);
}

void put_sequence(Map& out, const Sequence& sequence)
{
  put(out, "name", sequence.name);
  put(out, "schema", sequence.schema);
  put(out, "type", sequence.type);
  put_sequence_options(out, sequence);
  put(out, "owned_by", sequence.owned_by);
  put(out, "comment", sequence.comment);
  put_grants(out, sequence.grants);
}

} // namespace

std::string write_yaml(const Schema& schema, const std::string& default_schema)
{
  std::string text;
  text.reserve(4096 + schema.tables.size() * 1024); // about what a table takes, grown less often
  Map out(text, Style::block, true, 0, false);
  out.number("version", 1);
  if (schema.privileges_managed) {
    out.text("privileges", "managed");
  }
  // A schema with a comment as a map, one without as its bare name; the default one by its name.
  std::vector<Namespace> namespaces;
  for (const auto& item : schema.namespaces) {
    if (!item.name.empty() || !default_schema.empty()) {
      namespaces.push_back(item);
      if (item.name.empty()) {
        namespaces.back().name = default_schema;
      }
    }
  }
  if (!namespaces.empty()) {
    auto seq = out.nested("schemas", Style::block, false);
    for (const auto& item : namespaces) {
      if (item.comment.empty() && item.grants.empty()) {
        seq.item(item.name);
        continue;
      }
      entry(seq, [&](Map& target) {
        put(target, "name", item.name);
        put(target, "comment", item.comment);
        put_grants(target, item.grants);
      }, false);
    }
    out.close(seq);
  }
  put_list(out, "extensions", schema.extensions, [](Map& target, const Extension& extension) {
    put(target, "name", extension.name);
    put(target, "schema", extension.schema);
    put(target, "version", extension.version);
  });
  put_list(out, "tables", schema.tables, put_table, +[](const Table&) { return true; });
  put_list(out, "virtual_tables", schema.virtual_tables, [](Map& target, const VirtualTable& table) {
    put(target, "name", table.name);
    put(target, "using", table.module);
    put_sql(target, "arguments", table.arguments);
  }, +[](const VirtualTable& table) { return multiline(table.arguments); });
  std::vector<View> views;
  std::vector<View> materialized;
  for (const auto& view : schema.views) {
    (view.materialized ? materialized : views).push_back(view);
  }
  const auto block = +[](const View& view) { return multiline(view.query) || !view.indexes.empty(); };
  put_list(out, "views", views, put_view, block);
  put_list(out, "materialized_views", materialized, put_view, block);
  put_list(out, "enums", schema.enums, put_enum);
  put_list(out, "domains", schema.domains, put_domain, +[](const Domain& domain) { return !domain.checks.empty(); });
  put_list(out, "composite_types", schema.composite_types, put_composite_type,
           +[](const CompositeType&) { return true; });
  put_list(out, "sequences", schema.sequences, put_sequence);
  put_list(out, "functions", schema.functions, [](Map& target, const Function& function) {
    put(target, "name", function.name);
    put(target, "schema", function.schema);
    put_sql(target, "definition", function.definition);
    put(target, "comment", function.comment);
    put_grants(target, function.grants);
  }, +[](const Function& function) { return multiline(function.definition); });
  return text;
}

} // namespace strata::schemas
