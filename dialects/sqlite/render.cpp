// SQL for each operation kind on SQLite: one function per alternative of schemas::Operation,
// dispatched by std::visit over an overload set (a new operation kind fails to compile here).
#include "dialects/backfill_sql.hpp"
#include "dialects/sqlite/render_parts.hpp"

#include "schemas/error.hpp"

#include <variant>

namespace strata::dialects::sqlite {

Statement statement(std::string sql, std::string comment)
{
  return Statement{std::move(sql), std::move(comment), false};
}

namespace {

using Statements = std::vector<Statement>;

[[noreturn]] void needs_rebuild(const schemas::Operation& op)
{
  throw Error(ErrorKind::internal, "SQLite cannot " + schemas::describe(op) +
                                     " with ALTER TABLE; the planner must lower it into a table rebuild");
}

[[noreturn]] void unsupported(const schemas::Operation& op)
{
  throw Error(ErrorKind::input, schemas::describe(op) + ": enum types and sequences are not supported on SQLite");
}

Statements add_table(const schemas::AddTable& op)
{
  Statements out{statement(create_table_sql(op.table, op.table.qualified()))};
  for (const auto& trigger : op.table.triggers) {
    out.push_back(statement(trigger_sql(trigger)));
  }
  return out;
}

Statements drop_table(const schemas::DropTable& op)
{
  return {statement("DROP TABLE " + qualified(op.table.qualified()))};
}

Statements rename_table(const schemas::RenameTable& op)
{
  return {statement("ALTER TABLE " + qualified(op.from) + " RENAME TO " + quote_identifier(op.to.name))};
}

Statements add_column(const schemas::AddColumn& op)
{
  return {statement("ALTER TABLE " + qualified(op.table) + " ADD COLUMN " + column_definition(op.column, false))};
}

Statements drop_column(const schemas::DropColumn& op)
{
  return {statement("ALTER TABLE " + qualified(op.table) + " DROP COLUMN " + quote_identifier(op.column.name))};
}

Statements rename_column(const schemas::RenameColumn& op)
{
  return {statement("ALTER TABLE " + qualified(op.table) + " RENAME COLUMN " + quote_identifier(op.from) + " TO " +
                    quote_identifier(op.to))};
}

Statements add_index(const schemas::AddIndex& op, const schemas::Operation& whole)
{
  if (op.index.constraint) {
    needs_rebuild(whole); // a UNIQUE table constraint lives in CREATE TABLE
  }
  return {statement(create_index_sql(op.table, op.index))};
}

Statements drop_index(const schemas::DropIndex& op, const schemas::Operation& whole)
{
  if (op.index.constraint) {
    needs_rebuild(whole);
  }
  return {statement("DROP INDEX " + qualified({op.table.schema, op.index.name}))};
}

Statements create_view(const schemas::CreateView& op)
{
  std::string sql = "CREATE VIEW " + qualified(op.view.qualified());
  if (!op.view.columns.empty()) {
    sql += " (" + column_list(op.view.columns) + ")";
  }
  return {statement(sql + " AS " + op.view.query)};
}

Statements drop_view(const schemas::DropView& op)
{
  return {statement("DROP VIEW " + qualified(op.view.qualified()))};
}

Statements create_trigger(const schemas::CreateTrigger& op)
{
  return {statement(trigger_sql(op.trigger))};
}

Statements drop_trigger(const schemas::DropTrigger& op)
{
  return {statement("DROP TRIGGER " + qualified({op.table.schema, op.trigger.name}))};
}

// CREATE VIRTUAL TABLE "name" USING "module"(arguments): the arguments go to the module as
// written; a module without arguments takes no parentheses.
Statements create_virtual_table(const schemas::CreateVirtualTable& op)
{
  std::string sql = "CREATE VIRTUAL TABLE " + quote_identifier(op.table.name) + " USING " +
                    quote_identifier(op.table.module);
  if (!op.table.arguments.empty()) {
    sql += "(" + op.table.arguments + ")";
  }
  return {statement(sql)};
}

} // namespace

std::vector<Statement> render(const schemas::Operation& op, RenderContext& /*ctx*/)
{
  using namespace schemas;
  return std::visit(
    Overloaded{
      [](const AddTable& o) { return add_table(o); },
      [](const DropTable& o) { return drop_table(o); },
      [](const RenameTable& o) { return rename_table(o); },
      [](const SetTableComment&) { return Statements{}; }, // SQLite does not store comments
      [](const AddColumn& o) { return add_column(o); },
      [](const DropColumn& o) { return drop_column(o); },
      [&op](const AlterColumn&) -> Statements { needs_rebuild(op); },
      [](const RenameColumn& o) { return rename_column(o); },
      [&op](const AddIndex& o) { return add_index(o, op); },
      [&op](const DropIndex& o) { return drop_index(o, op); },
      [&op](const AddForeignKey&) -> Statements { needs_rebuild(op); },
      [&op](const DropForeignKey&) -> Statements { needs_rebuild(op); },
      [&op](const AddCheck&) -> Statements { needs_rebuild(op); },
      [&op](const DropCheck&) -> Statements { needs_rebuild(op); },
      [](const CreateView& o) { return create_view(o); },
      [](const DropView& o) { return drop_view(o); },
      [&op](const CreateEnum&) -> Statements { unsupported(op); },
      [&op](const AddEnumValue&) -> Statements { unsupported(op); },
      [&op](const DropEnum&) -> Statements { unsupported(op); },
      [&op](const CreateSequence&) -> Statements { unsupported(op); },
      [&op](const DropSequence&) -> Statements { unsupported(op); },
      [&op](const AlterSequence&) -> Statements { unsupported(op); },
      [](const CreateTrigger& o) { return create_trigger(o); },
      [](const DropTrigger& o) { return drop_trigger(o); },
      [](const RebuildTable& o) { return render_rebuild(o); },
      [&op](const SetPrimaryKey&) -> Statements { needs_rebuild(op); }, // alter_primary_key is false
      [&op](const SetTableOptions&) -> Statements { needs_rebuild(op); }, // alter_table_options is false
      [&op](const ValidateConstraint&) -> Statements { unsupported(op); }, // no NOT VALID (normalize)
      [&op](const SetPartitioning&) -> Statements { unsupported(op); },     // no partitions (normalize)
      [&op](const CreateFunction&) -> Statements { unsupported(op); },
      [&op](const DropFunction&) -> Statements { unsupported(op); },
      [&op](const ReplaceFunction&) -> Statements { unsupported(op); },
      [&op](const CreateExtension&) -> Statements { unsupported(op); },
      [&op](const DropExtension&) -> Statements { unsupported(op); },
      [&op](const AlterExtension&) -> Statements { unsupported(op); },
      [&op](const CreateDomain&) -> Statements { unsupported(op); },
      [&op](const DropDomain&) -> Statements { unsupported(op); },
      [&op](const AlterDomain&) -> Statements { unsupported(op); },
      [&op](const CreateCompositeType&) -> Statements { unsupported(op); },
      [&op](const DropCompositeType&) -> Statements { unsupported(op); },
      [&op](const AlterCompositeType&) -> Statements { unsupported(op); },
      [&op](const SetIndexStorage&) -> Statements { unsupported(op); },
      [&op](const SetIndexVisibility&) -> Statements { unsupported(op); },
      [&op](const SetSystemVersioning&) -> Statements { unsupported(op); }, // MariaDB's (normalize refuses it)
      [&op](const SetConstraintComment&) -> Statements { unsupported(op); },
      [&op](const SetObjectComment&) -> Statements { unsupported(op); },
      [&op](const CreatePolicy&) -> Statements { unsupported(op); },
      [&op](const DropPolicy&) -> Statements { unsupported(op); },
      [&op](const SetRowSecurity&) -> Statements { unsupported(op); },
      [&op](const SetPartitionOf&) -> Statements { unsupported(op); }, // no partitions (normalize)
      [&op](const CreateRule&) -> Statements { unsupported(op); },     // no rules (normalize)
      [&op](const DropRule&) -> Statements { unsupported(op); },
      [](const CreateVirtualTable& o) { return create_virtual_table(o); },
      // The module drops its shadow tables with it.
      [](const DropVirtualTable& o) { return Statements{statement("DROP TABLE " + quote_identifier(o.table.name))}; },
      [](const BackfillColumn& o) { return Statements{backfill_statement(o, '"')}; },
      [&op](const CreateSchema&) -> Statements { unsupported(op); },
      [&op](const DropSchema&) -> Statements { unsupported(op); },
      [&op](const SetPrivileges&) -> Statements { unsupported(op); },
    },
    op);
}

} // namespace strata::dialects::sqlite
