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
#include <map>
#include <string_view>

namespace strata::dialects::postgres {

// A storage parameter's name: `toast.autovacuum_enabled` is a namespace and a name.
std::string storage_name(const std::string& name)
{
  const auto dot = name.find('.');
  return dot == std::string::npos ? quote_identifier(name)
                                  : quote_identifier(name.substr(0, dot)) + "." + quote_identifier(name.substr(dot + 1));
}

std::string storage_list(const std::map<std::string, std::string>& with)
{
  std::string out;
  for (const auto& [name, value] : with) {
    out += (out.empty() ? "" : ", ") + storage_name(name) + " = " + quote_literal(value);
  }
  return out;
}

Statements storage_changes(const std::string& alter, const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after)
{
  std::map<std::string, std::string> set;
  std::string reset;
  for (const auto& [name, value] : after) {
    const auto old = before.find(name);
    if (old == before.end() || old->second != value) {
      set.emplace(name, value);
    }
  }
  for (const auto& [name, value] : before) {
    if (after.count(name) == 0) {
      reset += (reset.empty() ? "" : ", ") + storage_name(name);
    }
  }
  Statements out;
  if (!set.empty()) {
    out.push_back(statement(alter + " SET (" + storage_list(set) + ")"));
  }
  if (!reset.empty()) {
    out.push_back(statement(alter + " RESET (" + reset + ")"));
  }
  return out;
}

namespace {

std::string include_clause(const schemas::Index& index)
{
  return index.include.empty() ? std::string() : " INCLUDE (" + column_list(index.include) + ")";
}

std::string storage_clause(const schemas::Index& index)
{
  return index.with.empty() ? std::string() : " WITH (" + storage_list(index.with) + ")";
}

std::string deferrable_clause(bool deferrable, bool initially_deferred)
{
  return initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : deferrable ? " DEFERRABLE" : "";
}

// A partitioned table takes no CONCURRENTLY index builds or drops (the server refuses them).
bool partitioned(const RenderContext& ctx, const schemas::QualifiedName& table)
{
  for (const auto* found : {ctx.live_table(table), ctx.desired_table(table)}) {
    if (found != nullptr && !found->partitioning->empty()) {
      return true;
    }
  }
  return false;
}

bool concurrent(const RenderContext& ctx, const schemas::QualifiedName& table)
{
  return ctx.concurrent_indexes && table_exists_before(ctx, table) && !partitioned(ctx, table);
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
  const std::string defer = deferrable_clause(op.after.deferrable, op.after.initially_deferred);
  Statements out;
  if (!concurrent(ctx, op.table)) {
    // One statement: the table is never without its key, but the index is built under ACCESS
    // EXCLUSIVE (risk L318).
    out.push_back(statement(alter_table(op.table) + (had_key ? drop_old + ", " : "") + "ADD CONSTRAINT " +
                            quote_identifier(name) + " PRIMARY KEY (" + column_list(op.after.columns) + ")" + defer));
    if (!op.after.comment.empty()) { // the new key has no comment yet
      out.push_back(constraint_comment(op.table, name, op.after.comment));
    }
    return out;
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
  out = {statement(create_index_sql(op.table, index, true), true, "the new primary key's index, built online"),
         statement(alter_table(op.table) + drop_if_exists + "ADD CONSTRAINT " + quote_identifier(name) +
                     " PRIMARY KEY USING INDEX " + quote_identifier(index.name) + defer,
                   true)};
  if (!op.after.comment.empty()) {
    out.push_back(constraint_comment(op.table, name, op.after.comment));
  }
  return out;
}

Statement constraint_comment(const schemas::QualifiedName& table, const std::string& name, const std::string& comment)
{
  return comment_on("CONSTRAINT", quote_identifier(name) + " ON " + quote_name(table), comment);
}

Statements render_set_constraint_comment(const schemas::SetConstraintComment& op)
{
  if (op.index) { // an index lives in its table's schema
    return {comment_on("INDEX", quote_name({op.table.schema, op.name}), op.after)};
  }
  const std::string name = op.name.empty() ? derived_name(op.table.name, "_pkey") : op.name;
  return {constraint_comment(op.table, name, op.after)};
}

// ALTER INDEX ... SET (...) for the parameters `after` sets or changes, RESET (...) for the
// others: new pages are filled by the new values (REINDEX applies them to the existing ones).
Statements render_set_index_storage(const schemas::SetIndexStorage& op)
{
  return storage_changes("ALTER INDEX " + quote_name({op.table.schema, op.index}), op.before, op.after);
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
  return out + deferrable_clause(fk.deferrable, fk.initially_deferred);
}

std::string check_clause(const schemas::Check& check)
{
  return constraint_prefix(check.name, '"') + "CHECK (" + check.expression + ")" + (check.no_inherit ? " NO INHERIT" : "");
}

std::string unique_clause(const schemas::Index& index)
{
  return constraint_prefix(index.name, '"') + "UNIQUE " + (index.nulls_not_distinct ? "NULLS NOT DISTINCT " : "") +
         "(" + index_key_list(index, '"') + ")" + include_clause(index) + storage_clause(index) +
         deferrable_clause(index.deferrable, index.initially_deferred);
}

std::string exclusion_clause(const schemas::Index& index)
{
  return constraint_prefix(index.name, '"') + "EXCLUDE" +
         (index.method.empty() ? std::string() : " USING " + quote_identifier(index.method)) + " (" +
         index_key_list(index, '"') + ")" + include_clause(index) + storage_clause(index) +
         (index.where.empty() ? std::string() : " WHERE (" + index.where + ")") +
         deferrable_clause(index.deferrable, index.initially_deferred);
}

std::string primary_key_clause(const schemas::Table& table)
{
  return constraint_prefix(table.primary_key_name, '"') + "PRIMARY KEY (" + column_list(table.primary_key) + ")" +
         deferrable_clause(table.primary_key_deferrable, table.primary_key_initially_deferred);
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
  sql += storage_clause(index);
  if (!index.where.empty()) {
    sql += " WHERE " + index.where;
  }
  return sql;
}

Statements render_add_index(const schemas::AddIndex& op, const RenderContext& ctx)
{
  const bool online = concurrent(ctx, op.table);
  Statements out;
  if (op.index.exclusion()) {
    // No online form: ADD ... USING INDEX takes unique indexes only (risk L314).
    out.push_back(statement(alter_table(op.table) + "ADD " + exclusion_clause(op.index)));
  } else if (!op.index.constraint) {
    out.push_back(statement(create_index_sql(op.table, op.index, online), online));
  } else if (!online) {
    out.push_back(statement(alter_table(op.table) + "ADD " + unique_clause(op.index)));
  } else {
    // Build the unique index without blocking writes, then make it the constraint (brief lock).
    out = {statement(create_index_sql(op.table, op.index, true), true),
           statement(alter_table(op.table) + "ADD CONSTRAINT " + quote_identifier(op.index.name) +
                       " UNIQUE USING INDEX " + quote_identifier(op.index.name) +
                       deferrable_clause(op.index.deferrable, op.index.initially_deferred),
                     true)};
  }
  if (!op.index.comment.empty()) {
    out.push_back(render_set_constraint_comment(
      {op.table, op.index.name, !op.index.constraint && !op.index.exclusion(), {}, op.index.comment})[0]);
    out.back().no_transaction = online && !op.index.exclusion();
  }
  return out;
}

Statements render_drop_index(const schemas::DropIndex& op, const RenderContext& ctx)
{
  if (op.index.constraint || op.index.exclusion()) {
    return {statement(alter_table(op.table) + "DROP CONSTRAINT " + quote_identifier(op.index.name))};
  }
  const schemas::QualifiedName name{op.table.schema, op.index.name}; // an index lives in its table's schema
  if (concurrent(ctx, op.table)) {
    return {statement("DROP INDEX CONCURRENTLY IF EXISTS " + quote_name(name), true)};
  }
  return {statement("DROP INDEX " + quote_name(name))};
}

namespace {

// The constraint's statements, then its comment (in the same transaction as the last of them).
Statements commented(Statements out, const schemas::QualifiedName& table, const std::string& name,
                     const std::string& comment)
{
  if (!comment.empty() && !name.empty()) {
    out.push_back(constraint_comment(table, name, comment));
    out.back().no_transaction = out[out.size() - 2].no_transaction;
  }
  return out;
}

Statements add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx)
{
  const std::string clause = foreign_key_clause(op.foreign_key);
  if (op.foreign_key.not_valid) { // declared NOT VALID: existing rows stay unchecked
    return {statement(alter_table(op.table) + "ADD " + clause + " NOT VALID")};
  }
  // PostgreSQL 15 takes no NOT VALID foreign key on a partitioned table (a parent, or a partition
  // partitioned in turn): it is added and checked in one statement there.
  if (!table_exists_before(ctx, op.table) || op.foreign_key.name.empty() || partitioned(ctx, op.table)) {
    return {statement(alter_table(op.table) + "ADD " + clause)};
  }
  return add_then_validate(op.table, op.foreign_key.name, clause);
}

Statements add_check(const schemas::AddCheck& op, const RenderContext& ctx)
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

} // namespace

Statements render_add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx)
{
  return commented(add_foreign_key(op, ctx), op.table, op.foreign_key.name, op.foreign_key.comment);
}

Statements render_add_check(const schemas::AddCheck& op, const RenderContext& ctx)
{
  return commented(add_check(op, ctx), op.table, op.check.name, op.check.comment);
}

Statements render_validate_constraint(const schemas::ValidateConstraint& op)
{
  // Scans under SHARE UPDATE EXCLUSIVE (reads and writes go on); on its own, as after ADD ... NOT
  // VALID above, so the lock ends with the statement.
  return {statement(alter_table(op.table) + "VALIDATE CONSTRAINT " + quote_identifier(op.name()), true)};
}

} // namespace strata::dialects::postgres
