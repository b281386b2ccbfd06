// Columns: the full column definition MySQL wants in CREATE TABLE, ADD COLUMN and MODIFY COLUMN
// (MODIFY replaces the whole definition: a change of one attribute restates all the others),
// placement with FIRST / AFTER, and the instant forms (SET/DROP DEFAULT, appended columns).
#include "dialects/mysql/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::mysql {

namespace {

bool is_number(const std::string& text)
{
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      digits = true;
    } else if (text[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

// One quoted string literal, nothing after it ('it''s' included).
bool is_string_literal(const std::string& text)
{
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') {
    return false;
  }
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '\'') {
      if (text[i + 1] != '\'' || i + 2 == text.size()) {
        return false;
      }
      ++i;
    }
  }
  return true;
}

// A value DEFAULT takes without parentheses on both servers: literals and the current-time family.
bool is_plain_default(const std::string& text)
{
  const std::string l = lex::ascii_lower(text);
  if (is_string_literal(text) || is_number(text) || l == "null" || l == "true" || l == "false") {
    return true;
  }
  for (const char* keyword : {"current_timestamp", "now", "localtimestamp", "localtime"}) {
    const std::string k = keyword;
    if (l == k || (l.rfind(k + "(", 0) == 0 && l.back() == ')' &&
                   std::all_of(l.begin() + static_cast<std::ptrdiff_t>(k.size()) + 1, l.end() - 1,
                               [](unsigned char c) { return std::isdigit(c) != 0; }))) {
      return true;
    }
  }
  return (l.rfind("b'", 0) == 0 || l.rfind("x'", 0) == 0) && l.back() == '\'';
}

// TEXT, BLOB, JSON and GEOMETRY columns take a default only as an expression on MySQL 8.0.13+
// (a parenthesized literal also works on MariaDB).
bool needs_expression_default(const std::string& type)
{
  const std::string t = lex::ascii_lower(type);
  for (const char* prefix : {"tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob",
                             "longblob", "json", "geometry", "point", "linestring", "polygon"}) {
    if (t.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string default_for(const schemas::Column& column)
{
  const std::string& text = *column.default_value;
  if (needs_expression_default(type_sql(column.type)) && lex::ascii_lower(text) != "null" && text.front() != '(') {
    return "(" + text + ")";
  }
  return default_sql(text);
}

std::string position_clause(const schemas::AddColumn& op, const schemas::Table* live)
{
  // A column placed after the table's last column is appended (no clause): the form every
  // server adds instantly. Columns the plan drops later do not disturb the order of the others.
  if (live != nullptr && !live->columns.empty() && !op.after_column.empty() &&
      live->columns.back().name == op.after_column) {
    return {};
  }
  return op.after_column.empty() ? " FIRST" : " AFTER " + quote_identifier(op.after_column);
}

// A generated column becomes a plain one keeping its values. MariaDB cannot MODIFY it so: a plain
// column is added right after it, filled from it, and takes its place and name.
Statements materialize_generated(const schemas::AlterColumn& op)
{
  std::string temporary = op.after.name.substr(0, 56) + "__strata";
  schemas::Column plain = op.after;
  plain.name = temporary;
  const std::string column = quote_identifier(op.before.name);
  return {lone_alter_statement(op.table, "ADD COLUMN " + column_definition(plain) + " AFTER " + column, {},
                               "a generated column becomes plain: its values are copied into a new column"),
          statement("UPDATE " + quote_name(op.table) + " SET " + quote_identifier(temporary) + " = " + column),
          lone_alter_statement(op.table, "DROP COLUMN " + column),
          lone_alter_statement(op.table, "RENAME COLUMN " + quote_identifier(temporary) + " TO " +
                                           quote_identifier(op.after.name))};
}

} // namespace

std::string type_sql(const schemas::ColumnType& type)
{
  return format_type(type);
}

std::string default_sql(const std::string& text)
{
  if (is_plain_default(text) || (text.size() > 1 && text.front() == '(' && text.back() == ')')) {
    return text;
  }
  return "(" + text + ")";
}

std::string column_definition(const schemas::Column& column)
{
  std::string out = quote_identifier(column.name) + " " + type_sql(column.type);
  if (!column.collation.empty()) {
    out += " COLLATE " + quote_identifier(column.collation);
  }
  if (column.generated) {
    out += " GENERATED ALWAYS AS (" + column.generated->expression + ")" +
           (column.generated->stored ? " STORED" : " VIRTUAL");
    if (!column.nullable) {
      out += " NOT NULL";
    }
  } else {
    // NULL spelled out: a TIMESTAMP column is otherwise NOT NULL where
    // explicit_defaults_for_timestamp is off.
    out += column.nullable ? " NULL" : " NOT NULL";
    if (column.default_value) {
      out += " DEFAULT " + default_for(column);
    }
    if (!column.on_update.empty()) {
      out += " ON UPDATE " + column.on_update;
    }
    if (column.identity) {
      out += " AUTO_INCREMENT";
    }
  }
  if (column.without_versioning) {
    out += " WITHOUT SYSTEM VERSIONING";
  }
  if (!column.comment.empty()) {
    out += " COMMENT " + quote_literal(column.comment);
  }
  return out;
}

std::string period_column_definition(const schemas::Column& column, const schemas::SystemVersioning& versioning)
{
  std::string out = quote_identifier(column.name) + " " + type_sql(column.type) + " GENERATED ALWAYS AS ROW " +
                    (column.name == versioning.row_start ? "START" : "END");
  if (!column.comment.empty()) {
    out += " COMMENT " + quote_literal(column.comment);
  }
  return out;
}

Statements render_add_column(const schemas::AddColumn& op, const RenderContext& ctx)
{
  const schemas::Table* live = live_table(ctx, op.table);
  const std::string position = position_clause(op, live);
  schemas::Column column = op.column;
  if (column.identity && identity_waits_for_key(ctx, op.table, column.name)) {
    column.identity = false; // AUTO_INCREMENT comes with the primary key (render_set_primary_key)
  }
  const bool instant = position.empty() && add_column_is_instant(schemas::AddColumn{op.table, column, {}}, live);
  return {alter_statement(op.table, "ADD COLUMN " + column_definition(column) + position,
                          instant ? k_instant : std::string())};
}

Statements render_drop_column(const schemas::DropColumn& op, const RenderContext& /*ctx*/)
{
  // Instant on MariaDB 10.4+ and MySQL 8.0.29+, an online rebuild on older MySQL 8.0: no clause
  // holds for both (risk L407).
  return {alter_statement(op.table, "DROP COLUMN " + quote_identifier(op.column.name))};
}

Statements render_alter_column(const schemas::AlterColumn& op, const RenderContext& ctx)
{
  if (op.changes.generated && op.after.generated) {
    // MariaDB cannot MODIFY a column into a generated one or between VIRTUAL and STORED ("not yet
    // supported for generated columns"): the column is dropped and added again at its place,
    // alone in its statement. Its values are derived, so nothing the target keeps is lost.
    const schemas::Table* target = ctx.desired_table(op.table);
    std::string position;
    if (target != nullptr) {
      std::string previous;
      for (const auto& column : target->columns) {
        if (column.name == op.after.name) {
          position = previous.empty() ? " FIRST" : " AFTER " + quote_identifier(previous);
          break;
        }
        previous = column.name;
      }
    }
    return {lone_alter_statement(op.table, "DROP COLUMN " + quote_identifier(op.before.name) + ", ADD COLUMN " +
                                             column_definition(op.after) + position,
                                 {}, "a generated column is added again: MariaDB cannot MODIFY it into this form")};
  }
  if (op.changes.identity && op.after.identity && identity_waits_for_key(ctx, op.table, op.after.name)) {
    // AUTO_INCREMENT comes with the primary key (render_set_primary_key); the rest changes here.
    schemas::AlterColumn rest = op;
    rest.after.identity = false;
    rest.changes.identity = false;
    if (!rest.changes.any()) {
      return {};
    }
    return render_alter_column(rest, ctx);
  }
  if (op.changes.generated && op.before.generated) {
    return materialize_generated(op);
  }
  const auto& after = op.after;
  const ColumnChangeCost cost = alter_column_cost(op);
  const schemas::ColumnChanges default_only{false, false, true};
  if (op.changes == default_only && !after.generated &&
      (!after.default_value || (!needs_expression_default(type_sql(after.type)) &&
                                (is_string_literal(*after.default_value) || is_number(*after.default_value))))) {
    // Metadata only on both servers.
    const std::string clause = "ALTER COLUMN " + quote_identifier(after.name) +
                               (after.default_value ? " SET DEFAULT " + *after.default_value : " DROP DEFAULT");
    return {alter_statement(op.table, clause, k_instant)};
  }
  // A column joining or leaving the history is the server's choice of algorithm.
  return {alter_statement(op.table, "MODIFY COLUMN " + column_definition(after),
                          op.changes.versioning ? std::string() : cost.algorithm)};
}

Statements render_rename_column(const schemas::RenameColumn& op, const RenderContext& /*ctx*/)
{
  // RENAME COLUMN: MySQL 8.0 and MariaDB 10.5.2+ (ServerInfo::rename_column); a rename changes
  // only metadata, in place on both.
  // Alone: a clause combined with it could name the column either way.
  return {lone_alter_statement(op.table,
                               "RENAME COLUMN " + quote_identifier(op.from) + " TO " + quote_identifier(op.to), k_online)};
}

} // namespace strata::dialects::mysql
