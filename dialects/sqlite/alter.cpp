// What SQLite's ALTER TABLE can do in place, the engine-specific risks, and the data probes.
#include "dialects/probe_sql.hpp"
#include "dialects/sqlite/render_parts.hpp"

#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"

#include <algorithm>
#include <cctype>
#include <variant>

namespace strata::dialects::sqlite {

namespace {

// The text in lower case without white space.
std::string squeezed(const std::string& text)
{
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// https://www.sqlite.org/lang_altertable.html "ALTER TABLE ADD COLUMN" restrictions.
bool can_add_column(const schemas::Column& column)
{
  if (column.identity) {
    return false; // PRIMARY KEY
  }
  if (column.generated) {
    return !column.generated->stored;
  }
  // Non-constant defaults (CURRENT_*, any expression) are refused by ADD COLUMN.
  if (column.default_value && !is_constant_default(*column.default_value)) {
    return false;
  }
  // NOT NULL needs a default other than NULL.
  return column.nullable || (column.default_value && squeezed(*column.default_value) != "null");
}

// DROP COLUMN fails when anything else of the table still uses the column.
bool can_drop_column(const schemas::Table& table, const std::string& column)
{
  const auto uses = [&](const std::string& text) { return mentions_identifier(text, column); };
  const auto contains = [&](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), column) != names.end();
  };
  if (contains(table.primary_key) || table.columns.size() <= 1) {
    return false;
  }
  for (const auto& index : table.indexes) {
    for (const auto& key : index.keys) {
      if (key.column == column || (key.is_expression() && uses(key.expression))) {
        return false;
      }
    }
    if (uses(index.where) || contains(index.include)) {
      return false;
    }
  }
  for (const auto& fk : table.foreign_keys) {
    if (contains(fk.columns)) {
      return false;
    }
  }
  for (const auto& check : table.checks) {
    if (uses(check.expression)) {
      return false;
    }
  }
  for (const auto& other : table.columns) {
    if (other.name == column && other.identity) {
      return false;
    }
    if (other.generated && uses(other.generated->expression)) {
      return false;
    }
  }
  return std::none_of(table.triggers.begin(), table.triggers.end(),
                      [&](const auto& trigger) { return uses(trigger.definition); });
}

} // namespace

Capabilities capabilities()
{
  Capabilities c;
  c.transactional_ddl = true;
  c.embedded = true;
  c.comments = false;
  c.schemas = false;
  c.enum_types = false;
  c.sequences = false;
  c.concurrent_index = false;
  c.alter_add_column = true;
  c.alter_drop_column = true;
  c.alter_rename_column = true;
  c.alter_rename_table = true;
  c.alter_column_type = false;
  c.alter_column_nullability = false;
  c.alter_column_default = false;
  c.alter_add_foreign_key = false;
  c.alter_drop_foreign_key = false;
  c.alter_add_check = false;
  c.alter_drop_check = false;
  c.alter_primary_key = false;
  c.alter_unique_constraint = false;
  c.table_rebuild = true;
  c.case_insensitive_names = true;
  c.case_insensitive_table_names = true;
  c.index_name_scope = schemas::IndexNameScope::schema;
  return c;
}

bool can_alter_in_place(const AlterQuestion& question)
{
  if (question.operation == nullptr) {
    throw Error(ErrorKind::internal, "can_alter_in_place asked without an operation");
  }
  const schemas::Operation& op = *question.operation;
  if (const auto* add = std::get_if<schemas::AddColumn>(&op)) {
    return can_add_column(add->column);
  }
  if (const auto* drop = std::get_if<schemas::DropColumn>(&op)) {
    return question.table == nullptr || can_drop_column(*question.table, drop->column.name);
  }
  if (const auto* add = std::get_if<schemas::AddIndex>(&op)) {
    return !add->index.constraint;
  }
  if (const auto* drop = std::get_if<schemas::DropIndex>(&op)) {
    return !drop->index.constraint;
  }
  return !(std::holds_alternative<schemas::AlterColumn>(op) || std::holds_alternative<schemas::AddForeignKey>(op) ||
           std::holds_alternative<schemas::DropForeignKey>(op) || std::holds_alternative<schemas::AddCheck>(op) ||
           std::holds_alternative<schemas::DropCheck>(op));
}

std::vector<schemas::Risk> engine_risks(const schemas::Operation& op)
{
  const auto* rebuild = std::get_if<schemas::RebuildTable>(&op);
  if (rebuild == nullptr) {
    return {};
  }
  return {schemas::make_risk(schemas::RiskCode::sqlite_rebuild,
                             "rebuilds table " + rebuild->after.qualified().str() +
                               " (copies every row; holds the database write lock)")};
}

std::string probe_sql(const ProbeQuery& probe)
{
  static const ProbeSyntax syntax{quote_identifier, qualified,
                                  [](const std::string& column) { return "length(" + column + ")"; },
                                  quote_literal,
                                  [](const std::string& column, const schemas::ColumnType& from,
                                     const schemas::ColumnType& to) {
                                    return changed_value_condition(column, from, to).value_or("0");
                                  }};
  return render_probe_sql(probe, syntax);
}

} // namespace strata::dialects::sqlite
