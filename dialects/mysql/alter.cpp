// Capabilities, in-place ALTER questions, engine risks and probe SQL for MySQL/MariaDB. Every
// change is an ALTER TABLE (no table rebuild of strata's own); what the server must do to perform
// it is told by the locking risks below, on tables that exist before the plan.
// The codes, kinds and levels live in the catalogue (schemas/risk_codes.cpp, the README's Risks
// table). Beyond its titles: the first FULLTEXT index of a table also rebuilds it, and which
// column changes copy the table and which rebuild it online is decided by alter_column_cost.
#include "dialects/mysql/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "dialects/probe_sql.hpp"

#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"

#include <algorithm>
#include <concepts>
#include <cctype>
#include <variant>

namespace strata::dialects::mysql {

namespace {

using schemas::make_risk;
using schemas::Risk;
using schemas::RiskCode;

// Without a schema to ask, a table is taken to exist (the cautious answer for locks).
bool exists_before(const RiskContext& context, const schemas::QualifiedName& table)
{
  return context.before == nullptr || context.before_table(table) != nullptr;
}

// Whether ADD COLUMN appends (the column ends the table in the schema the plan leads to is not
// known here: a named predecessor that is the table's last column before the change appends).
bool appends(const schemas::AddColumn& op, const RiskContext& context)
{
  const schemas::Table* table = context.before_table(op.table);
  return table != nullptr && !table->columns.empty() && table->columns.back().name == op.after_column;
}

void column_risks(const schemas::Operation& op, const RiskContext& context, std::vector<Risk>& out)
{
  if (const auto* add = std::get_if<schemas::AddColumn>(&op)) {
    const auto& c = add->column;
    const std::string column = add->table.str() + "." + c.name;
    if (c.identity || (c.generated && c.generated->stored)) {
      out.push_back(make_risk(RiskCode::mysql_add_column_copy,
                              "adding " + std::string(c.identity ? "AUTO_INCREMENT" : "STORED generated") + " column " +
                                column + " copies the table (writes blocked until the copy ends)"));
    } else if (!appends(*add, context)) {
      out.push_back(make_risk(RiskCode::mysql_online_rebuild,
                              "placing column " + column + (add->after_column.empty() ? " first" : " after " +
                                                            add->after_column) +
                                " rebuilds the table online on MySQL before 8.0.29 (instant on MariaDB 10.4+)"));
    }
  } else if (const auto* drop = std::get_if<schemas::DropColumn>(&op)) {
    out.push_back(make_risk(RiskCode::mysql_online_rebuild,
                            "dropping column " + drop->table.str() + "." + drop->column.name +
                              " rebuilds the table online on MySQL before 8.0.29 (instant on MariaDB 10.4+)"));
  } else if (const auto* alter = std::get_if<schemas::AlterColumn>(&op)) {
    const ColumnChangeCost cost = alter_column_cost(*alter);
    const std::string column = alter->table.str() + "." + alter->after.name;
    if (cost.copies) {
      out.push_back(make_risk(RiskCode::mysql_column_copy,
                              "changing column " + column + " (" + cost.why +
                                ") copies the table: writes are blocked until the copy ends"));
    } else if (cost.rebuilds) {
      out.push_back(make_risk(RiskCode::mysql_online_rebuild,
                              "changing column " + column + " (" + cost.why + ") rebuilds the table online"));
    }
  }
}

void table_risks(const schemas::Operation& op, std::vector<Risk>& out)
{
  if (const auto* key = std::get_if<schemas::SetPrimaryKey>(&op)) {
    const bool comment_only = key->before.columns == key->after.columns && !key->before.columns.empty();
    out.push_back(make_risk(RiskCode::mysql_primary_key,
                            (comment_only ? "changing the comment of the primary key of " + key->table.str() +
                                              " drops and adds the key, which rebuilds the table"
                                          : "changing the primary key of " + key->table.str() + " rebuilds the table") +
                              " (its rows are stored in primary-key order)"));
  } else if (const auto* partitioning = std::get_if<schemas::SetPartitioning>(&op)) {
    if (!partitioning->in_place()) {
      out.push_back(make_risk(RiskCode::mysql_partitioning,
                              schemas::describe(op) + " copies the table: writes are blocked until the copy ends"));
    }
  } else if (const auto* options = std::get_if<schemas::SetTableOptions>(&op)) {
    out.push_back(make_risk(RiskCode::mysql_table_options,
                            schemas::describe(op) + " copies the table: writes are blocked until the copy ends"));
    (void)options;
  }
}

// An index's comment changes by dropping and adding the index in one statement: MariaDB changes
// only metadata, MySQL 8 builds the index again (online, but as long as a new index's build; a
// FULLTEXT or SPATIAL one blocks writes meanwhile, and InnoDB's implicit primary key is the table).
void index_comment_risks(const schemas::SetConstraintComment& op, const RiskContext& context, std::vector<Risk>& out)
{
  const schemas::Table* table = context.before_table(op.table);
  const schemas::Index* index = table ? table->find_index(op.name) : nullptr;
  const std::string what = "changing the comment of index " + op.name + " on " + op.table.str();
  const std::string method = index ? lex::ascii_lower(index->method.str()) : std::string();
  if (index != nullptr && may_cluster_table(*table, *index)) {
    out.push_back(make_risk(RiskCode::mysql_primary_key,
                            what + ", which InnoDB may use as the primary key of a table without one, drops and adds "
                                   "it: the table is copied (writes blocked until the copy ends)"));
  } else if (method == "fulltext" || method == "spatial") {
    out.push_back(make_risk(RiskCode::mysql_fulltext_index,
                            what + " builds the " + method +
                              " index again on MySQL 8, blocking writes for the build (MariaDB changes only metadata)"));
  } else {
    out.push_back(make_risk(RiskCode::mysql_online_rebuild,
                            what + " builds the index again online on MySQL 8 (MariaDB changes only metadata)"));
  }
}

void constraint_risks(const schemas::Operation& op, const RiskContext& context, std::vector<Risk>& out)
{
  if (const auto* drop = std::get_if<schemas::DropIndex>(&op)) {
    const schemas::Table* table = context.before_table(drop->table);
    if (table != nullptr && may_cluster_table(*table, drop->index)) {
      out.push_back(make_risk(RiskCode::mysql_primary_key,
                              "dropping unique index " + drop->index.name + " of " + drop->table.str() +
                                ", which InnoDB may use as the primary key of a table without one, copies the table "
                                "(writes blocked until the copy ends)"));
    }
  } else if (const auto* add = std::get_if<schemas::AddIndex>(&op)) {
    const std::string method = lex::ascii_lower(add->index.method.str());
    if (method == "fulltext" || method == "spatial") {
      out.push_back(make_risk(RiskCode::mysql_fulltext_index,
                              "building " + method + " index " + add->index.name + " on " + add->table.str() +
                                " blocks writes for the whole build"));
    }
  } else if (const auto* comment = std::get_if<schemas::SetConstraintComment>(&op); comment && comment->index) {
    index_comment_risks(*comment, context, out);
  } else if (const auto* fk = std::get_if<schemas::AddForeignKey>(&op)) {
    out.push_back(make_risk(RiskCode::mysql_foreign_key,
                            "adding foreign key " + fk->foreign_key.name + " to " + fk->table.str() +
                              " copies the table (foreign_key_checks is on): writes blocked until the copy ends"));
  } else if (const auto* check = std::get_if<schemas::AddCheck>(&op)) {
    out.push_back(make_risk(RiskCode::mysql_check,
                            "adding check " + check->check.name + " to " + check->table.str() +
                              " copies the table to validate its rows: writes blocked until the copy ends"));
  }
}

// MariaDB runs these on a system-versioned table only under system_versioning_alter_history=KEEP
// (versioning.cpp): the history rows are rewritten with the table.
void versioned_table_risks(const schemas::Operation& op, const schemas::Table* table, std::vector<Risk>& out)
{
  const bool rewrites = std::holds_alternative<schemas::AddColumn>(op) || std::holds_alternative<schemas::DropColumn>(op) ||
                        std::holds_alternative<schemas::AlterColumn>(op) ||
                        std::holds_alternative<schemas::SetPrimaryKey>(op) ||
                        std::holds_alternative<schemas::SetTableOptions>(op) ||
                        std::holds_alternative<schemas::SetPartitioning>(op);
  if (rewrites && table != nullptr && table->versioning->enabled) {
    out.push_back(make_risk(RiskCode::versioned_alter,
                            schemas::describe(op) + ": MariaDB rewrites the history rows of system-versioned table " +
                              table->qualified().str() + " too (system_versioning_alter_history=KEEP for the statement)"));
  }
}

} // namespace

Capabilities capabilities()
{
  Capabilities c; // every alter_* defaults to true: ALTER TABLE expresses every change
  c.transactional_ddl = false; // every DDL statement commits implicitly
  c.comments = true;
  c.schemas = false;           // one database per connection
  c.enum_types = false;        // ENUM is a column type, not a named type
  c.sequences = true;          // MariaDB 10.3+ CREATE SEQUENCE (MySQL 8 has none: refused there at apply)
  c.concurrent_index = false;  // ALGORITHM=INPLACE, LOCK=NONE instead
  c.table_rebuild = false;
  c.alter_table_options = true;    // ENGINE=, CONVERT TO CHARACTER SET
  c.fk_requires_index = true;      // InnoDB: an index whose leading columns are the key's
  c.merge_alter_table = true;      // one ALTER TABLE per table where the changes are consecutive
  c.primary_key_comment_in_place = false; // PRIMARY KEY (…) COMMENT is part of the key
  c.alter_foreign_key_column_type = false; // "Cannot change column ...: used in a foreign key"
  c.case_insensitive_names = true; // column, index and constraint names
  c.index_name_scope = schemas::IndexNameScope::table;
  c.server_side_backups = true;    // the strata_backup database
  c.narrowing_rejects_long_values = true; // strict mode: "Data truncated for column"
  c.creation_table_options = {"auto_increment"}; // CREATE TABLE … AUTO_INCREMENT=n only
  return c;
}

bool can_alter_in_place(const AlterQuestion& question)
{
  if (question.operation == nullptr) {
    throw Error(ErrorKind::internal, "can_alter_in_place asked without an operation");
  }
  return true; // no change needs strata's own copy; the server's copies carry locking risks
}

schemas::QualifiedName table_of(const schemas::Operation& op)
{
  return std::visit(
    [](const auto& o) -> schemas::QualifiedName {
      if constexpr (requires { o.table.qualified(); }) {
        return o.table.qualified();
      } else if constexpr (requires { { o.table } -> std::convertible_to<schemas::QualifiedName>; }) {
        return o.table;
      } else {
        return {};
      }
    },
    op);
}

std::vector<schemas::Risk> engine_risks(const schemas::Operation& op, const RiskContext& context)
{
  std::vector<Risk> out;
  const schemas::QualifiedName table = table_of(op);
  if (table.name.empty() || !exists_before(context, table)) {
    return out; // a table created by the plan is empty: nothing to copy or lock for long
  }
  versioned_table_risks(op, context.before_table(table), out);
  column_risks(op, context, out);
  table_risks(op, out);
  constraint_risks(op, context, out);
  return out;
}

std::string probe_sql(const ProbeQuery& probe)
{
  return render_probe_sql(probe, ProbeSyntax{quote_identifier, quote_name,
                                            [](const std::string& column) { return "CHAR_LENGTH(" + column + ")"; },
                                            quote_literal,
                                            [](const std::string& column, const schemas::ColumnType& from,
                                               const schemas::ColumnType& to) {
                                              return changed_value_condition(column, from, to).value_or("FALSE");
                                            }});
}

} // namespace strata::dialects::mysql
