// Schema -> YAML text with a fixed key order. Short entries are written as flow maps on one line;
// yaml-cpp's Emitter chooses the quoting of every string, and defaults are always double-quoted so
// that "0" stays SQL text.

#include "schemas/yaml.hpp"

#include <yaml-cpp/yaml.h>

namespace strata::schemas {

namespace {

constexpr size_t k_flow_limit = 100; // longest entry, in characters, written as a one-line flow map

// Writes the map that `fill` produces as a flow map when it is short (and holds no multi-line SQL),
// as a block map otherwise.
template <typename Fill>
void entry(YAML::Emitter& out, Fill fill, bool force_block)
{
  bool flow = false;
  if (!force_block) {
    YAML::Emitter probe;
    probe << YAML::Flow;
    fill(probe);
    flow = probe.good() && probe.size() <= k_flow_limit;
  }
  out << (flow ? YAML::Flow : YAML::Block);
  fill(out);
}

void put(YAML::Emitter& out, const char* key, const std::string& value)
{
  if (!value.empty()) {
    out << YAML::Key << key << YAML::Value << value;
  }
}

bool multiline(const std::string& text)
{
  return text.find('\n') != std::string::npos;
}

// True when `text` written as a literal block scalar (|) reads back unchanged.
bool literal_round_trips(const std::string& text)
{
  YAML::Emitter probe;
  // A key after the block: a literal at the very end of a document reads back differently.
  probe << YAML::BeginMap << YAML::Key << "k" << YAML::Value << YAML::Literal << text;
  probe << YAML::Key << "z" << YAML::Value << 0 << YAML::EndMap;
  if (!probe.good()) {
    return false;
  }
  try {
    const YAML::Node node = YAML::Load(probe.c_str());
    return node["k"].IsScalar() && node["k"].Scalar() == text;
  } catch (const YAML::Exception&) {
    return false;
  }
}

// SQL text (queries, trigger definitions, check expressions): multi-line text is written as a
// literal block when that reads back unchanged. Only used in entries written in block style.
void put_sql(YAML::Emitter& out, const char* key, const std::string& value)
{
  if (multiline(value) && literal_round_trips(value)) {
    out << YAML::Key << key << YAML::Value << YAML::Literal << value;
  } else {
    put(out, key, value);
  }
}

void put(YAML::Emitter& out, const char* key, bool value)
{
  if (value) {
    out << YAML::Key << key << YAML::Value << true;
  }
}

void put(YAML::Emitter& out, const char* key, const std::optional<long long>& value)
{
  if (value) {
    out << YAML::Key << key << YAML::Value << *value;
  }
}

void put(YAML::Emitter& out, const char* key, const std::vector<std::string>& values)
{
  if (!values.empty()) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& value : values) {
      out << value;
    }
    out << YAML::EndSeq;
  }
}

void put_type(YAML::Emitter& out, const ColumnType& type)
{
  out << YAML::Key << "type" << YAML::Value;
  if (type.kind != ColumnType::Kind::per_engine) {
    out << type.str();
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  for (const auto& [engine, text] : type.per_engine) {
    out << YAML::Key << engine << YAML::Value << text;
  }
  out << YAML::EndMap;
}

void put_sequence_options(YAML::Emitter& out, const SequenceOptions& options)
{
  put(out, "start", options.start);
  put(out, "increment", options.increment);
  put(out, "min_value", options.min_value);
  put(out, "max_value", options.max_value);
  put(out, "cache", options.cache);
  put(out, "cycle", options.cycle);
}

void put_column(YAML::Emitter& out, const Column& column)
{
  out << YAML::BeginMap;
  put(out, "name", column.name);
  put_type(out, column.type);
  if (!column.nullable) {
    out << YAML::Key << "nullable" << YAML::Value << false;
  }
  if (column.default_value) {
    out << YAML::Key << "default" << YAML::Value << YAML::DoubleQuoted << *column.default_value;
  }
  if (column.identity && column.identity_options) {
    out << YAML::Key << "identity" << YAML::Value << YAML::Flow << YAML::BeginMap;
    put(out, "always", column.identity_always);
    put_sequence_options(out, *column.identity_options);
    out << YAML::EndMap;
  } else if (column.identity && column.identity_always) {
    out << YAML::Key << "identity" << YAML::Value << "always";
  } else {
    put(out, "identity", column.identity);
  }
  if (column.generated) {
    out << YAML::Key << "generated" << YAML::Value;
    if (column.generated->stored) {
      out << YAML::Flow << YAML::BeginMap;
      put(out, "expression", column.generated->expression);
      put(out, "stored", true);
      out << YAML::EndMap;
    } else {
      out << column.generated->expression;
    }
  }
  put(out, "collation", column.collation);
  put(out, "comment", column.comment);
  put(out, "on_update", column.on_update);
  put(out, "sequence_type", column.sequence_type);
  if (column.without_versioning) {
    out << YAML::Key << "system_versioning" << YAML::Value << false;
  }
  put(out, "renamed_from", column.renamed_from);
  out << YAML::EndMap;
}

bool plain_key(const IndexKey& key)
{
  return !key.descending && key.collation.empty() && key.length == 0 && key.nulls.empty() && key.opclass.empty() &&
         key.with.empty();
}

void put_index_keys(YAML::Emitter& out, const Index& index)
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
  out << YAML::Key << "columns" << YAML::Value << YAML::BeginSeq;
  for (const auto& key : index.keys) {
    if (plain_key(key) && !key.is_expression()) {
      out << key.column;
      continue;
    }
    out << YAML::Flow << YAML::BeginMap;
    put(out, key.is_expression() ? "expression" : "column", key.is_expression() ? key.expression : key.column);
    put(out, "desc", key.descending);
    put(out, "nulls", key.nulls);
    put(out, "collate", key.collation);
    put(out, "opclass", key.opclass);
    if (key.length != 0) {
      out << YAML::Key << "length" << YAML::Value << key.length;
    }
    put(out, "with", key.with);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void put_index(YAML::Emitter& out, const Index& index)
{
  out << YAML::BeginMap;
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
  if (!index.with.empty()) {
    out << YAML::Key << "with" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, value] : index.with) {
      out << YAML::Key << name << YAML::Value << value;
    }
    out << YAML::EndMap;
  }
  put(out, "invisible", index.invisible);
  put(out, "comment", index.comment);
  out << YAML::EndMap;
}

void put_foreign_key(YAML::Emitter& out, const ForeignKey& fk)
{
  out << YAML::BeginMap;
  put(out, "name", fk.name);
  put(out, "columns", fk.columns);
  out << YAML::Key << "references" << YAML::Value << YAML::Flow << YAML::BeginMap;
  put(out, "table", fk.references.name);
  put(out, "schema", fk.references.schema);
  put(out, "columns", fk.ref_columns);
  out << YAML::EndMap;
  put(out, "on_delete", fk.on_delete == "no action" ? std::string() : fk.on_delete);
  put(out, "on_update", fk.on_update == "no action" ? std::string() : fk.on_update);
  put(out, "deferrable", fk.deferrable);
  put(out, "initially_deferred", fk.initially_deferred);
  put(out, "match", fk.match);
  put(out, "not_valid", fk.not_valid);
  put(out, "comment", fk.comment);
  out << YAML::EndMap;
}

void put_primary_key(YAML::Emitter& out, const Table& table)
{
  if (table.primary_key.empty() && table.primary_key_name.empty()) {
    return;
  }
  if (table.primary_key_name.empty() && !table.primary_key_deferrable && !table.primary_key_initially_deferred &&
      table.primary_key_comment.empty()) {
    put(out, "primary_key", table.primary_key);
    return;
  }
  out << YAML::Key << "primary_key" << YAML::Value << YAML::Flow << YAML::BeginMap;
  put(out, "name", table.primary_key_name);
  put(out, "columns", table.primary_key);
  put(out, "deferrable", table.primary_key_deferrable);
  put(out, "initially_deferred", table.primary_key_initially_deferred);
  put(out, "comment", table.primary_key_comment);
  out << YAML::EndMap;
}

// A list under key whose items each go through `entry`; `block` says which must be block maps.
template <typename T, typename Put>
void put_list(YAML::Emitter& out, const char* key, const std::vector<T>& items, Put put_item,
              bool (*block)(const T&) = nullptr)
{
  if (items.empty()) {
    return;
  }
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& item : items) {
    entry(out, [&](YAML::Emitter& target) { put_item(target, item); }, block != nullptr && block(item));
  }
  out << YAML::EndSeq;
}

// `grants:` one entry per role and grant option: {role, privileges: [...], with_grant_option}.
void put_grants(YAML::Emitter& out, const std::vector<Grant>& grants)
{
  put_list(out, "grants", grants, [](YAML::Emitter& target, const Grant& grant) {
    target << YAML::BeginMap;
    put(target, "role", grant.role);
    put(target, "privileges", grant.privileges);
    put(target, "with_grant_option", grant.with_grant_option);
    target << YAML::EndMap;
  });
}

// `options: {name: value, ...}` on one line (tables and views), nothing when there is none; the
// same under another key (a view's `column_comments`).
void put_options(YAML::Emitter& out, const std::map<std::string, std::string>& options, const char* key = "options")
{
  if (options.empty()) {
    return;
  }
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [name, value] : options) {
    out << YAML::Key << name << YAML::Value << value;
  }
  out << YAML::EndMap;
}

std::optional<long long> positive(int value)
{
  return value > 0 ? std::optional<long long>(value) : std::nullopt;
}

// `partition:` (MySQL/MariaDB, PostgreSQL), each partition on one line.
void put_partitioning(YAML::Emitter& out, const Partitioning& p)
{
  if (p.empty()) {
    return;
  }
  out << YAML::Key << "partition" << YAML::Value << YAML::BeginMap;
  put(out, "by", p.method);
  put(out, "columns", p.columns);
  put_sql(out, "expression", p.expression);
  put(out, "count", positive(p.count));
  put(out, "subpartition_by", p.sub_method);
  put_sql(out, "subpartition_expression", p.sub_expression);
  put(out, "subpartitions", positive(p.sub_count));
  put_list(out, "partitions", p.partitions, [](YAML::Emitter& target, const Partition& partition) {
    target << YAML::BeginMap;
    put(target, "name", partition.name);
    put(target, "values", partition.values);
    put(target, "comment", partition.comment);
    target << YAML::EndMap;
  });
  out << YAML::EndMap;
}

// `system_versioning: true` (MariaDB's implicit form) or `{row_start, row_end}` on one line.
void put_versioning(YAML::Emitter& out, const SystemVersioning& v)
{
  if (!v.enabled) {
    return;
  }
  out << YAML::Key << "system_versioning" << YAML::Value;
  if (!v.explicit_period()) {
    out << true;
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  put(out, "row_start", v.row_start);
  put(out, "row_end", v.row_end);
  out << YAML::EndMap;
}

// `partition_of: {table, schema, bound | default: true}` (PostgreSQL), on one line.
void put_partition_of(YAML::Emitter& out, const PartitionOf& p)
{
  if (p.empty()) {
    return;
  }
  out << YAML::Key << "partition_of" << YAML::Value << YAML::Flow << YAML::BeginMap;
  put(out, "table", p.table.name);
  put(out, "schema", p.table.schema);
  put(out, "bound", p.bound);
  put(out, "default", p.is_default);
  out << YAML::EndMap;
}

void put_checks(YAML::Emitter& out, const std::vector<Check>& checks)
{
  put_list(out, "checks", checks, [](YAML::Emitter& target, const Check& check) {
    target << YAML::BeginMap;
    put(target, "name", check.name);
    put_sql(target, "expression", check.expression);
    put(target, "no_inherit", check.no_inherit);
    put(target, "not_valid", check.not_valid);
    put(target, "comment", check.comment);
    target << YAML::EndMap;
  }, +[](const Check& check) { return multiline(check.expression); });
}

// Triggers and rules: name, whole definition, comment.
template <typename Member>
void put_definitions(YAML::Emitter& out, const char* key, const std::vector<Member>& members)
{
  put_list(out, key, members, [](YAML::Emitter& target, const Member& member) {
    target << YAML::BeginMap;
    put(target, "name", member.name);
    put_sql(target, "definition", member.definition);
    put(target, "comment", member.comment);
    target << YAML::EndMap;
  }, +[](const Member& member) { return multiline(member.definition); });
}

void put_table(YAML::Emitter& out, const Table& table)
{
  out << YAML::BeginMap;
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
  put_options(out, table.options);
  put_partitioning(out, table.partitioning);
  put_versioning(out, table.versioning);
  put(out, "row_level_security", table.row_security);
  put_list(out, "policies", table.policies, [](YAML::Emitter& target, const Policy& policy) {
    target << YAML::BeginMap;
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
    target << YAML::EndMap;
  }, +[](const Policy& policy) { return multiline(policy.using_expression) || multiline(policy.check_expression); });
  put_definitions(out, "rules", table.rules);
  put_grants(out, table.grants);
  put(out, "renamed_from", table.renamed_from);
  out << YAML::EndMap;
}

void put_view(YAML::Emitter& out, const View& view)
{
  out << YAML::BeginMap;
  put(out, "name", view.name);
  put(out, "schema", view.schema);
  put_sql(out, "query", view.query);
  put(out, "columns", view.columns);
  put(out, "comment", view.comment);
  put_options(out, view.column_comments, "column_comments");
  put_options(out, view.options);
  if (view.materialized && !view.with_data) {
    out << YAML::Key << "with_data" << YAML::Value << false;
  }
  put_list(out, "indexes", view.indexes, put_index);
  put_definitions(out, "rules", view.rules);
  put_grants(out, view.grants);
  out << YAML::EndMap;
}

void put_enum(YAML::Emitter& out, const Enum& item)
{
  out << YAML::BeginMap;
  put(out, "name", item.name);
  put(out, "schema", item.schema);
  put(out, "values", item.values);
  put(out, "comment", item.comment);
  out << YAML::EndMap;
}

void put_domain(YAML::Emitter& out, const Domain& domain)
{
  out << YAML::BeginMap;
  put(out, "name", domain.name);
  put(out, "schema", domain.schema);
  put_type(out, domain.type);
  if (domain.default_value) {
    out << YAML::Key << "default" << YAML::Value << YAML::DoubleQuoted << *domain.default_value;
  }
  if (!domain.nullable) {
    out << YAML::Key << "nullable" << YAML::Value << false;
  }
  put(out, "collation", domain.collation);
  put_checks(out, domain.checks);
  put(out, "comment", domain.comment);
  out << YAML::EndMap;
}

// attributes: one flow map per attribute ({name: street, type: text, collation: C, comment: ...}).
void put_composite_type(YAML::Emitter& out, const CompositeType& type)
{
  out << YAML::BeginMap;
  put(out, "name", type.name);
  put(out, "schema", type.schema);
  out << YAML::Key << "attributes" << YAML::Value << YAML::BeginSeq;
  for (const auto& attribute : type.attributes) {
    out << YAML::Flow << YAML::BeginMap;
    put(out, "name", attribute.name);
    put_type(out, attribute.type);
    put(out, "collation", attribute.collation);
    put(out, "comment", attribute.comment);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  put(out, "comment", type.comment);
  out << YAML::EndMap;
}

void put_sequence(YAML::Emitter& out, const Sequence& sequence)
{
  out << YAML::BeginMap;
  put(out, "name", sequence.name);
  put(out, "schema", sequence.schema);
  put(out, "type", sequence.type);
  put_sequence_options(out, sequence);
  put(out, "owned_by", sequence.owned_by);
  put(out, "comment", sequence.comment);
  put_grants(out, sequence.grants);
  out << YAML::EndMap;
}

} // namespace

std::string write_yaml(const Schema& schema, const std::string& default_schema)
{
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << 1;
  if (schema.privileges_managed) {
    out << YAML::Key << "privileges" << YAML::Value << "managed";
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
  put_list(out, "schemas", namespaces, [](YAML::Emitter& target, const Namespace& item) {
    if (item.comment.empty() && item.grants.empty()) {
      target << item.name;
      return;
    }
    target << YAML::BeginMap;
    put(target, "name", item.name);
    put(target, "comment", item.comment);
    put_grants(target, item.grants);
    target << YAML::EndMap;
  });
  put_list(out, "extensions", schema.extensions, [](YAML::Emitter& target, const Extension& extension) {
    target << YAML::BeginMap;
    put(target, "name", extension.name);
    put(target, "schema", extension.schema);
    put(target, "version", extension.version);
    target << YAML::EndMap;
  });
  if (!schema.tables.empty()) {
    out << YAML::Key << "tables" << YAML::Value << YAML::BeginSeq;
    for (const auto& table : schema.tables) {
      out << YAML::Block;
      put_table(out, table);
    }
    out << YAML::EndSeq;
  }
  put_list(out, "virtual_tables", schema.virtual_tables, [](YAML::Emitter& target, const VirtualTable& table) {
    target << YAML::BeginMap;
    put(target, "name", table.name);
    put(target, "using", table.module);
    put_sql(target, "arguments", table.arguments);
    target << YAML::EndMap;
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
  put_list(out, "functions", schema.functions, [](YAML::Emitter& target, const Function& function) {
    target << YAML::BeginMap;
    put(target, "name", function.name);
    put(target, "schema", function.schema);
    put_sql(target, "definition", function.definition);
    put(target, "comment", function.comment);
    put_grants(target, function.grants);
    target << YAML::EndMap;
  }, +[](const Function& function) { return multiline(function.definition); });
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

} // namespace strata::schemas
