// Columns: definitions for CREATE TABLE / ADD COLUMN, and ALTER COLUMN for every kind of change
// (type with a USING cast, NOT NULL through a validated check, defaults, identity, generated
// expressions, collation, comments).
#include "dialects/postgres/render_parts.hpp"

#include "dialects/constraint_sql.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <cctype>

namespace strata::dialects::postgres {

namespace {

std::string alter_column(const schemas::QualifiedName& table, const std::string& column)
{
  return alter_table(table) + "ALTER COLUMN " + quote_identifier(column) + " ";
}

std::string collate_clause(const std::string& collation)
{
  return collation.empty() ? std::string() : " COLLATE " + quote_identifier(collation);
}

Statement column_comment(const schemas::QualifiedName& table, const schemas::Column& column)
{
  return comment_on_column(table, column.name, column.comment);
}

// SET NOT NULL on a table with rows without holding ACCESS EXCLUSIVE during the scan: a NOT VALID
// check is validated under SHARE UPDATE EXCLUSIVE, after which SET NOT NULL (PostgreSQL 12+)
// trusts it and skips its own scan. Each step commits on its own (no_transaction); the first one
// makes a re-run after a failed validation start clean.
void set_not_null_low_lock(const schemas::QualifiedName& table, const std::string& column, Statements& out)
{
  const std::string check = quote_identifier(derived_name(column, "_strata_not_null"));
  out.push_back(statement(alter_table(table) + "DROP CONSTRAINT IF EXISTS " + check, true));
  out.push_back(statement(alter_table(table) + "ADD CONSTRAINT " + check + " CHECK (" + quote_identifier(column) +
                            " IS NOT NULL) NOT VALID",
                          true, "NOT NULL through a validated check: no long ACCESS EXCLUSIVE scan"));
  out.push_back(statement(alter_table(table) + "VALIDATE CONSTRAINT " + check, true));
  out.push_back(statement(alter_column(table, column) + "SET NOT NULL", true));
  out.push_back(statement(alter_table(table) + "DROP CONSTRAINT " + check, true));
}

// serial/bigserial/smallserial are CREATE TABLE shorthands, not types: ALTER COLUMN TYPE takes
// the integer type underneath. Empty when `type` is not one of them.
std::string serial_integer(const std::string& type)
{
  std::string lower;
  for (char c : type) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == "smallserial" || lower == "serial2") {
    return "smallint";
  }
  if (lower == "serial" || lower == "serial4") {
    return "integer";
  }
  if (lower == "bigserial" || lower == "serial8") {
    return "bigint";
  }
  return {};
}

// The integer type of the sequence a serial column owns (its `sequence_type`, else the one
// PostgreSQL gives the serial type); empty for any other column.
std::string sequence_integer(const schemas::Column& column)
{
  const std::string serial = serial_integer(type_sql(column.type));
  return serial.empty() || column.sequence_type.empty() ? serial : column.sequence_type.str();
}

// The owned sequence of a serial column takes `integer` as its type (its MAXVALUE follows the
// type), so the catalog equals a fresh serial column of that size, or the sequence the YAML
// names. The sequence keeps the name it got at creation even after table renames, so it is
// looked up with pg_get_serial_sequence.
Statement set_serial_sequence_type(const schemas::QualifiedName& table, const std::string& column,
                                   const std::string& integer)
{
  return statement("DO $strata$ BEGIN EXECUTE format('ALTER SEQUENCE %s AS " + integer +
                     "', pg_get_serial_sequence(" + quote_literal(quote_name(table)) + ", " + quote_literal(column) +
                     ")); END $strata$",
                   false, "the owned sequence of serial column " + column + " is " + integer);
}

// The USING expression of a type change. PostgreSQL has no cast between two enum types (nor from
// an enum to most types), but every enum has I/O casts to and from text: an enum on either side
// goes through text (text[] for arrays).
std::string using_cast(const std::string& column, const schemas::Column& before, const schemas::Column& after,
                       const std::string& type, const RenderContext& ctx)
{
  bool before_array = false;
  bool after_array = false;
  const bool before_enum = column_uses_known_enum(before, ctx, &before_array);
  const bool after_enum = column_uses_known_enum(after, ctx, &after_array);
  if (!before_enum && !after_enum) {
    return column + "::" + type;
  }
  return column + "::text" + (before_array ? "[]" : "") + "::" + type;
}

// A type change between two built-in types with no cast (integer -> inet) would fail at apply,
// even on an empty table: refused at plan time, at the column's YAML line. The change back in a
// down file (to a column read from the database, jsonb -> integer undone) goes through the text
// form instead, which the values the up file converted read back from: true then.
bool refuse_missing_cast(const schemas::AlterColumn& op, const std::string& before, const std::string& after)
{
  const auto problem = missing_cast(before, after);
  if (!problem) {
    return false;
  }
  if (op.after.location.file.empty()) {
    return true;
  }
  throw SchemaError({{op.after.location,
                      fmt::format("column {}.{}: the type changes from {} to {}, but {}, so ALTER COLUMN ... TYPE "
                                  "{} USING {}::{} fails even on an empty table; convert the values in a "
                                  "hand-written migration (strata new) with a USING expression of your own, "
                                  "or add a new column and drop this one",
                                  op.table.str(), op.after.name, before, after, *problem, after,
                                  quote_identifier(op.after.name), after)}});
}

// A changed generation expression cannot be altered on PostgreSQL 15: the column is dropped and
// added again (its values are derived, so nothing is lost).
Statements regenerate_column(const schemas::AlterColumn& op)
{
  Statements out{statement(alter_table(op.table) + "DROP COLUMN " + quote_identifier(op.before.name)),
                 statement(alter_table(op.table) + "ADD COLUMN " + column_definition(op.after),
                           false, "a generated column's expression changes: the column is added again")};
  if (!op.after.comment.empty()) {
    out.push_back(column_comment(op.table, op.after));
  }
  return out;
}

} // namespace

std::string type_sql(const schemas::ColumnType& type)
{
  const schemas::ColumnType resolved = type.for_engine(k_engine);
  return resolved.kind == schemas::ColumnType::Kind::native ? resolved.native : format_type(resolved);
}

std::string default_sql(const std::string& text)
{
  // A single term (literal, cast literal, function call, keyword) needs no parentheses; any
  // top-level space means an operator expression, which DEFAULT's grammar may not accept bare.
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && std::isspace(static_cast<unsigned char>(c))) {
      return "(" + text + ")";
    }
  }
  return text;
}

namespace {

// " GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]".
std::string identity_clause(const schemas::Column& column)
{
  std::string out = column.identity_always ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY";
  const std::string options = column.identity_options ? sequence_options(*column.identity_options) : "";
  return options.empty() ? out : out + " (" + options.substr(1) + ")";
}

} // namespace

std::string column_definition(const schemas::Column& column)
{
  std::string out = quote_identifier(column.name) + " " + type_sql(column.type) + collate_clause(column.collation);
  if (column.generated) {
    if (!column.generated->stored) {
      throw Error(ErrorKind::input, "column " + column.name +
                                      ": PostgreSQL 15 has only STORED generated columns (set stored: true)");
    }
    out += " GENERATED ALWAYS AS (" + column.generated->expression + ") STORED";
  } else if (column.identity) {
    out += identity_clause(column);
  } else if (column.default_value) {
    out += " DEFAULT " + default_sql(*column.default_value);
  }
  if (!column.nullable) {
    out += " NOT NULL";
  }
  return out;
}

void serial_sequence_types(const schemas::QualifiedName& table, const std::vector<schemas::Column>& columns,
                           Statements& out)
{
  for (const auto& column : columns) {
    if (!column.sequence_type.empty() && !serial_integer(type_sql(column.type)).empty()) {
      out.push_back(set_serial_sequence_type(table, column.name, column.sequence_type));
    }
  }
}

Statements render_add_column(const schemas::AddColumn& op)
{
  Statements out{statement(alter_table(op.table) + "ADD COLUMN " + column_definition(op.column))};
  serial_sequence_types(op.table, {op.column}, out);
  if (!op.column.comment.empty()) {
    out.push_back(column_comment(op.table, op.column));
  }
  return out;
}

Statements render_alter_column(const schemas::AlterColumn& op, const RenderContext& ctx)
{
  const auto& before = op.before;
  const auto& after = op.after;
  const auto& changes = op.changes;
  if (changes.generated && after.generated) {
    return regenerate_column(op);
  }
  Statements out;
  const std::string column = after.name;
  if (changes.generated) { // no longer generated: keeps its values as plain data
    out.push_back(statement(alter_column(op.table, column) + "DROP EXPRESSION"));
  }
  if (changes.identity && before.identity && after.identity && before.identity_always != after.identity_always) {
    out.push_back(statement(alter_column(op.table, column) + "SET GENERATED " +
                            (after.identity_always ? "ALWAYS" : "BY DEFAULT")));
  }
  if (changes.identity && before.identity && after.identity && before.identity_options != after.identity_options) {
    const std::string options =
      sequence_options_change(after.identity_options.value_or(schemas::SequenceOptions{}), " SET ", {"NO CYCLE", true},
                              restarts(before.identity_progress));
    out.push_back(statement(alter_column(op.table, column) + options.substr(1)));
  } else if (changes.identity && before.identity && !after.identity) {
    out.push_back(statement(alter_column(op.table, column) + "DROP IDENTITY IF EXISTS"));
  }
  // A default that cannot be cast to the new type would make ALTER TYPE fail: it goes first and
  // the desired one is set after the change.
  const bool retype = changes.type || changes.collation;
  const bool default_moves = before.default_value && (changes.default_value || changes.type);
  if (default_moves) {
    out.push_back(statement(alter_column(op.table, column) + "DROP DEFAULT"));
  }
  bool rewritten = false;
  if (retype) {
    const std::string serial = serial_integer(type_sql(after.type));
    const std::string type = serial.empty() ? type_sql(after.type) : serial;
    std::string sql = alter_column(op.table, column) + "TYPE " + type +
                      collate_clause(after.collation.empty() && !before.collation.empty() ? "default" : after.collation);
    if (changes.type) {
      const std::string before_serial = serial_integer(type_sql(before.type));
      const bool no_cast = refuse_missing_cast(op, before_serial.empty() ? type_sql(before.type) : before_serial, type);
      sql += " USING " + (no_cast ? quote_identifier(column) + "::text::" + type
                                  : using_cast(quote_identifier(column), before, after, type, ctx));
      rewritten = type_change_rewrites(before_serial.empty() ? type_sql(before.type) : before_serial, type);
    }
    out.push_back(statement(sql));
  }
  const std::string sequence_before = sequence_integer(before);
  const std::string sequence_after = sequence_integer(after);
  if ((changes.type || changes.sequence) && !sequence_before.empty() && !sequence_after.empty() &&
      sequence_before != sequence_after) {
    out.push_back(set_serial_sequence_type(op.table, column, sequence_after));
  }
  if (changes.nullability) {
    if (after.nullable) {
      out.push_back(statement(alter_column(op.table, column) + "DROP NOT NULL"));
    } else if (rewritten) {
      out.push_back(statement(alter_column(op.table, column) + "SET NOT NULL")); // the rewrite holds the lock
    } else {
      set_not_null_low_lock(op.table, column, out);
    }
  }
  if (after.default_value && !after.identity && !after.generated && (default_moves || changes.default_value)) {
    out.push_back(statement(alter_column(op.table, column) + "SET DEFAULT " + default_sql(*after.default_value)));
  }
  if (changes.identity && after.identity && !before.identity) {
    out.push_back(statement(alter_column(op.table, column) + "ADD" + identity_clause(after)));
    // The new sequence starts at 1: move it past the values the column already holds.
    out.push_back(statement("SELECT setval(pg_get_serial_sequence(" + quote_literal(quote_name(op.table)) + ", " +
                              quote_literal(column) + "), coalesce(max(" + quote_identifier(column) +
                              "), 0) + 1, false) FROM " + quote_name(op.table),
                            false, "the identity continues after the existing values"));
  }
  if (changes.comment) {
    out.push_back(column_comment(op.table, after));
  }
  return out;
}

} // namespace strata::dialects::postgres
