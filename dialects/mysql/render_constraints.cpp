// Indexes, foreign keys, checks and primary keys. Index builds and drops, and foreign-key drops,
// run online (ALGORITHM=INPLACE, LOCK=NONE) on existing InnoDB tables; FULLTEXT and SPATIAL
// builds and new foreign keys cannot (risks L405, L406), and carry no clause.
#include "dialects/mysql/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"

#include "dialects/constraint_sql.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace strata::dialects::mysql {

namespace {

std::string index_keys(const schemas::Index& index)
{
  // FULLTEXT and SPATIAL keys take whole values (a prefix length there is refused).
  const std::string method = lex::ascii_lower(index.method.str());
  const bool whole = method == "fulltext" || method == "spatial";
  std::string out;
  for (const auto& key : index.keys) {
    out += out.empty() ? "" : ", ";
    if (key.is_expression()) {
      out += "((" + key.expression + "))"; // functional key part (MySQL 8.0.13+)
    } else {
      out += quote_identifier(key.column);
      if (key.length > 0 && !whole) {
        out += "(" + std::to_string(key.length) + ")";
      }
    }
    if (key.descending) {
      out += " DESC";
    }
  }
  return out;
}

// FULLTEXT / SPATIAL are index kinds; BTREE / HASH an access method after the key list.
std::string index_kind(const schemas::Index& index)
{
  const std::string method = lex::ascii_lower(index.method.str());
  if (method == "fulltext" || method == "spatial") {
    return lex::ascii_upper(method) + " ";
  }
  return index.unique || index.constraint ? "UNIQUE " : "";
}

std::string index_method(const schemas::Index& index)
{
  const std::string method = lex::ascii_lower(index.method.str());
  if (method.empty() || method == "fulltext" || method == "spatial") {
    return {};
  }
  if (method != "btree" && method != "hash") {
    throw Error(ErrorKind::input, "index " + index.name + ": MySQL has no index method '" + index.method +
                                    "' (btree, hash, fulltext, spatial)");
  }
  return " USING " + lex::ascii_upper(method);
}

bool online_index_change(const RenderContext& ctx, const schemas::QualifiedName& table, const schemas::Index& index)
{
  const schemas::Table* live = live_table(ctx, table);
  const std::string method = lex::ascii_lower(index.method.str());
  return live != nullptr && instant_capable(*live) && method != "fulltext" && method != "spatial";
}

// Dropping the index InnoDB may cluster the table on (without a primary key) is dropping that
// key: the server copies the table, and refuses ALGORITHM=INPLACE ("Dropping a primary key is not
// allowed without also adding a new primary key"). Asked of the table before and after the plan:
// a primary key dropped or a column made NOT NULL earlier in it counts too.
bool online_index_drop(const RenderContext& ctx, const schemas::QualifiedName& table, const schemas::Index& index)
{
  const schemas::Table* live = live_table(ctx, table);
  const schemas::Table* target = ctx.desired_table(table);
  if (live == nullptr || may_cluster_table(*live, index) || (target != nullptr && may_cluster_table(*target, index))) {
    return false;
  }
  return online_index_change(ctx, table, index);
}

} // namespace

bool may_cluster_table(const schemas::Table& table, const schemas::Index& index)
{
  if (!table.primary_key.empty() || !(index.unique || index.constraint) || index.keys.empty()) {
    return false;
  }
  return std::all_of(index.keys.begin(), index.keys.end(), [&](const schemas::IndexKey& key) {
    const schemas::Column* column = key.is_expression() ? nullptr : table.find_column(key.column);
    return column != nullptr && !column->nullable && key.length == 0;
  });
}

std::string primary_key_clause(const std::vector<std::string>& columns, const std::string& comment)
{
  return "PRIMARY KEY (" + column_list(columns) + ")" + (comment.empty() ? "" : " COMMENT " + quote_literal(comment));
}

std::string index_clause(const schemas::Index& index)
{
  if (!index.where.empty()) {
    throw Error(ErrorKind::input, "index " + index.name + ": MySQL has no partial indexes (where: is not supported)");
  }
  if (!index.include.empty()) {
    throw Error(ErrorKind::input, "index " + index.name + ": MySQL has no INCLUDE columns");
  }
  std::string out = index_kind(index) + "INDEX " + quote_identifier(index.name) + " (" + index_keys(index) + ")" +
                    index_method(index);
  if (!index.comment.empty()) {
    out += " COMMENT " + quote_literal(index.comment);
  }
  if (index.invisible) {
    out += " " + index_visibility(true);
  }
  return out;
}

std::string index_visibility(bool invisible)
{
  // Each server reads only its own word: MariaDB runs `/*M! … */` and skips MySQL's version
  // comments numbered 50700–99999; MySQL 8 runs `/*!80000 … */` and takes `/*M!` for a comment.
  return invisible ? "/*M! IGNORED */ /*!80000 INVISIBLE */" : "/*M! NOT IGNORED */ /*!80000 VISIBLE */";
}

std::string foreign_key_clause(const schemas::ForeignKey& fk)
{
  if (fk.deferrable || fk.initially_deferred) {
    throw Error(ErrorKind::input, "foreign key " + fk.name + ": MySQL checks foreign keys immediately (no DEFERRABLE)");
  }
  // Every action is written: without one InnoDB records RESTRICT, and a key declared NO ACTION
  // (the YAML's default) would read back as RESTRICT.
  return constraint_prefix(fk.name, '`') + "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
         quote_name(fk.references) + " (" + column_list(fk.ref_columns) + ") ON DELETE " +
         foreign_key_action(fk.on_delete, "foreign key " + fk.name) + " ON UPDATE " +
         foreign_key_action(fk.on_update, "foreign key " + fk.name);
}

std::string check_clause(const schemas::Check& check)
{
  return constraint_prefix(check.name, '`') + "CHECK (" + check.expression + ")";
}

Statements render_add_index(const schemas::AddIndex& op, const RenderContext& ctx)
{
  return {alter_statement(op.table, "ADD " + index_clause(op.index),
                          online_index_change(ctx, op.table, op.index) ? k_online : std::string())};
}

Statements render_set_index_visibility(const schemas::SetIndexVisibility& op, const RenderContext& ctx)
{
  // Metadata only on both servers (the index stays up to date); the server picks the algorithm.
  // When the index's comment changes too, the comment's DROP INDEX and ADD INDEX follow: a
  // statement naming the index in ALTER INDEX and DROP INDEX both is refused ("Key doesn't
  // exist"), so this one stays alone.
  const schemas::Table* live = live_table(ctx, op.table);
  const schemas::Table* target = ctx.desired_table(op.table);
  const schemas::Index* before = live ? live->find_index(op.index) : nullptr;
  const schemas::Index* after = target ? target->find_index(op.index) : nullptr;
  const std::string clause = "ALTER INDEX " + quote_identifier(op.index) + " " + index_visibility(op.invisible);
  if (before != nullptr && after != nullptr && before->comment != after->comment) {
    return {lone_alter_statement(op.table, clause)};
  }
  return {alter_statement(op.table, clause)};
}

Statements render_set_index_comment(const schemas::SetConstraintComment& op, const RenderContext& ctx)
{
  // Neither server alters an index's comment alone: the index is dropped and added again with it
  // in one statement (MariaDB changes only metadata then; MySQL 8 builds the index again, online).
  const schemas::Table* target = ctx.desired_table(op.table);
  const schemas::Index* found = target ? target->find_index(op.name) : nullptr;
  if (found == nullptr) {
    throw Error(ErrorKind::internal, "the comment of index " + op.name + " on " + op.table.str() +
                                       " changes, but the schema the plan leads to has no such index");
  }
  schemas::Index index = *found;
  index.comment = op.after;
  return {alter_statement(op.table, "DROP INDEX " + quote_identifier(index.name) + ", ADD " + index_clause(index),
                          online_index_drop(ctx, op.table, index) ? k_online : std::string())};
}

Statements render_drop_index(const schemas::DropIndex& op, const RenderContext& ctx)
{
  return {alter_statement(op.table, "DROP INDEX " + quote_identifier(op.index.name),
                          online_index_drop(ctx, op.table, op.index) ? k_online : std::string())};
}

namespace {

// The index of an existing table that a foreign key added to it will use and that the schema keeps:
// one of the live table's, also in the desired table, whose first keys are the key's columns.
const schemas::Index* serving_index(const RenderContext& ctx, const schemas::AddForeignKey& op)
{
  const schemas::Table* live = live_table(ctx, op.table);
  const schemas::Table* target = ctx.desired_table(op.table);
  if (live == nullptr || target == nullptr) {
    return nullptr;
  }
  const auto& columns = op.foreign_key.columns;
  for (const auto& index : live->indexes) {
    if (index.keys.size() < columns.size() || target->find_index(index.name) == nullptr) {
      continue;
    }
    if (std::equal(columns.begin(), columns.end(), index.keys.begin(),
                   [](const std::string& column, const schemas::IndexKey& key) {
                     return !key.is_expression() && lex::ascii_lower(key.column) == lex::ascii_lower(column);
                   })) {
      return &index;
    }
  }
  return nullptr;
}

} // namespace

Statements render_add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx)
{
  // With foreign_key_checks on, both servers copy the table to add a foreign key (risk L405).
  // An index the server generated for an earlier key (MariaDB names it after the column, the model
  // holds it as an index) is replaced by one named after the new key unless it is made the
  // table's own first: RENAME INDEX to its own name does that and changes nothing else.
  std::string clause;
  if (const schemas::Index* index = serving_index(ctx, op)) {
    clause = "RENAME INDEX " + quote_identifier(index->name) + " TO " + quote_identifier(index->name) + ", ";
  }
  return {alter_statement(op.table, clause + "ADD " + foreign_key_clause(op.foreign_key))};
}

Statements render_drop_foreign_key(const schemas::DropForeignKey& op, const RenderContext& ctx)
{
  // The index the key used stays: the model holds it as an index of its own.
  const schemas::Table* live = live_table(ctx, op.table);
  const bool online = live != nullptr && instant_capable(*live);
  // Alone: InnoDB refuses to drop and add a key of the same name in one statement (errno 121).
  return {lone_alter_statement(op.table, "DROP FOREIGN KEY " + quote_identifier(op.foreign_key.name),
                               online ? k_online : std::string())};
}

Statements render_add_check(const schemas::AddCheck& op)
{
  return {alter_statement(op.table, "ADD " + check_clause(op.check))};
}

Statements render_drop_check(const schemas::DropCheck& op)
{
  // DROP CONSTRAINT: MariaDB 10.2+ and MySQL 8.0.19+ (MariaDB has no DROP CHECK).
  return {alter_statement(op.table, "DROP CONSTRAINT " + quote_identifier(op.check.name))};
}

bool identity_waits_for_key(const RenderContext& ctx, const schemas::QualifiedName& table, const std::string& column)
{
  const schemas::Table* target = ctx.desired_table(table);
  const schemas::Table* live = live_table(ctx, table);
  const auto in = [&](const std::vector<std::string>& key) {
    return std::find(key.begin(), key.end(), column) != key.end();
  };
  return target != nullptr && live != nullptr && in(target->primary_key) && !in(live->primary_key);
}

Statements render_set_primary_key(const schemas::SetPrimaryKey& op, const RenderContext& ctx)
{
  // One statement: the table is never without its key in between (the key's name is always
  // PRIMARY on MySQL). The table is rebuilt (risk L402). An AUTO_INCREMENT column must stay a
  // key: one that leaves the key loses the attribute in the same statement, and one that joins
  // it gains the attribute here (ADD COLUMN / MODIFY left it out, see identity_waits_for_key).
  const schemas::Table* live = live_table(ctx, op.table);
  const schemas::Table* target = ctx.desired_table(op.table);
  const auto in = [](const std::vector<std::string>& key, const std::string& column) {
    return std::find(key.begin(), key.end(), column) != key.end();
  };
  std::vector<std::string> clauses;
  for (const auto& name : op.before.columns) {
    const schemas::Column* column = live ? live->find_column(name) : nullptr;
    if (column != nullptr && column->identity && !in(op.after.columns, name)) {
      schemas::Column plain = *column;
      plain.identity = false;
      clauses.push_back("MODIFY COLUMN " + column_definition(plain));
    }
  }
  if (!op.before.columns.empty()) {
    clauses.push_back("DROP PRIMARY KEY");
  }
  if (!op.after.columns.empty()) {
    clauses.push_back("ADD " + primary_key_clause(op.after.columns, op.after.comment));
  }
  for (const auto& name : op.after.columns) {
    const schemas::Column* column = target ? target->find_column(name) : nullptr;
    const schemas::Column* old = live ? live->find_column(name) : nullptr;
    if (column != nullptr && column->identity && !(old != nullptr && old->identity && in(op.before.columns, name))) {
      clauses.push_back("MODIFY COLUMN " + column_definition(*column));
    }
  }
  std::string joined;
  for (const auto& clause : clauses) {
    joined += (joined.empty() ? "" : ", ") + clause;
  }
  // With a MODIFY of its own the statement stays alone: a neighbour dropping that column in the
  // same statement would make the MODIFY fail.
  const bool modifies = clauses.size() > (op.before.columns.empty() ? 0U : 1U) + (op.after.columns.empty() ? 0U : 1U);
  return {modifies ? lone_alter_statement(op.table, joined) : alter_statement(op.table, joined)};
}

} // namespace strata::dialects::mysql
