#include "cli/output/definition.hpp"
#include "schemas/operation.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace strata::cli {

using namespace schemas;

// A plain identifier reads as it is; anything else (spaces, dots, upper case) in double quotes
// so that the definition stays unambiguous.
std::string display_identifier(const std::string& name)
{
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front()));
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    plain = plain && (std::islower(u) || std::isdigit(u) || c == '_');
  }
  if (plain) {
    return name;
  }
  std::string out = "\"";
  for (char c : name) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string display_name(const QualifiedName& name)
{
  const std::string base = display_identifier(name.name);
  return name.schema.empty() ? base : display_identifier(name.schema) + "." + base;
}

// Definitions are one line: SQL text (views, triggers, expressions) has its whitespace runs
// folded into single spaces.
std::string one_line(const std::string& text)
{
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

namespace {

std::string literal(const std::string& text)
{
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

std::string names(const std::vector<std::string>& list)
{
  std::string out;
  for (const auto& name : list) {
    out += (out.empty() ? "" : ", ") + display_identifier(name);
  }
  return out;
}

std::string key_text(const IndexKey& key)
{
  std::string out = key.is_expression() ? "(" + one_line(key.expression) + ")" : display_identifier(key.column);
  if (key.length > 0) {
    out += fmt::format("({})", key.length);
  }
  if (!key.collation.empty()) {
    out += " COLLATE " + display_identifier(key.collation);
  }
  if (!key.opclass.empty()) {
    out += " " + key.opclass;
  }
  if (key.descending) {
    out += " DESC";
  }
  if (!key.nulls.empty()) {
    out += key.nulls == "first" ? " NULLS FIRST" : " NULLS LAST";
  }
  if (!key.with.empty()) {
    out += " WITH " + key.with;
  }
  return out;
}

// " WITH (fillfactor=70)", " DEFERRABLE [INITIALLY DEFERRED]", " COMMENT '…'" of an index or key.
std::string index_extras(const Index& index)
{
  std::string out;
  if (!index.with.empty()) {
    out += " WITH (" + storage_definition(index.with) + ")";
  }
  if (index.deferrable || index.initially_deferred) {
    out += index.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  }
  if (!index.comment.empty()) {
    out += " COMMENT " + literal(index.comment);
  }
  return out;
}

} // namespace

std::string enum_definition(const Enum& e)
{
  std::string values;
  for (const auto& value : e.values) {
    values += (values.empty() ? "" : ", ") + literal(value);
  }
  return fmt::format("ENUM {} ({})", display_name(e.qualified()), values);
}

std::string view_definition(const View& view)
{
  const std::string columns = view.columns.empty() ? "" : " (" + names(view.columns) + ")";
  return fmt::format("{} {}{} AS {}{}", view.materialized ? "MATERIALIZED VIEW" : "VIEW", display_name(view.qualified()),
                     columns, one_line(view.query), view.materialized && !view.with_data ? " WITH NO DATA" : "");
}

std::string policy_definition(const schemas::Policy& p)
{
  std::string out = p.permissive ? "" : "AS RESTRICTIVE ";
  out += "FOR " + schemas::ascii_upper(p.command) + " TO ";
  for (size_t i = 0; i < p.roles.size(); ++i) {
    out += (i == 0 ? "" : ", ") + p.roles[i];
  }
  if (!p.using_expression.empty()) {
    out += " USING (" + one_line(p.using_expression) + ")";
  }
  if (!p.check_expression.empty()) {
    out += " WITH CHECK (" + one_line(p.check_expression) + ")";
  }
  return out;
}

std::string row_security_definition(const std::string& state)
{
  return state.empty() ? "disabled" : state;
}

std::string domain_definition(const schemas::Domain& d)
{
  std::string out = "DOMAIN " + display_name(d.qualified()) + " AS " + d.type.str();
  if (!d.collation.empty()) {
    out += " COLLATE " + d.collation;
  }
  if (d.default_value) {
    out += " DEFAULT " + *d.default_value;
  }
  if (!d.nullable) {
    out += " NOT NULL";
  }
  for (const auto& check : d.checks) {
    out += " " + check_definition(check);
  }
  return out;
}

std::string composite_type_definition(const schemas::CompositeType& type)
{
  std::string attributes;
  for (const auto& attribute : type.attributes) {
    attributes += (attributes.empty() ? "" : ", ") + attribute.name + " " + attribute.type.str() +
                  (attribute.collation.empty() ? std::string() : " COLLATE " + attribute.collation);
  }
  return "TYPE " + display_name(type.qualified()) + " AS (" + attributes + ")";
}

std::string virtual_table_definition(const schemas::VirtualTable& table)
{
  return "VIRTUAL TABLE " + table.name + " USING " + table.module + "(" + one_line(table.arguments) + ")";
}

std::string namespace_definition(const schemas::Namespace& n)
{
  std::string out = "SCHEMA " + display_identifier(schemas::shown_namespace(n.name));
  if (!n.comment.empty()) {
    out += " " + comment_definition(n.comment);
  }
  return out;
}

std::string extension_definition(const schemas::Extension& e)
{
  std::string out = "EXTENSION " + e.name;
  if (!e.schema.empty()) {
    out += " SCHEMA " + e.schema;
  }
  if (!e.version.empty()) {
    out += " VERSION " + e.version;
  }
  return out;
}

std::string sequence_definition(const Sequence& s)
{
  std::string out = "SEQUENCE " + display_name(s.qualified());
  if (!s.type.empty()) {
    out += " AS " + s.type;
  }
  auto number = [&](const char* word, const std::optional<long long>& value) {
    if (value) {
      out += fmt::format(" {} {}", word, *value);
    }
  };
  number("START", s.start);
  number("INCREMENT", s.increment);
  number("MINVALUE", s.min_value);
  number("MAXVALUE", s.max_value);
  number("CACHE", s.cache);
  if (s.cycle) {
    out += " CYCLE";
  }
  if (!s.owned_by.empty()) {
    out += " OWNED BY " + s.owned_by;
  }
  return out;
}

std::string primary_key_definition(const std::vector<std::string>& columns, const std::string& name, bool deferrable,
                                   bool initially_deferred)
{
  if (columns.empty()) {
    return "no primary key";
  }
  const std::string constraint = name.empty() ? "" : "CONSTRAINT " + display_identifier(name) + " ";
  return constraint + "PRIMARY KEY (" + names(columns) + ")" +
         (initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : deferrable ? " DEFERRABLE" : "");
}

std::string storage_definition(const std::map<std::string, std::string>& parameters)
{
  std::string out;
  for (const auto& [key, value] : parameters) {
    out += (out.empty() ? "" : ", ") + key + "=" + value;
  }
  return out;
}

std::string options_definition(const std::map<std::string, std::string>& options)
{
  if (options.empty()) {
    return "no table options";
  }
  std::string out;
  for (const auto& [key, value] : options) {
    out += (out.empty() ? "" : ", ") + key + "=" + value;
  }
  return out;
}

std::string versioning_definition(const schemas::SystemVersioning& versioning)
{
  if (!versioning.enabled) {
    return "not system-versioned";
  }
  return versioning.explicit_period() ? fmt::format("WITH SYSTEM VERSIONING (PERIOD FOR SYSTEM_TIME ({}, {}))",
                                                    display_identifier(versioning.row_start),
                                                    display_identifier(versioning.row_end))
                                      : std::string("WITH SYSTEM VERSIONING");
}

std::string partitioning_definition(const Partitioning& partitioning)
{
  return partitioning.empty() ? "not partitioned" : partitioning_clause(partitioning, display_identifier, literal);
}

std::string partition_of_definition(const schemas::PartitionOf& partition_of)
{
  return partition_of.empty() ? "not a partition"
                              : "PARTITION OF " + display_name(partition_of.table) + " " + partition_of.clause();
}

std::string comment_definition(const std::string& comment)
{
  return comment.empty() ? "no comment" : "COMMENT " + literal(comment);
}

std::string column_definition(const Column& column, const std::string& engine)
{
  std::string out = display_identifier(column.name) + " " + column.type.for_engine(engine).str();
  if (!column.collation.empty()) {
    out += " COLLATE " + display_identifier(column.collation);
  }
  if (column.generated) {
    out += fmt::format(" GENERATED ALWAYS AS ({}) {}", one_line(column.generated->expression),
                       column.generated->stored ? "STORED" : "VIRTUAL");
  }
  out += column.nullable ? " NULL" : " NOT NULL";
  if (column.default_value) {
    out += " DEFAULT " + one_line(*column.default_value);
  }
  if (column.identity) {
    out += column.identity_always ? " GENERATED ALWAYS AS IDENTITY" : " IDENTITY";
  }
  if (!column.on_update.empty()) {
    out += " ON UPDATE " + column.on_update;
  }
  if (!column.sequence_type.empty()) {
    out += " SEQUENCE AS " + column.sequence_type;
  }
  if (column.without_versioning) {
    out += " WITHOUT SYSTEM VERSIONING";
  }
  if (!column.comment.empty()) {
    out += " COMMENT " + literal(column.comment);
  }
  return out;
}

std::string index_definition(const Index& index, const QualifiedName& table)
{
  std::string keys;
  for (const auto& key : index.keys) {
    keys += (keys.empty() ? "" : ", ") + key_text(key);
  }
  if (index.exclusion()) {
    return fmt::format("CONSTRAINT {} EXCLUDE USING {} ({}){}{}{}", display_identifier(index.name),
                       index.method.empty() ? "btree" : index.method, keys,
                       index.include.empty() ? "" : " INCLUDE (" + names(index.include) + ")",
                       index.where.empty() ? "" : " WHERE (" + one_line(index.where) + ")", index_extras(index));
  }
  if (index.constraint) {
    return fmt::format("CONSTRAINT {} UNIQUE{} ({}){}", display_identifier(index.name),
                       index.nulls_not_distinct ? " NULLS NOT DISTINCT" : "", keys, index_extras(index));
  }
  std::string out = fmt::format("{}INDEX {} ON {}", index.unique ? "UNIQUE " : "", display_identifier(index.name), display_name(table));
  if (!index.method.empty()) {
    out += " USING " + index.method;
  }
  out += " (" + keys + ")";
  if (!index.include.empty()) {
    out += " INCLUDE (" + names(index.include) + ")";
  }
  if (index.nulls_not_distinct) {
    out += " NULLS NOT DISTINCT";
  }
  if (!index.where.empty()) {
    out += " WHERE " + one_line(index.where);
  }
  return out + index_extras(index);
}

std::string foreign_key_definition(const ForeignKey& fk)
{
  std::string out = fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", display_identifier(fk.name), names(fk.columns),
                                display_name(fk.references), names(fk.ref_columns));
  if (!fk.match.empty()) {
    out += " MATCH " + fk.match;
  }
  if (fk.on_delete != "no action" && !fk.on_delete.empty()) {
    out += " ON DELETE " + fk.on_delete;
  }
  if (fk.on_update != "no action" && !fk.on_update.empty()) {
    out += " ON UPDATE " + fk.on_update;
  }
  if (fk.deferrable) {
    out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  }
  if (fk.not_valid) {
    out += " NOT VALID";
  }
  if (!fk.comment.empty()) {
    out += " COMMENT " + literal(fk.comment);
  }
  return out;
}

std::string check_definition(const Check& check)
{
  return fmt::format("CONSTRAINT {} CHECK ({}){}{}{}", display_identifier(check.name), one_line(check.expression),
                     check.no_inherit ? " NO INHERIT" : "", check.not_valid ? " NOT VALID" : "",
                     check.comment.empty() ? "" : " COMMENT " + literal(check.comment));
}

std::string table_definition(const Table& table, const std::string& engine)
{
  std::string parts;
  auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : ", ") + part; };
  for (const auto& column : table.columns) {
    add(column_definition(column, engine));
  }
  if (!table.primary_key.empty()) {
    add(primary_key_definition(table.primary_key, table.primary_key_name, table.primary_key_deferrable,
                               table.primary_key_initially_deferred));
  }
  for (const auto& index : table.indexes) {
    if (index.constraint) {
      add(index_definition(index, table.qualified()));
    }
  }
  for (const auto& check : table.checks) {
    add(check_definition(check));
  }
  for (const auto& fk : table.foreign_keys) {
    add(foreign_key_definition(fk));
  }
  std::string out = table.partition_of->empty()
                      ? fmt::format("TABLE {} ({})", display_name(table.qualified()), parts)
                      : fmt::format("TABLE {} {}", display_name(table.qualified()), partition_of_definition(table.partition_of));
  if (!table.options.empty()) {
    out += " " + options_definition(table.options);
  }
  if (table.versioning->enabled) {
    out += " " + versioning_definition(table.versioning);
  }
  if (!table.partitioning->empty()) {
    out += " " + partitioning_definition(table.partitioning);
  }
  for (const auto& index : table.indexes) {
    if (!index.constraint) {
      out += "; " + index_definition(index, table.qualified());
    }
  }
  for (const auto& trigger : table.triggers) {
    out += "; TRIGGER " + display_identifier(trigger.name);
  }
  return out;
}

} // namespace strata::cli
