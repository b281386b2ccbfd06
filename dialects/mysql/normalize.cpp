// normalize: the canonical form both sides of a MySQL/MariaDB diff pass through (the YAML side
// and the catalog side), so that an unchanged schema never diffs. Pure and idempotent. Types go
// through canonical_column_type (types.cpp), defaults through canonical_default
// (normalize_defaults.cpp), expressions through expr::canonical; the table-level rules are the
// commented steps below, the index rules in normalize_indexes.cpp.

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/mysql/normalize_parts.hpp"
#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects::mysql {

namespace {

using schemas::Column;
using schemas::ColumnType;
using schemas::Schema;
using schemas::Table;

template <typename T>
void sort_by_name(std::vector<T>& items)
{
  std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

template <typename T>
void sort_by_qualified(std::vector<T>& items)
{
  std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.qualified() < b.qualified(); });
}

// A value list as an inline enum type: enum('a','it''s').
std::string enum_type(const std::vector<std::string>& values)
{
  std::string out = "enum(";
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i > 0 ? "," : "") + quote_literal(values[i]);
  }
  return out + ")";
}

// A YAML `enums:` entry used as a column type is that column's inline ENUM (MySQL has no named
// enum types, capabilities().enum_types is false).
ColumnType resolve_enum(const Schema& schema, const Table& table, const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind != ColumnType::Kind::native) {
    return type;
  }
  const auto dot = resolved.native.find('.');
  const schemas::QualifiedName name = dot == std::string::npos
                                        ? schemas::QualifiedName{table.schema, resolved.native}
                                        : schemas::QualifiedName{resolved.native.substr(0, dot), resolved.native.substr(dot + 1)};
  const schemas::Enum* item = schema.find_enum(name);
  if (item == nullptr && !name.schema.empty()) {
    item = schema.find_enum({"", name.name});
  }
  return item == nullptr ? type : ColumnType::make_native(enum_type(item->values));
}

std::string lower(const std::string& text)
{
  return expr::ascii_lower(text);
}

void normalize_column(const Schema& schema, const Table& table, Column& column)
{
  column.type = canonical_column_type(resolve_enum(schema, table, column.type));
  const std::string type_text = canonical_type_text(format_type(column.type));
  if (column.generated) {
    column.generated->expression = expr::canonical(column.generated->expression);
    column.default_value.reset(); // a generated column has no default
  } else if (column.identity) {
    column.default_value.reset(); // AUTO_INCREMENT supplies the value
  } else {
    column.default_value = canonical_default(column.default_value, type_text);
  }
  column.on_update = column.on_update.empty() ? std::string() : canonical_default(column.on_update, type_text).value_or("");
  column.collation = lower(column.collation);
  // JSON columns carry the utf8mb4_bin collation MariaDB gives them (their longtext underneath).
  if (column.type == ColumnType::make_portable(schemas::PortableKind::json_)) {
    column.collation.clear();
  }
  const auto table_collation = table.options.find("collation");
  if (table_collation != table.options.end() && column.collation == table_collation->second) {
    column.collation.clear(); // the table's own collation is no column option
  }
}

// Table options: lower-case names and values; a collation implies its charset; InnoDB is the
// default engine of both servers (the reader only reports an engine other than the default).
void normalize_options(Table& table)
{
  std::map<std::string, std::string> options;
  for (const auto& [name, value] : table.options) {
    options[lower(name)] = lower(value);
  }
  if (options.count("engine") != 0 && options["engine"] == "innodb") {
    options.erase("engine");
  }
  if (options.count("collation") != 0) {
    options["charset"] = charset_of_collation(options["collation"]);
  }
  table.options = std::move(options);
}

std::string canonical_action(const std::string& action)
{
  const std::string text = lower(action);
  // InnoDB checks NO ACTION immediately: it is RESTRICT (and RESTRICT is what it reports).
  return text.empty() || text == "restrict" ? std::string("no action") : text;
}

void normalize_foreign_key(const Schema& schema, schemas::ForeignKey& fk)
{
  fk.on_delete = canonical_action(fk.on_delete);
  fk.on_update = canonical_action(fk.on_update);
  fk.match.clear(); // InnoDB parses MATCH and ignores it
  fk.deferrable = false;
  fk.initially_deferred = false;
  if (fk.ref_columns.empty()) {
    if (const Table* parent = schema.find_table(fk.references)) {
      fk.ref_columns = parent->primary_key;
    }
  }
}

// MariaDB stores a json column as longtext with CHECK (json_valid(`c`)); that check is the type,
// not a constraint of the model.
bool json_check(const Table& table, const schemas::Check& check)
{
  const auto json = ColumnType::make_portable(schemas::PortableKind::json_);
  for (const auto& column : table.columns) {
    if (column.type == json && (check.expression == "json_valid(" + column.name + ")" ||
                                check.expression == "json_valid(`" + column.name + "`)")) {
      return true;
    }
  }
  return false;
}

void normalize_table(const Schema& schema, Table& table)
{
  table.primary_key_name.clear(); // always PRIMARY
  normalize_options(table);
  for (auto& column : table.columns) {
    normalize_column(schema, table, column);
    // Primary-key columns are NOT NULL whether written or not.
    if (std::find(table.primary_key.begin(), table.primary_key.end(), column.name) != table.primary_key.end()) {
      column.nullable = false;
    }
  }
  for (auto& fk : table.foreign_keys) {
    normalize_foreign_key(schema, fk);
  }
  normalize_indexes(table);
  for (auto& check : table.checks) {
    check.expression = expr::canonical(check.expression);
  }
  table.checks.erase(std::remove_if(table.checks.begin(), table.checks.end(),
                                    [&](const schemas::Check& check) { return json_check(table, check); }),
                     table.checks.end());
  // Triggers are not read from MySQL (not managed yet).
  table.triggers.clear();
  sort_by_name(table.indexes);
  sort_by_name(table.foreign_keys);
  sort_by_name(table.checks);
}

} // namespace

Schema normalize(const Schema& schema)
{
  Schema out = schema;
  for (auto& table : out.tables) {
    normalize_table(schema, table);
  }
  for (auto& view : out.views) {
    view.query = expr::canonical(view.query);
    view.comment.clear(); // MySQL views have no comments
  }
  out.enums.clear();     // inlined into their columns above
  out.sequences.clear(); // not managed on MySQL (capabilities().sequences)
  sort_by_qualified(out.tables);
  sort_by_qualified(out.views);
  return out;
}

} // namespace strata::dialects::mysql
