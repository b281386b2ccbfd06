// normalize: SQLite's hooks of the one normalisation walk (dialects/normal_form.hpp): its
// canonical types, defaults and collations, and what it cannot store. Each rule is one commented
// step below.

#include "dialects/normal_form.hpp"
#include "dialects/remembered.hpp"
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
  thread_local std::unordered_map<std::string, ColumnType> memory; // thousands of columns, a few types
  const std::string text = format_type(type);
  return remembered(memory, text, [&] { return ColumnType::parse(canonical_type_text(text)); });
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
std::optional<std::string> spelled_default(const std::string& value)
{
  const auto tokens = tokenize(value);
  std::string text;
  if (tokens.size() == 1 && tokens[0].kind == TokenKind::quoted_identifier && tokens[0].text.front() == '"') {
    std::string literal = "'";
    for (const char c : identifier_text(tokens[0])) {
      literal += c == '\'' ? "''" : std::string(1, c);
    }
    text = literal + "'";
  } else {
    text = canonical_expression(value);
  }
  if (text.empty() || text == "NULL") {
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> canonical_default(const std::optional<std::string>& value)
{
  if (!value) {
    return std::nullopt;
  }
  thread_local std::unordered_map<std::string, std::optional<std::string>> memory; // a few defaults, many columns
  return remembered(memory, *value, [&] { return spelled_default(*value); });
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


// Why a virtual table's module arguments cannot go between the parentheses of CREATE VIRTUAL
// TABLE ... USING module(...) as they are (empty when they can): they must not close the list,
// end the statement or leave a quote or comment open.
std::string bad_module_arguments(const std::string& arguments)
{
  const auto tokens = lex::tokenize(arguments, syntax());
  if (tokens.error) {
    return "leave a quote or comment open: " + tokens.error->message;
  }
  int depth = 0;
  for (const auto& token : tokens.tokens) {
    if (token.kind == lex::TokenKind::terminator) {
      return "hold a ';' outside quotes";
    }
    depth += token.is('(') ? 1 : (token.is(')') ? -1 : 0);
    if (depth < 0) {
      return "close a parenthesis they did not open";
    }
  }
  return depth == 0 ? std::string() : std::string("leave a parenthesis open");
}

class SqliteNormalForm final : public NormalForm {
protected:
  std::string expression(const std::string& text) const override
  {
    return remembered_expression(text, [&] { return canonical_expression(text); });
  }
  ColumnType type(const Schema&, const Table&, const ColumnType& type) const override { return canonical_type(type); }

  std::optional<std::string> default_value(const std::optional<std::string>& value, const ColumnType&) const override
  {
    return canonical_default(value);
  }

  std::string collation(const std::string& collation) const override { return canonical_collation(collation); }
  std::string action(const std::string& action) const override { return canonical_action(action); }

  // Primary-key columns keep their declared nullability: SQLite records NOT NULL only when it is
  // written (an INTEGER PRIMARY KEY without it reports notnull = 0), and the catalog is the truth.
  bool key_columns_not_null() const override { return false; }

  void table(const Schema&, Table& table) const override
  {
    table.schema = canonical_schema(table.schema);
    table.comment.clear();
    // SQLite never addresses a primary key by name.
    table.primary_key_name.clear();
    // An identity column of a table without a primary key is its INTEGER PRIMARY KEY AUTOINCREMENT.
    if (table.primary_key.empty()) {
      const auto identity =
        std::find_if(table.columns.begin(), table.columns.end(), [](const Column& c) { return c.identity; });
      if (identity != table.columns.end()) {
        table.primary_key = {identity->name};
      }
    }
    // Table options: lower-case keys and values; only "true" flags (without_rowid, strict) matter,
    // and PostgreSQL's (unlogged, storage parameters) are not SQLite's.
    std::map<std::string, std::string> options;
    for (const auto& [key, value] : table.options) {
      const std::string v = ascii_lower(value);
      if (v == "true" && !postgres_table_option(ascii_lower(key))) {
        options[ascii_lower(key)] = v;
      }
    }
    table.options = std::move(options);
  }

  void column(const Schema&, const Table& table, Column& column) const override
  {
    // Identity is AUTOINCREMENT, which SQLite allows only on INTEGER PRIMARY KEY: the type is integer.
    const bool sole_key = table.primary_key.size() == 1 && table.primary_key[0] == column.name;
    if (column.identity && sole_key && integer_family(column.type)) {
      column.type = ColumnType::make_portable(schemas::PortableKind::integer_);
    }
    // SQLite stores no comments.
    column.comment.clear();
  }

  void index(const Table& table, Index& index) const override
  {
    if (index.exclusion()) {
      throw Error(ErrorKind::input,
                  "table " + table.name + ": EXCLUDE constraint " + index.name + " is PostgreSQL's (SQLite has none)",
                  index.location);
    }
    // SQLite has one index method, no INCLUDE columns, operator classes or NULLS NOT DISTINCT;
    // NULLS FIRST / LAST it parses but does not store.
    index.method.clear();
    index.include.clear();
    index.nulls_not_distinct = false;
    for (auto& key : index.keys) {
      key.nulls.clear();
      key.opclass.clear();
    }
  }

  void foreign_key(const Schema&, const Table&, ForeignKey& fk) const override
  {
    // SQLite parses but ignores MATCH.
    fk.match.clear();
    fk.references.schema = canonical_schema(fk.references.schema);
  }

  void view(schemas::View& view) const override
  {
    view.schema = canonical_schema(view.schema);
    view.comment.clear();
    view.column_comments.clear();
    view.options.clear(); // MySQL's view options (security, algorithm, charset)
  }

  // Compared by declaration: the module in any case, the arguments with canonical spacing.
  void virtual_table(schemas::VirtualTable& table) const override
  {
    if (const std::string why = bad_module_arguments(table.arguments); !why.empty()) {
      throw Error(ErrorKind::input, "virtual table " + table.name + ": `arguments` " + why, table.location);
    }
    table.module = ascii_lower(table.module);
    table.arguments = canonical_module_arguments(table.arguments);
  }

  // SQLite has no enum types and no sequences.
  void objects(Schema& schema) const override
  {
    schema.enums.clear();
    schema.sequences.clear();
    refuse_functions(schema, "SQLite has no SQL-defined functions (the application registers them)");
    schema.extensions.clear(); // PostgreSQL's
    schema.domains.clear();    // PostgreSQL's
  }
};

} // namespace

Schema normalize(const Schema& schema)
{
  return SqliteNormalForm{}.normalize(schema);
}

void normalize_in_place(Schema& schema)
{
  SqliteNormalForm{}.normalize_in_place(schema);
}

bool is_normal(Schema& schema)
{
  return SqliteNormalForm{}.is_normal(schema);
}

} // namespace strata::dialects::sqlite
