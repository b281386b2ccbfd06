// normalize: the canonical form both sides of a PostgreSQL diff pass through (the YAML side and
// the catalog side), so that an unchanged schema never diffs. Pure and idempotent. Each rule is a
// commented step below; expression text goes through expr::canonical (expr.hpp).

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "schemas/error.hpp"
#include "schemas/naming.hpp"

#include <algorithm>

namespace strata::dialects::postgres {

namespace {

using schemas::Column;
using schemas::ColumnType;
using schemas::ForeignKey;
using schemas::Index;
using schemas::Schema;
using schemas::Table;

bool serial_type(const ColumnType& type)
{
  return type.kind == ColumnType::Kind::native &&
         (type.native == "serial" || type.native == "bigserial" || type.native == "smallserial");
}

// Defaults: canonical expression; DEFAULT NULL is no default; a string literal cast to the
// column's own type ('open'::status, '{}'::jsonb) is the literal.
std::optional<std::string> canonical_default(const std::optional<std::string>& value, const std::string& type)
{
  if (!value) {
    return std::nullopt;
  }
  std::string text = expr::canonical(*value);
  if (text.empty() || text == "NULL") {
    return std::nullopt;
  }
  const auto tokens = expr::tokenize(text);
  if (tokens.size() >= 3 && tokens[0].kind == expr::TokenKind::string && tokens[1].kind == expr::TokenKind::cast) {
    const std::string cast = text.substr(text.find("::", tokens[0].text.size()) + 2);
    if (canonical_type_name(cast) == type) {
      text = tokens[0].text;
    }
  }
  return text;
}

std::string canonical_collation(const std::string& collation)
{
  std::string name = collation;
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.rfind("pg_catalog.", 0) == 0) {
    name = name.substr(11);
  }
  return name == "default" ? std::string() : name;
}

std::string canonical_action(const std::string& action)
{
  const std::string text = expr::ascii_lower(action);
  return text.empty() ? "no action" : text;
}

// PostgreSQL's implicit constraint names: "<table>_<column>_<label>", the longer part truncated
// so the whole fits in 63 bytes (NAMEDATALEN - 1), as makeObjectName does.
std::string implicit_name(std::string table, std::string column, const std::string& label)
{
  const size_t limit = 63;
  const size_t overhead = label.size() + 1 + (column.empty() ? 0 : 1);
  while (table.size() + column.size() + overhead > limit) {
    (table.size() > column.size() ? table : column).pop_back();
  }
  return table + (column.empty() ? "" : "_" + column) + "_" + label;
}

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

void normalize_column(const Table& table, Column& column)
{
  try {
    column.type = canonical_column_type(column.type);
  } catch (const Error& e) {
    throw Error(e.kind(), "column " + table.name + "." + column.name + ": " + e.what(), column.location);
  }
  const std::string type_text = format_type(column.type);
  if (column.generated) {
    // PostgreSQL 15 has STORED generated columns only.
    column.generated->expression = expr::canonical(column.generated->expression);
    column.generated->stored = true;
    column.default_value.reset();
  } else if (column.identity || serial_type(column.type)) {
    // Identity and serial columns take their values from their sequence: no default, NOT NULL.
    column.default_value.reset();
    column.nullable = false;
  } else {
    column.default_value = canonical_default(column.default_value, type_text);
  }
  column.collation = canonical_collation(column.collation);
}

void normalize_index(const Table& table, Index& index)
{
  for (auto& key : index.keys) {
    if (key.is_expression()) {
      key.expression = expr::canonical(key.expression);
      // An expression that is a lone column is a column key.
      const auto tokens = expr::tokenize(key.expression);
      if (tokens.size() == 1 && tokens[0].kind != expr::TokenKind::string && tokens[0].kind != expr::TokenKind::number) {
        const std::string name = tokens[0].kind == expr::TokenKind::word ? tokens[0].text : expr::identifier_text(tokens[0]);
        if (table.find_column(name) != nullptr) {
          key.column = name;
          key.expression.clear();
        }
      }
    }
    key.collation = canonical_collation(key.collation);
  }
  index.where = expr::canonical(index.where);
  index.method = expr::ascii_lower(index.method);
  if (index.method == "btree") {
    index.method.clear();
  }
  // A UNIQUE constraint is a unique index.
  index.unique = index.unique || index.constraint;
}

void normalize_foreign_key(const Schema& schema, const Table& table, ForeignKey& fk)
{
  fk.on_delete = canonical_action(fk.on_delete);
  fk.on_update = canonical_action(fk.on_update);
  fk.match = expr::ascii_lower(fk.match);
  if (fk.match == "simple") {
    fk.match.clear();
  }
  fk.deferrable = fk.deferrable || fk.initially_deferred;
  if (fk.references.schema.empty() && !table.schema.empty() && schema.find_table(fk.references) == nullptr &&
      schema.find_table({table.schema, fk.references.name}) != nullptr) {
    fk.references.schema = table.schema; // a bare name inside a schema's table means that schema
  }
  if (fk.ref_columns.empty()) {
    if (const Table* parent = schema.find_table(fk.references)) {
      fk.ref_columns = parent->primary_key;
    }
  }
}

void normalize_table(const Schema& schema, Table& table)
{
  if (table.primary_key_name == implicit_name(table.name, "", "pkey")) {
    table.primary_key_name.clear();
  }
  for (auto& column : table.columns) {
    normalize_column(table, column);
    // Primary-key columns are NOT NULL in PostgreSQL whether written or not.
    if (std::find(table.primary_key.begin(), table.primary_key.end(), column.name) != table.primary_key.end()) {
      column.nullable = false;
    }
  }
  for (auto& index : table.indexes) {
    normalize_index(table, index);
  }
  for (auto& fk : table.foreign_keys) {
    normalize_foreign_key(schema, table, fk);
  }
  // Check names are compared as written: strata creates every check with its name (the YAML
  // loader's "<table>_check[N]" for unnamed ones), and inspect writes the catalog's names.
  for (auto& check : table.checks) {
    check.expression = expr::canonical(check.expression);
  }
  // Triggers need functions, which the model does not hold: not managed on PostgreSQL.
  table.triggers.clear();
  table.options.clear();
  sort_by_name(table.indexes);
  sort_by_name(table.foreign_keys);
  sort_by_name(table.checks);
}

void normalize_sequence(schemas::Sequence& sequence)
{
  sequence.type = sequence.type.empty() ? std::string() : canonical_type_name(sequence.type);
  if (sequence.type == "bigint") {
    sequence.type.clear();
  }
  const long long increment = sequence.increment.value_or(1);
  if (sequence.increment == 1LL) {
    sequence.increment.reset();
  }
  const long long type_max = sequence.type == "integer" ? 2147483647LL
                             : sequence.type == "smallint" ? 32767LL
                                                           : 9223372036854775807LL;
  if (increment > 0) {
    if (sequence.min_value == 1LL) {
      sequence.min_value.reset();
    }
    if (sequence.max_value == type_max) {
      sequence.max_value.reset();
    }
    if (sequence.start == sequence.min_value.value_or(1)) {
      sequence.start.reset();
    }
  } else {
    if (sequence.max_value == -1LL) {
      sequence.max_value.reset();
    }
    if (sequence.min_value == -type_max - 1) {
      sequence.min_value.reset();
    }
    if (sequence.start == sequence.max_value.value_or(-1)) {
      sequence.start.reset();
    }
  }
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
  }
  for (auto& sequence : out.sequences) {
    normalize_sequence(sequence);
  }
  sort_by_qualified(out.tables);
  sort_by_qualified(out.views);
  sort_by_qualified(out.enums);
  sort_by_qualified(out.sequences);
  return out;
}

} // namespace strata::dialects::postgres
