// SQL for each operation kind on PostgreSQL: one function per alternative of schemas::Operation,
// dispatched by std::visit over an overload set (a new operation kind fails to compile here).
// Tables, renames, comments and triggers live here; columns, constraints and the other objects
// in render_columns.cpp, render_constraints.cpp and render_objects.cpp.
#include "dialects/backfill_sql.hpp"
#include "dialects/postgres/partitions.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "dialects/postgres/trigger.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <variant>

namespace strata::dialects::postgres {

namespace {

// A schema leaves with DropSchema (the diff's, or the down file's inverse of the CreateSchema its
// up file ran), never with its last table: a schema there before the up file stays.
Statements drop_table(const schemas::DropTable& op)
{
  return {statement("DROP TABLE " + quote_name(op.table.qualified()))};
}

// The implicit primary-key constraint keeps the old table's name (`<old>_pkey`) through a
// rename; renaming it too keeps the catalog what a fresh CREATE TABLE of the new name gives.
void rename_implicit_primary_key(const schemas::RenameTable& op, const RenderContext& ctx,
                                 const schemas::QualifiedName& table, Statements& out)
{
  const schemas::Table* live = ctx.live ? ctx.live_table(op.from) : nullptr;
  if (live == nullptr || live->primary_key.empty() || op.from.name == op.to.name) {
    return;
  }
  const std::string old_name = derived_name(op.from.name, "_pkey");
  if (!live->primary_key_name.empty() && live->primary_key_name != old_name) {
    return; // an explicit name is the user's: it stays
  }
  out.push_back(statement("ALTER TABLE " + quote_name(table) + " RENAME CONSTRAINT " + quote_identifier(old_name) +
                          " TO " + quote_identifier(derived_name(op.to.name, "_pkey"))));
}

Statements rename_table(const schemas::RenameTable& op, const RenderContext& ctx)
{
  Statements out;
  schemas::QualifiedName current = op.from;
  if (op.from.schema != op.to.schema) {
    if (op.to.schema.empty()) {
      // The default schema has no name in the model; moving into it cannot be spelled statically.
      throw Error(ErrorKind::input, "cannot move table " + op.from.str() +
                                      " into the default schema; name the target schema explicitly");
    }
    out.push_back(statement("ALTER TABLE " + quote_name(current) + " SET SCHEMA " + quote_identifier(op.to.schema)));
    current.schema = op.to.schema;
  }
  if (op.from.name != op.to.name) {
    out.push_back(statement("ALTER TABLE " + quote_name(current) + " RENAME TO " + quote_identifier(op.to.name)));
  }
  rename_implicit_primary_key(op, ctx, op.to, out);
  return out;
}

Statements rename_column(const schemas::RenameColumn& op)
{
  return {statement("ALTER TABLE " + quote_name(op.table) + " RENAME COLUMN " + quote_identifier(op.from) + " TO " +
                    quote_identifier(op.to))};
}

Statements drop_column(const schemas::DropColumn& op)
{
  return {statement("ALTER TABLE " + quote_name(op.table) + " DROP COLUMN " + quote_identifier(op.column.name))};
}

Statements drop_constraint(const schemas::QualifiedName& table, const std::string& name)
{
  return {statement("ALTER TABLE " + quote_name(table) + " DROP CONSTRAINT " + quote_identifier(name))};
}

// "TABLE", or "MATERIALIZED VIEW" for one of either side (whose comment changes in place).
std::string relation_kind(const schemas::QualifiedName& name, const RenderContext& ctx)
{
  for (const auto* schema : {ctx.live, ctx.desired}) {
    const auto* view = schema == nullptr ? nullptr : schema->find_view(name);
    if (view != nullptr && view->materialized) {
      return "MATERIALIZED VIEW";
    }
  }
  return "TABLE";
}

Statements drop_view(const schemas::DropView& op)
{
  // A materialized view's indexes go with it.
  return {statement((op.view.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + quote_name(op.view.qualified()))};
}

Statements add_enum_value(const schemas::AddEnumValue& op)
{
  // IF NOT EXISTS: a re-run after a failure later in the file must not stop here. ADD VALUE runs
  // inside a transaction on PostgreSQL 12+, but the value is usable only after the commit.
  std::string sql = "ALTER TYPE " + quote_name(op.enum_name) + " ADD VALUE IF NOT EXISTS " + quote_literal(op.value);
  if (!op.after_value.empty()) {
    sql += " AFTER " + quote_literal(op.after_value);
  }
  return {statement(sql)};
}

Statements drop_sequence(const schemas::DropSequence& op)
{
  // IF EXISTS: dropping the owning table or column already dropped an owned sequence.
  return {statement("DROP SEQUENCE IF EXISTS " + quote_name(op.sequence.qualified()))};
}

// The definition as written, ON the table under its name in the plan (qualified when it has a schema).
Statements create_trigger(const schemas::CreateTrigger& op)
{
  Statements out{statement(trigger_statement(op.trigger.definition, quote_name(op.table)))};
  if (!op.trigger.comment.empty()) {
    out.push_back(comment_on("TRIGGER", member_target(op.table, op.trigger.name), op.trigger.comment));
  }
  return out;
}

// UNLOGGED / LOGGED (a rewrite: L321), then the storage parameters set and reset.
Statements render_set_table_options(const schemas::SetTableOptions& op)
{
  auto before = op.before;
  auto after = op.after;
  const bool was_unlogged = before.erase("unlogged") > 0;
  const bool unlogged = after.erase("unlogged") > 0;
  Statements out;
  if (was_unlogged != unlogged) {
    out.push_back(statement(alter_table(op.table) + (unlogged ? "SET UNLOGGED" : "SET LOGGED")));
  }
  const auto more = storage_changes("ALTER TABLE " + quote_name(op.table), before, after);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

Statements drop_trigger(const schemas::DropTrigger& op)
{
  return {statement("DROP TRIGGER " + member_target(op.table, op.trigger.name))};
}

} // namespace

Statement statement(std::string sql, bool no_transaction, std::string comment)
{
  return Statement{std::move(sql), std::move(comment), no_transaction};
}

std::string alter_table(const schemas::QualifiedName& table)
{
  return "ALTER TABLE " + quote_name(table) + " ";
}

Statement comment_on(const std::string& kind, const std::string& target, const std::string& comment)
{
  return statement("COMMENT ON " + kind + " " + target + " IS " + (comment.empty() ? "NULL" : quote_literal(comment)));
}

Statement comment_on_column(const schemas::QualifiedName& relation, const std::string& column,
                            const std::string& comment)
{
  return comment_on("COLUMN", quote_name(relation) + "." + quote_identifier(column), comment);
}

std::string member_target(const schemas::QualifiedName& table, const std::string& trigger)
{
  return quote_identifier(trigger) + " ON " + quote_name(table);
}

std::string derived_name(const std::string& base, const std::string& suffix)
{
  constexpr size_t k_max_identifier = 63; // NAMEDATALEN - 1
  std::string head = base;
  if (head.size() + suffix.size() > k_max_identifier) {
    head.resize(k_max_identifier > suffix.size() ? k_max_identifier - suffix.size() : 0);
    while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80) {
      head.pop_back(); // never cut a UTF-8 sequence in half
    }
    if (!head.empty() && (static_cast<unsigned char>(head.back()) & 0x80) != 0) {
      head.pop_back();
    }
  }
  return head + suffix;
}

bool table_exists_before(const RenderContext& ctx, const schemas::QualifiedName& table)
{
  if (ctx.live == nullptr) {
    return false;
  }
  if (ctx.live_table(table) != nullptr) {
    return true;
  }
  if (ctx.desired != nullptr) {
    const schemas::Table* desired = ctx.desired_table(table);
    if (desired != nullptr && !desired->renamed_from.empty()) {
      return ctx.live_table({table.schema, desired->renamed_from}) != nullptr;
    }
  }
  return false;
}

void ensure_schema(const std::string& schema, RenderContext& ctx, Statements& out)
{
  // A schema the live database has (one the reader saw) needs no statement; an extension's own
  // schema is not among those, and gets the harmless IF NOT EXISTS.
  if (schema.empty() || (ctx.live != nullptr && ctx.live->find_namespace(schema) != nullptr) ||
      !ctx.created_schemas.insert(schema).second) {
    return;
  }
  out.push_back(statement("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema)));
}

Statements render_add_table(const schemas::AddTable& op, RenderContext& ctx)
{
  const schemas::Table& table = op.table;
  Statements out;
  ensure_schema(table.schema, ctx, out);
  std::vector<std::string> parts; // a partition has no columns (its parent's), only its own constraints
  for (const auto& column : table.columns) {
    parts.push_back(column_definition(column));
  }
  if (!table.primary_key.empty()) {
    parts.push_back(primary_key_clause(table));
  }
  for (const auto& index : table.indexes) {
    if (index.constraint) {
      parts.push_back(unique_clause(index));
    }
  }
  // CREATE TABLE ignores NOT VALID (an empty table has no rows to skip): such constraints are
  // added NOT VALID right after it.
  Statements not_valid;
  for (const auto& check : table.checks) {
    if (check.not_valid) {
      const auto add = render_add_check({table.qualified(), check}, ctx);
      not_valid.insert(not_valid.end(), add.begin(), add.end());
    } else {
      parts.push_back(check_clause(check));
    }
  }
  for (const auto& fk : table.foreign_keys) {
    if (fk.not_valid) {
      const auto add = render_add_foreign_key({table.qualified(), fk}, ctx);
      not_valid.insert(not_valid.end(), add.begin(), add.end());
    } else {
      parts.push_back(foreign_key_clause(fk));
    }
  }
  // Options (normalize keeps them on plain tables only): UNLOGGED and the storage parameters.
  std::map<std::string, std::string> with = table.options;
  const bool unlogged = with.erase("unlogged") > 0;
  out.push_back(statement(table.partition_of->empty()
                            ? std::string(unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ") +
                                quote_name(table.qualified()) + " " + element_list(parts) +
                                partition_by_clause(table.partitioning) +
                                (with.empty() ? std::string() : " WITH (" + storage_list(with) + ")")
                            : create_partition_sql(table, parts)));
  out.insert(out.end(), not_valid.begin(), not_valid.end());
  if (!table.comment.empty()) {
    out.push_back(comment_on("TABLE", quote_name(table.qualified()), table.comment));
  }
  // Comments on the constraints declared in CREATE TABLE (the NOT VALID ones carry theirs).
  if (!table.primary_key.empty() && !table.primary_key_comment.empty()) {
    out.push_back(constraint_comment(table.qualified(),
                                     table.primary_key_name.empty() ? derived_name(table.name, "_pkey")
                                                                    : table.primary_key_name.str(),
                                     table.primary_key_comment));
  }
  for (const auto& index : table.indexes) {
    if (index.constraint && !index.comment.empty()) {
      out.push_back(constraint_comment(table.qualified(), index.name, index.comment));
    }
  }
  for (const auto& check : table.checks) {
    if (!check.not_valid && !check.comment.empty()) {
      out.push_back(constraint_comment(table.qualified(), check.name, check.comment));
    }
  }
  for (const auto& fk : table.foreign_keys) {
    if (!fk.not_valid && !fk.comment.empty()) {
      out.push_back(constraint_comment(table.qualified(), fk.name, fk.comment));
    }
  }
  for (const auto& column : table.columns) {
    if (!column.comment.empty()) {
      out.push_back(comment_on_column(table.qualified(), column.name, column.comment));
    }
  }
  serial_sequence_types(table.qualified(), table.columns, out);
  own_sequences(table, ctx, out);
  for (const auto& trigger : table.triggers) {
    const auto more = create_trigger({table.qualified(), trigger});
    out.insert(out.end(), more.begin(), more.end());
  }
  if (!table.row_security.empty()) {
    const auto more = set_row_security(table.qualified(), table.row_security);
    out.insert(out.end(), more.begin(), more.end());
  }
  for (const auto& policy : table.policies) {
    const auto more = create_policy(table.qualified(), policy);
    out.insert(out.end(), more.begin(), more.end());
  }
  for (const auto& rule : table.rules) {
    const auto more = create_rule(table.qualified(), rule);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx)
{
  using namespace schemas;
  return std::visit(
    Overloaded{
      [&](const AddTable& o) { return render_add_table(o, ctx); },
      [](const DropTable& o) { return drop_table(o); },
      [&](const RenameTable& o) { return rename_table(o, ctx); },
      [&](const SetTableComment& o) {
        return Statements{comment_on(relation_kind(o.table, ctx), quote_name(o.table), o.after)};
      },
      [](const AddColumn& o) { return render_add_column(o); },
      [](const DropColumn& o) { return drop_column(o); },
      [&](const AlterColumn& o) { return render_alter_column(o, ctx); },
      [](const RenameColumn& o) { return rename_column(o); },
      [&](const AddIndex& o) { return render_add_index(o, ctx); },
      [&](const DropIndex& o) { return render_drop_index(o, ctx); },
      [&](const AddForeignKey& o) { return render_add_foreign_key(o, ctx); },
      [](const DropForeignKey& o) { return drop_constraint(o.table, o.foreign_key.name); },
      [&](const AddCheck& o) { return render_add_check(o, ctx); },
      [](const DropCheck& o) { return drop_constraint(o.table, o.check.name); },
      [&](const CreateView& o) { return render_create_view(o, ctx); },
      [](const DropView& o) { return drop_view(o); },
      [&](const CreateEnum& o) { return render_create_enum(o, ctx); },
      [](const AddEnumValue& o) { return add_enum_value(o); },
      [&](const DropEnum& o) { return render_drop_enum(o, ctx); },
      [&](const CreateSequence& o) { return render_create_sequence(o, ctx); },
      [](const DropSequence& o) { return drop_sequence(o); },
      [](const AlterSequence& o) { return render_alter_sequence(o); },
      [](const CreateTrigger& o) { return create_trigger(o); },
      [](const DropTrigger& o) { return drop_trigger(o); },
      [&op](const RebuildTable&) -> Statements {
        throw Error(ErrorKind::internal, "PostgreSQL alters tables in place; the planner must not " + describe(op));
      },
      [&](const SetPrimaryKey& o) { return render_set_primary_key(o, ctx); },
      [](const SetTableOptions& o) { return render_set_table_options(o); },
      [](const ValidateConstraint& o) { return render_validate_constraint(o); },
      [](const SetPartitioning& o) -> Statements { refuse_repartitioning(o); },
      [](const SetPartitionOf& o) { return render_set_partition_of(o); },
      [&](const CreateFunction& o) { return create_function(o.function, ctx, true); },
      [](const DropFunction& o) { return drop_function(o.function); },
      // CREATE OR REPLACE keeps the comment: a changed one is a SetObjectComment of its own.
      [&](const ReplaceFunction& o) { return create_function(o.after, ctx, false); },
      [&](const CreateExtension& o) { return render_create_extension(o, ctx); },
      // No CASCADE: the server refuses while a column, index or function still uses its objects.
      [](const DropExtension& o) { return Statements{statement("DROP EXTENSION " + quote_identifier(o.extension.name))}; },
      [&](const AlterExtension& o) { return render_alter_extension(o, ctx); },
      [&](const CreateDomain& o) { return render_create_domain(o, ctx); },
      [](const DropDomain& o) { return Statements{statement("DROP DOMAIN " + quote_name(o.domain.qualified()))}; },
      [](const AlterDomain& o) { return render_alter_domain(o); },
      [&](const CreateCompositeType& o) { return render_create_composite_type(o, ctx); },
      // No CASCADE: the server refuses while a column, domain or function still uses the type.
      [](const DropCompositeType& o) { return Statements{statement("DROP TYPE " + quote_name(o.type.qualified()))}; },
      [](const AlterCompositeType& o) { return render_alter_composite_type(o); },
      [](const SetIndexStorage& o) { return render_set_index_storage(o); },
      [&op](const SetIndexVisibility&) -> Statements {
        throw Error(ErrorKind::internal, "PostgreSQL has no invisible indexes; the planner must not " + describe(op));
      },
      [&op](const SetSystemVersioning&) -> Statements {
        throw Error(ErrorKind::internal, "PostgreSQL has no system-versioned tables; the planner must not " + describe(op));
      },
      [](const SetConstraintComment& o) { return render_set_constraint_comment(o); },
      [](const CreatePolicy& o) { return create_policy(o.table, o.policy); },
      [](const DropPolicy& o) { return drop_policy(o.table, o.policy); },
      [](const SetRowSecurity& o) { return set_row_security(o.table, o.after); },
      [](const SetObjectComment& o) { return render_set_object_comment(o); },
      [](const CreateRule& o) { return create_rule(o.relation, o.rule); },
      [](const DropRule& o) { return drop_rule(o.relation, o.rule); },
      [&op](const CreateVirtualTable&) -> Statements {
        throw Error(ErrorKind::internal, "virtual tables are SQLite's; the planner must not " + describe(op));
      },
      [&op](const DropVirtualTable&) -> Statements {
        throw Error(ErrorKind::internal, "virtual tables are SQLite's; the planner must not " + describe(op));
      },
      [](const BackfillColumn& o) { return Statements{backfill_statement(o, '"')}; },
      [&](const CreateSchema& o) { return render_create_schema(o, ctx); },
      // No CASCADE: the server refuses, naming the schema, while anything is still in it.
      [](const DropSchema& o) { return Statements{statement("DROP SCHEMA " + quote_identifier(o.schema.name))}; },
      [](const SetPrivileges& o) { return render_set_privileges(o); },
    },
    op);
}

} // namespace strata::dialects::postgres
