// Indexes and table constraints. On tables that exist before the plan the low-lock forms are
// used: indexes built/dropped CONCURRENTLY (outside the transaction, IF [NOT] EXISTS so a re-run
// after a failure is safe), UNIQUE and PRIMARY KEY constraints attached to a concurrently built
// index, foreign keys and checks added NOT VALID and validated by a statement that commits on its
// own (preceded by DROP CONSTRAINT IF EXISTS, so that a re-run after a failed VALIDATE starts
// clean instead of failing on the constraint the first run left behind).
#include "dialects/postgres/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"

#include "dialects/constraint_sql.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace strata::dialects::postgres {

namespace {

std::string include_clause(const schemas::Index& index)
{
  return index.include.empty() ? std::string() : " INCLUDE (" + column_list(index.include) + ")";
}

bool concurrent(const RenderContext& ctx, const schemas::QualifiedName& table)
{
  return ctx.concurrent_indexes && table_exists_before(ctx, table);
}

std::string alter_table(const schemas::QualifiedName& table)
{
  return "ALTER TABLE " + quote_name(table) + " ";
}

// ADD CONSTRAINT ... NOT VALID (brief lock, no scan), then VALIDATE on its own: it scans under
// SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. The step runs outside the file's
// transaction, so a failed VALIDATE leaves the NOT VALID constraint behind: the leading DROP ...
// IF EXISTS removes it when the step is run again (after the data is fixed).
Statements add_then_validate(const schemas::QualifiedName& table, const std::string& name, const std::string& clause)
{
  return {statement(alter_table(table) + "DROP CONSTRAINT IF EXISTS " + quote_identifier(name), true,
                    "a re-run after a failed VALIDATE starts clean"),
          statement(alter_table(table) + "ADD " + clause + " NOT VALID", true,
                    "added NOT VALID: existing rows are checked by the next statement"),
          statement(alter_table(table) + "VALIDATE CONSTRAINT " + quote_identifier(name), true)};
}

// The constraint name PostgreSQL gives an unnamed primary key (normalize() clears exactly it).
std::string key_name(const schemas::QualifiedName& table, const schemas::PrimaryKey& key)
{
  return key.name.empty() ? derived_name(table.name, "_pkey") : key.name;
}

} // namespace

Statements render_set_primary_key(const schemas::SetPrimaryKey& op, const RenderContext& ctx)
{
  const bool had_key = !op.before.columns.empty();
  const std::string drop_old =
    had_key ? "DROP CONSTRAINT " + quote_identifier(key_name(op.table, op.before)) : std::string();
  if (op.after.columns.empty()) {
    return {statement(alter_table(op.table) + drop_old)};
  }
  const std::string name = key_name(op.table, op.after);
  if (!concurrent(ctx, op.table)) {
    // One statement: the table is never without its key, but the index is built under ACCESS
    // EXCLUSIVE (risk L318).
    return {statement(alter_table(op.table) + (had_key ? drop_old + ", " : "") + "ADD CONSTRAINT " +
                      quote_identifier(name) + " PRIMARY KEY (" + column_list(op.after.columns) + ")")};
  }
  // Build the unique index without blocking writes, under a name of its own (the old key's index
  // may still carry the new key's name), then swap the keys in one statement: ADD ... USING INDEX
  // renames the index to the constraint name and sets the key columns NOT NULL.
  schemas::Index index;
  index.name = derived_name(name, "_strata_new");
  index.unique = true;
  for (const auto& column : op.after.columns) {
    index.keys.push_back(schemas::IndexKey{column, {}, false, {}});
  }
  const std::string drop_if_exists =
    had_key ? "DROP CONSTRAINT IF EXISTS " + quote_identifier(key_name(op.table, op.before)) + ", " : std::string();
  return {statement(create_index_sql(op.table, index, true), true, "the new primary key's index, built online"),
          statement(alter_table(op.table) + drop_if_exists + "ADD CONSTRAINT " + quote_identifier(name) +
                      " PRIMARY KEY USING INDEX " + quote_identifier(index.name),
                    true)};
}

std::string foreign_key_clause(const schemas::ForeignKey& fk)
{
  std::string out = constraint_prefix(fk.name, '"') + "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
                    quote_name(fk.references);
  if (!fk.ref_columns.empty()) {
    out += " (" + column_list(fk.ref_columns) + ")";
  }
  if (!fk.match.empty() && lex::ascii_upper(fk.match) != "SIMPLE") {
    out += " MATCH " + lex::ascii_upper(fk.match);
  }
  if (const auto action = foreign_key_action(fk.on_delete, "foreign key " + fk.name); action != "NO ACTION") {
    out += " ON DELETE " + action;
  }
  if (const auto action = foreign_key_action(fk.on_update, "foreign key " + fk.name); action != "NO ACTION") {
    out += " ON UPDATE " + action;
  }
  if (fk.deferrable || fk.initially_deferred) {
    out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  }
  return out;
}

std::string check_clause(const schemas::Check& check)
{
  return constraint_prefix(check.name, '"') + "CHECK (" + check.expression + ")" + (check.no_inherit ? " NO INHERIT" : "");
}

std::string unique_clause(const schemas::Index& index)
{
  return constraint_prefix(index.name, '"') + "UNIQUE " + (index.nulls_not_distinct ? "NULLS NOT DISTINCT " : "") +
         "(" + index_key_list(index, '"') + ")" + include_clause(index);
}

std::string primary_key_clause(const schemas::Table& table)
{
  return constraint_prefix(table.primary_key_name, '"') + "PRIMARY KEY (" + column_list(table.primary_key) + ")";
}

std::string create_index_sql(const schemas::QualifiedName& table, const schemas::Index& index, bool concurrently)
{
  std::string sql = std::string("CREATE ") + (index.unique || index.constraint ? "UNIQUE " : "") + "INDEX " +
                    (concurrently ? "CONCURRENTLY IF NOT EXISTS " : "") + quote_identifier(index.name) + " ON " +
                    quote_name(table);
  if (!index.method.empty()) {
    sql += " USING " + quote_identifier(index.method);
  }
  sql += " (" + index_key_list(index, '"') + ")" + include_clause(index);
  if (index.nulls_not_distinct) {
    sql += " NULLS NOT DISTINCT";
  }
  if (!index.where.empty()) {
    sql += " WHERE " + index.where;
  }
  return sql;
}

Statements render_add_index(const schemas::AddIndex& op, const RenderContext& ctx)
{
  const bool online = concurrent(ctx, op.table);
  if (!op.index.constraint) {
    return {statement(create_index_sql(op.table, op.index, online), online)};
  }
  if (!online) {
    return {statement(alter_table(op.table) + "ADD " + unique_clause(op.index))};
  }
  // Build the unique index without blocking writes, then make it the constraint (brief lock).
  return {statement(create_index_sql(op.table, op.index, true), true),
          statement(alter_table(op.table) + "ADD CONSTRAINT " + quote_identifier(op.index.name) +
                      " UNIQUE USING INDEX " + quote_identifier(op.index.name),
                    true)};
}

Statements render_drop_index(const schemas::DropIndex& op, const RenderContext& ctx)
{
  if (op.index.constraint) {
    return {statement(alter_table(op.table) + "DROP CONSTRAINT " + quote_identifier(op.index.name))};
  }
  const schemas::QualifiedName name{op.table.schema, op.index.name}; // an index lives in its table's schema
  if (concurrent(ctx, op.table)) {
    return {statement("DROP INDEX CONCURRENTLY IF EXISTS " + quote_name(name), true)};
  }
  return {statement("DROP INDEX " + quote_name(name))};
}

Statements render_add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx)
{
  const std::string clause = foreign_key_clause(op.foreign_key);
  if (op.foreign_key.not_valid) { // declared NOT VALID: existing rows stay unchecked
    return {statement(alter_table(op.table) + "ADD " + clause + " NOT VALID")};
  }
  if (!table_exists_before(ctx, op.table) || op.foreign_key.name.empty()) {
    return {statement(alter_table(op.table) + "ADD " + clause)};
  }
  return add_then_validate(op.table, op.foreign_key.name, clause);
}

Statements render_add_check(const schemas::AddCheck& op, const RenderContext& ctx)
{
  const std::string clause = check_clause(op.check);
  if (op.check.not_valid) { // declared NOT VALID: existing rows stay unchecked
    return {statement(alter_table(op.table) + "ADD " + clause + " NOT VALID")};
  }
  if (!table_exists_before(ctx, op.table) || op.check.name.empty()) {
    return {statement(alter_table(op.table) + "ADD " + clause)};
  }
  return add_then_validate(op.table, op.check.name, clause);
}

Statements render_validate_constraint(const schemas::ValidateConstraint& op)
{
  // Scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); on its own, as after ADD ... NOT
  // VALID above, so the lock ends with the statement.
  return {statement(alter_table(op.table) + "VALIDATE CONSTRAINT " + quote_identifier(op.name()), true)};
}

} // namespace strata::dialects::postgres
