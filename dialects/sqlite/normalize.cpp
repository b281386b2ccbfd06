// normalize: the canonical form both sides of a SQLite diff pass through, so that an unchanged
// schema never diffs. Pure and idempotent. Each rule is one commented step below.

#include "dialects/sqlite/internal.hpp"
#include "dialects/sqlite/sql_text.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::sqlite {

namespace {

using schemas::Column;
using schemas::ColumnType;
using schemas::ForeignKey;
using schemas::Index;
using schemas::Schema;
using schemas::Table;

// Type text: lower case, single spaces, none around '(' ',' ')': "VARCHAR ( 255 )" -> "varchar(255)".
std::string canonical_type_text(const std::string& text)
{
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    const bool punct = c == '(' || c == ')' || c == ',';
    if (pending_space && !punct && out.back() != '(' && out.back() != ',') {
      out += ' ';
    }
    pending_space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool integer_family(const ColumnType& type)
{
  if (type.kind == ColumnType::Kind::portable) {
    using schemas::PortableKind;
    return type.portable == PortableKind::integer_ || type.portable == PortableKind::bigint_ ||
           type.portable == PortableKind::smallint_;
  }
  return type.kind == ColumnType::Kind::native && (type.native == "int" || type.native == "tinyint" ||
                                                   type.native == "mediumint");
}

// Types: per-engine maps resolved for sqlite, then the canonical text parsed again, so that
// "BIGINT" == portable bigint and "VARCHAR(255)" == varchar(255).
ColumnType canonical_type(const ColumnType& type)
{
  return ColumnType::parse(canonical_type_text(format_type(type)));
}

// Built-in collation names upper-case; BINARY is the default and is written as none.
std::string canonical_collation(const std::string& collation)
{
  const std::string upper = ascii_upper(collation);
  if (upper == "BINARY") {
    return {};
  }
  return upper == "NOCASE" || upper == "RTRIM" ? upper : collation;
}

// Defaults: canonical expression text; a lone "double-quoted" default is a string to SQLite;
// DEFAULT NULL is the same as no default.
std::optional<std::string> canonical_default(const std::optional<std::string>& value)
{
  if (!value) {
    return std::nullopt;
  }
  const auto tokens = tokenize(*value);
  std::string text;
  if (tokens.size() == 1 && tokens[0].kind == TokenKind::quoted_identifier && tokens[0].text.front() == '"') {
    std::string literal = "'";
    for (const char c : identifier_text(tokens[0])) {
      literal += c == '\'' ? "''" : std::string(1, c);
    }
    text = literal + "'";
  } else {
    text = canonical_expression(*value);
  }
  if (text.empty() || text == "NULL") {
    return std::nullopt;
  }
  return text;
}

// FK actions: lower case, single spaces; unspecified is "no action" ("restrict" is kept: it differs).
std::string canonical_action(const std::string& action)
{
  const std::string text = canonical_type_text(action);
  return text.empty() ? "no action" : text;
}

// The default schema "main" is written as empty.
std::string canonical_schema(const std::string& schema)
{
  return ascii_lower(schema) == "main" ? std::string() : schema;
}

template <typename T>
void sort_by_name(std::vector<T>& items)
{
  std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

void normalize_column(const Table& table, Column& column)
{
  const bool sole_key = table.primary_key.size() == 1 && table.primary_key[0] == column.name;
  try {
    column.type = canonical_type(column.type);
  } catch (const Error& e) {
    throw Error(e.kind(), "column " + table.name + "." + column.name + ": " + e.what(), column.location);
  }
  // Identity is AUTOINCREMENT, which SQLite allows only on INTEGER PRIMARY KEY: the type is integer.
  if (column.identity && sole_key && integer_family(column.type)) {
    column.type = ColumnType::make_portable(schemas::PortableKind::integer_);
  }
  // Primary-key columns keep their declared nullability: SQLite records NOT NULL only when it is
  // written (an INTEGER PRIMARY KEY without it reports notnull = 0), and the catalog is the truth.
  // Generated columns have no default; the expression is canonical text.
  if (column.generated) {
    column.generated->expression = canonical_expression(column.generated->expression);
    column.default_value.reset();
  } else {
    column.default_value = canonical_default(column.default_value);
  }
  column.collation = canonical_collation(column.collation);
  // SQLite stores no comments.
  column.comment.clear();
}

void normalize_index(Index& index)
{
  for (auto& key : index.keys) {
    key.expression = canonical_expression(key.expression);
    key.collation = canonical_collation(key.collation);
  }
  // Partial-index predicates are canonical expressions.
  index.where = canonical_expression(index.where);
  // SQLite has one index method and no INCLUDE columns.
  index.method.clear();
  index.include.clear();
}

void normalize_foreign_key(const Schema& schema, ForeignKey& fk)
{
  fk.on_delete = canonical_action(fk.on_delete);
  fk.on_update = canonical_action(fk.on_update);
  // SQLite parses but ignores MATCH.
  fk.match.clear();
  // INITIALLY DEFERRED implies DEFERRABLE.
  fk.deferrable = fk.deferrable || fk.initially_deferred;
  fk.references.schema = canonical_schema(fk.references.schema);
  // No referenced columns means the parent's primary key.
  if (fk.ref_columns.empty()) {
    if (const Table* parent = schema.find_table(fk.references)) {
      fk.ref_columns = parent->primary_key;
    }
  }
}

void normalize_table(const Schema& schema, Table& table)
{
  table.schema = canonical_schema(table.schema);
  table.comment.clear();
  // SQLite never addresses a primary key by name.
  table.primary_key_name.clear();
  // An identity column of a table without a primary key is its INTEGER PRIMARY KEY AUTOINCREMENT.
  if (table.primary_key.empty()) {
    const auto identity = std::find_if(table.columns.begin(), table.columns.end(), [](const Column& c) { return c.identity; });
    if (identity != table.columns.end()) {
      table.primary_key = {identity->name};
    }
  }
  for (auto& column : table.columns) {
    normalize_column(table, column);
  }
  for (auto& index : table.indexes) {
    normalize_index(index);
  }
  for (auto& fk : table.foreign_keys) {
    normalize_foreign_key(schema, fk);
  }
  for (auto& check : table.checks) {
    check.expression = canonical_expression(check.expression);
  }
  for (auto& trigger : table.triggers) {
    trigger.definition = canonical_expression(trigger.definition);
  }
  // Table options: lower-case keys and values; only "true" flags (without_rowid, strict) matter.
  std::map<std::string, std::string> options;
  for (const auto& [key, value] : table.options) {
    const std::string v = ascii_lower(value);
    if (v == "true") {
      options[ascii_lower(key)] = v;
    }
  }
  table.options = std::move(options);
  // Constraint and index order carries no meaning: sorted by name.
  sort_by_name(table.indexes);
  sort_by_name(table.foreign_keys);
  sort_by_name(table.checks);
  sort_by_name(table.triggers);
}

} // namespace

Schema normalize(const Schema& schema)
{
  Schema out = schema;
  // SQLite has no enum types and no sequences.
  out.enums.clear();
  out.sequences.clear();
  for (auto& table : out.tables) {
    normalize_table(schema, table);
  }
  for (auto& view : out.views) {
    view.schema = canonical_schema(view.schema);
    view.query = canonical_expression(view.query);
    view.comment.clear();
  }
  // Table and view order carries no meaning: sorted by name.
  sort_by_name(out.tables);
  sort_by_name(out.views);
  return out;
}

} // namespace strata::dialects::sqlite
