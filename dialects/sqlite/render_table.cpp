// Table-level SQL pieces: column definitions, CREATE TABLE with its constraints, CREATE INDEX,
// plus the small SQL-text helpers the ALTER questions share.
#include "dialects/sqlite/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"

#include "dialects/sqlite/sql_text.hpp"
#include "dialects/constraint_sql.hpp"
#include "dialects/quoting.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace strata::dialects::sqlite {

namespace {

std::string_view trimmed(std::string_view text)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// True when text is "( ... )" with the first parenthesis closing at the very end.
bool is_parenthesized(std::string_view text)
{
  const auto tokens = tokenize(text);
  if (tokens.size() < 2 || tokens.front().kind != TokenKind::open || tokens.back().kind != TokenKind::close) {
    return false;
  }
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    depth += tokens[i].kind == TokenKind::open ? 1 : tokens[i].kind == TokenKind::close ? -1 : 0;
    if (depth == 0 && i + 1 != tokens.size()) {
      return false;
    }
  }
  return depth == 0;
}

// DEFAULT accepts literals, CURRENT_* and parenthesized expressions; anything else is wrapped.
std::string default_expression(const std::string& text)
{
  const std::string_view t = trimmed(text);
  const std::string l = lex::ascii_lower(t);
  if (is_constant_default(text) || l == "current_timestamp" || l == "current_date" || l == "current_time" ||
      is_parenthesized(t)) {
    return std::string(t);
  }
  return "(" + std::string(t) + ")";
}

std::string foreign_key_clause(const schemas::ForeignKey& fk, const std::string& table)
{
  std::string out = constraint_prefix(fk.name, '"') + "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
                    quote_identifier(fk.references.name);
  if (!fk.ref_columns.empty()) {
    out += " (" + column_list(fk.ref_columns) + ")";
  }
  if (!fk.match.empty()) {
    out += " MATCH " + lex::ascii_lower(fk.match);
  }
  if (const auto action = foreign_key_action(fk.on_delete, "foreign key of table " + table); action != "NO ACTION") {
    out += " ON DELETE " + action;
  }
  if (const auto action = foreign_key_action(fk.on_update, "foreign key of table " + table); action != "NO ACTION") {
    out += " ON UPDATE " + action;
  }
  if (fk.deferrable || fk.initially_deferred) {
    out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE";
  }
  return out;
}

} // namespace

bool table_option(const schemas::Table& table, const std::string& key)
{
  const auto it = table.options.find(key);
  if (it == table.options.end()) {
    return false;
  }
  const std::string value = lex::ascii_lower(trimmed(it->second));
  return value == "true" || value == "1" || value == "yes" || value == "on";
}

std::string qualified(const schemas::QualifiedName& name)
{
  return quote_qualified(name, '"');
}

std::string column_list(const std::vector<std::string>& names)
{
  return quote_list(names, '"');
}

bool is_constant_default(const std::string& text)
{
  auto tokens = tokenize(text);
  if (tokens.size() == 2 && tokens[0].kind == TokenKind::op && (tokens[0].text == "-" || tokens[0].text == "+") &&
      tokens[1].kind == TokenKind::number) {
    return true;
  }
  if (tokens.size() != 1) {
    return false;
  }
  const Token& token = tokens.front();
  const std::string word = lex::ascii_lower(token.text);
  return token.kind == TokenKind::number || token.kind == TokenKind::string || token.kind == TokenKind::blob ||
         (token.kind == TokenKind::word && (word == "null" || word == "true" || word == "false"));
}

bool mentions_identifier(const std::string& text, const std::string& name)
{
  const std::string wanted = lex::ascii_lower(name);
  for (const auto& token : tokenize(text)) {
    if ((token.kind == TokenKind::word || token.kind == TokenKind::quoted_identifier) &&
        lex::ascii_lower(identifier_text(token)) == wanted) {
      return true;
    }
  }
  return false;
}

std::string column_definition(const schemas::Column& column, bool inline_primary_key,
                              const std::string& primary_key_name)
{
  std::string out = quote_identifier(column.name);
  // AUTOINCREMENT is only accepted on a column declared exactly INTEGER PRIMARY KEY (any case).
  std::string type = format_type(column.type);
  if (inline_primary_key && lex::ascii_lower(type) != "integer") {
    type = "INTEGER";
  }
  if (!type.empty()) {
    out += " " + type;
  }
  if (inline_primary_key) {
    out += " " + constraint_prefix(primary_key_name, '"') + "PRIMARY KEY AUTOINCREMENT";
  }
  if (!column.nullable) {
    out += " NOT NULL";
  }
  if (column.default_value && !column.generated) {
    out += " DEFAULT " + default_expression(*column.default_value);
  }
  if (!column.collation.empty()) {
    out += " COLLATE " + quote_identifier(column.collation);
  }
  if (column.generated) {
    out += " GENERATED ALWAYS AS (" + column.generated->expression + ")" +
           (column.generated->stored ? " STORED" : " VIRTUAL");
  }
  return out;
}

std::string create_table_sql(const schemas::Table& table, const schemas::QualifiedName& name)
{
  std::vector<std::string> parts;
  bool pk_inline = false;
  for (const auto& column : table.columns) {
    const bool identity_pk = column.identity && (table.primary_key.empty() ||
                                                 table.primary_key == std::vector<std::string>{column.name});
    if (column.identity && !identity_pk) {
      throw Error(ErrorKind::input, "identity column " + table.name + "." + column.name +
                                      " must be the only primary key column on SQLite");
    }
    pk_inline = pk_inline || identity_pk;
    parts.push_back(column_definition(column, identity_pk, table.primary_key_name));
  }
  if (!pk_inline && !table.primary_key.empty()) {
    parts.push_back(constraint_prefix(table.primary_key_name, '"') + "PRIMARY KEY (" + column_list(table.primary_key) + ")");
  }
  for (const auto& index : table.indexes) {
    if (index.constraint) {
      parts.push_back(constraint_prefix(index.name, '"') + "UNIQUE (" + index_key_list(index, '"') + ")");
    }
  }
  for (const auto& check : table.checks) {
    parts.push_back(constraint_prefix(check.name, '"') + "CHECK (" + check.expression + ")");
  }
  for (const auto& fk : table.foreign_keys) {
    parts.push_back(foreign_key_clause(fk, table.name));
  }
  std::string sql = "CREATE TABLE " + qualified(name) + " (";
  for (size_t i = 0; i < parts.size(); ++i) {
    sql += (i == 0 ? "\n  " : ",\n  ") + parts[i];
  }
  sql += "\n)";
  std::vector<std::string> options;
  if (table_option(table, "without_rowid")) {
    options.emplace_back("WITHOUT ROWID");
  }
  if (table_option(table, "strict")) {
    options.emplace_back("STRICT");
  }
  for (size_t i = 0; i < options.size(); ++i) {
    sql += (i == 0 ? " " : ", ") + options[i];
  }
  return sql;
}

std::string create_index_sql(const schemas::QualifiedName& table, const schemas::Index& index)
{
  std::string sql = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                    qualified({table.schema, index.name}) + " ON " + quote_identifier(table.name) + " (" +
                    index_key_list(index, '"') + ")";
  if (!index.where.empty()) {
    sql += " WHERE " + index.where;
  }
  return sql;
}

std::string trigger_sql(const schemas::Trigger& trigger)
{
  std::string_view text = trimmed(trigger.definition);
  while (!text.empty() && text.back() == ';') {
    text.remove_suffix(1);
    text = trimmed(text);
  }
  return std::string(text);
}

} // namespace strata::dialects::sqlite
