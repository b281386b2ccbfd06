#include "cli/output/difference.hpp"

#include "cli/output/definition.hpp"
#include "schemas/privileges.hpp"

#include <type_traits>

namespace strata::cli {

namespace {

using namespace schemas;

std::string on(const QualifiedName& table)
{
  return " on " + table.str();
}

Difference added(std::string object, std::string definition)
{
  return Difference{std::move(object), std::move(definition), k_absent};
}

Difference dropped(std::string object, std::string definition)
{
  return Difference{std::move(object), k_absent, std::move(definition)};
}

} // namespace

Difference difference_of(const Operation& op, const std::string& engine, const Schema* live, const Schema* desired)
{
  auto enum_in = [](const Schema* schema, const QualifiedName& name) {
    const Enum* e = schema ? schema->find_enum(name) : nullptr;
    return e ? enum_definition(*e) : std::string(k_absent);
  };
  return std::visit(
    [&](const auto& o) -> Difference {
      using T = std::decay_t<decltype(o)>;
      if constexpr (std::is_same_v<T, AddTable>) {
        return added("table " + o.table.qualified().str(), table_definition(o.table, engine));
      } else if constexpr (std::is_same_v<T, DropTable>) {
        return dropped("table " + o.table.qualified().str(), table_definition(o.table, engine));
      } else if constexpr (std::is_same_v<T, RenameTable>) {
        return {"table " + o.to.str(), "TABLE " + display_name(o.to), "TABLE " + display_name(o.from)};
      } else if constexpr (std::is_same_v<T, SetTableComment>) {
        return {"comment of table " + o.table.str(), comment_definition(o.after), comment_definition(o.before)};
      } else if constexpr (std::is_same_v<T, AddColumn>) {
        return added("column " + o.table.str() + "." + o.column.name, column_definition(o.column, engine));
      } else if constexpr (std::is_same_v<T, DropColumn>) {
        return dropped("column " + o.table.str() + "." + o.column.name, column_definition(o.column, engine));
      } else if constexpr (std::is_same_v<T, AlterColumn>) {
        return {"column " + o.table.str() + "." + o.after.name, column_definition(o.after, engine),
                column_definition(o.before, engine)};
      } else if constexpr (std::is_same_v<T, RenameColumn>) {
        return {"column " + o.table.str() + "." + o.to, "column " + display_identifier(o.to), "column " + display_identifier(o.from)};
      } else if constexpr (std::is_same_v<T, AddIndex>) {
        return added("index " + o.index.name + on(o.table), index_definition(o.index, o.table));
      } else if constexpr (std::is_same_v<T, DropIndex>) {
        return dropped("index " + o.index.name + on(o.table), index_definition(o.index, o.table));
      } else if constexpr (std::is_same_v<T, AddForeignKey>) {
        return added("foreign key " + o.foreign_key.name + on(o.table), foreign_key_definition(o.foreign_key));
      } else if constexpr (std::is_same_v<T, DropForeignKey>) {
        return dropped("foreign key " + o.foreign_key.name + on(o.table), foreign_key_definition(o.foreign_key));
      } else if constexpr (std::is_same_v<T, AddCheck>) {
        return added("check " + o.check.name + on(o.table), check_definition(o.check));
      } else if constexpr (std::is_same_v<T, DropCheck>) {
        return dropped("check " + o.check.name + on(o.table), check_definition(o.check));
      } else if constexpr (std::is_same_v<T, CreateView>) {
        return added(std::string(o.view.kind()) + " " + o.view.qualified().str(), view_definition(o.view));
      } else if constexpr (std::is_same_v<T, DropView>) {
        return dropped(std::string(o.view.kind()) + " " + o.view.qualified().str(), view_definition(o.view));
      } else if constexpr (std::is_same_v<T, CreateEnum>) {
        return added("enum " + o.enum_type.qualified().str(), enum_definition(o.enum_type));
      } else if constexpr (std::is_same_v<T, DropEnum>) {
        return dropped("enum " + o.enum_type.qualified().str(), enum_definition(o.enum_type));
      } else if constexpr (std::is_same_v<T, AddEnumValue>) {
        return {"enum " + o.enum_name.str(), enum_in(desired, o.enum_name), enum_in(live, o.enum_name)};
      } else if constexpr (std::is_same_v<T, CreateSequence>) {
        return added("sequence " + o.sequence.qualified().str(), sequence_definition(o.sequence));
      } else if constexpr (std::is_same_v<T, DropSequence>) {
        return dropped("sequence " + o.sequence.qualified().str(), sequence_definition(o.sequence));
      } else if constexpr (std::is_same_v<T, CreateTrigger>) {
        return added("trigger " + o.trigger.name + on(o.table), one_line(o.trigger.definition));
      } else if constexpr (std::is_same_v<T, DropTrigger>) {
        return dropped("trigger " + o.trigger.name + on(o.table), one_line(o.trigger.definition));
      } else if constexpr (std::is_same_v<T, AlterSequence>) {
        return {"sequence " + o.after.qualified().str(), sequence_definition(o.after), sequence_definition(o.before)};
      } else if constexpr (std::is_same_v<T, CreateRule>) {
        return added("rule " + o.rule.name + on(o.relation), one_line(o.rule.definition));
      } else if constexpr (std::is_same_v<T, DropRule>) {
        return dropped("rule " + o.rule.name + on(o.relation), one_line(o.rule.definition));
      } else if constexpr (std::is_same_v<T, CreateFunction>) {
        return added("function " + o.function.signature(), o.function.definition);
      } else if constexpr (std::is_same_v<T, DropFunction>) {
        return dropped("function " + o.function.signature(), o.function.definition);
      } else if constexpr (std::is_same_v<T, ReplaceFunction>) {
        return {"function " + o.after.signature(), o.after.definition, o.before.definition};
      } else if constexpr (std::is_same_v<T, CreateDomain>) {
        return added("domain " + o.domain.qualified().str(), domain_definition(o.domain));
      } else if constexpr (std::is_same_v<T, DropDomain>) {
        return dropped("domain " + o.domain.qualified().str(), domain_definition(o.domain));
      } else if constexpr (std::is_same_v<T, AlterDomain>) {
        return {"domain " + o.after.qualified().str(), domain_definition(o.after), domain_definition(o.before)};
      } else if constexpr (std::is_same_v<T, CreateCompositeType>) {
        return added("type " + o.type.qualified().str(), composite_type_definition(o.type));
      } else if constexpr (std::is_same_v<T, DropCompositeType>) {
        return dropped("type " + o.type.qualified().str(), composite_type_definition(o.type));
      } else if constexpr (std::is_same_v<T, AlterCompositeType>) {
        return {"type " + o.after.qualified().str(), composite_type_definition(o.after),
                composite_type_definition(o.before)};
      } else if constexpr (std::is_same_v<T, CreateVirtualTable>) {
        return added("virtual table " + o.table.name, virtual_table_definition(o.table));
      } else if constexpr (std::is_same_v<T, DropVirtualTable>) {
        return dropped("virtual table " + o.table.name, virtual_table_definition(o.table));
      } else if constexpr (std::is_same_v<T, CreateExtension>) {
        return added("extension " + o.extension.name, extension_definition(o.extension));
      } else if constexpr (std::is_same_v<T, DropExtension>) {
        return dropped("extension " + o.extension.name, extension_definition(o.extension));
      } else if constexpr (std::is_same_v<T, AlterExtension>) {
        return {"extension " + o.after.name, extension_definition(o.after), extension_definition(o.before)};
      } else if constexpr (std::is_same_v<T, CreatePolicy>) {
        return added("policy " + o.policy.name + on(o.table), policy_definition(o.policy));
      } else if constexpr (std::is_same_v<T, DropPolicy>) {
        return dropped("policy " + o.policy.name + on(o.table), policy_definition(o.policy));
      } else if constexpr (std::is_same_v<T, SetRowSecurity>) {
        return {"row-level security of table " + o.table.str(), row_security_definition(o.after),
                row_security_definition(o.before)};
      } else if constexpr (std::is_same_v<T, RebuildTable>) {
        return {"table " + o.after.qualified().str(), table_definition(o.after, engine),
                table_definition(o.before, engine)};
      } else if constexpr (std::is_same_v<T, SetPrimaryKey>) {
        return {"primary key of " + o.table.str(),
                primary_key_definition(o.after.columns, o.after.name, o.after.deferrable, o.after.initially_deferred),
                primary_key_definition(o.before.columns, o.before.name, o.before.deferrable, o.before.initially_deferred)};
      } else if constexpr (std::is_same_v<T, SetIndexStorage>) {
        const auto shown = [](const std::map<std::string, std::string>& with) {
          return with.empty() ? std::string("no storage parameters") : "WITH (" + storage_definition(with) + ")";
        };
        return {"storage parameters of index " + o.index + on(o.table), shown(o.after), shown(o.before)};
      } else if constexpr (std::is_same_v<T, SetIndexVisibility>) {
        const auto shown = [](bool invisible) { return std::string(invisible ? "invisible" : "visible"); };
        return {"visibility of index " + o.index + on(o.table), shown(o.invisible), shown(!o.invisible)};
      } else if constexpr (std::is_same_v<T, SetConstraintComment>) {
        return {std::string("comment of ") + (o.index ? "index " : "constraint ") + o.name + on(o.table),
                comment_definition(o.after), comment_definition(o.before)};
      } else if constexpr (std::is_same_v<T, SetObjectComment>) {
        return {"comment of " + shown_commented_object(o), comment_definition(o.after),
                comment_definition(o.before)};
      } else if constexpr (std::is_same_v<T, ValidateConstraint>) {
        auto before = o;
        if (o.foreign_key) {
          before.foreign_key->not_valid = true;
          return {"foreign key " + o.name() + on(o.table), foreign_key_definition(*o.foreign_key),
                  foreign_key_definition(*before.foreign_key)};
        }
        before.check->not_valid = true;
        return {"check " + o.name() + on(o.table), check_definition(*o.check), check_definition(*before.check)};
      } else if constexpr (std::is_same_v<T, SetPartitionOf>) {
        return {"partition bound of table " + o.table.str(), partition_of_definition(o.after),
                partition_of_definition(o.before)};
      } else if constexpr (std::is_same_v<T, CreateSchema>) {
        return added("schema " + shown_namespace(o.schema.name), namespace_definition(o.schema));
      } else if constexpr (std::is_same_v<T, DropSchema>) {
        return dropped("schema " + shown_namespace(o.schema.name), namespace_definition(o.schema));
      } else if constexpr (std::is_same_v<T, BackfillColumn>) {
        return {"values of column " + o.table.str() + "." + o.column + " in existing rows", "(" + o.expression + ")",
                "NULL"};
      } else if constexpr (std::is_same_v<T, SetSystemVersioning>) {
        return {"system versioning of table " + o.table.str(), versioning_definition(o.after),
                versioning_definition(o.before)};
      } else if constexpr (std::is_same_v<T, SetPrivileges>) {
        return {"privileges on " + shown_privilege_object(o), shown_grants(o.after), shown_grants(o.before)};
      } else if constexpr (std::is_same_v<T, SetPartitioning>) {
        return {"partitioning of table " + o.table.str(), partitioning_definition(o.after),
                partitioning_definition(o.before)};
      } else {
        static_assert(std::is_same_v<T, SetTableOptions>, "every operation has a difference");
        return {"options of table " + o.table.str(), options_definition(o.after), options_definition(o.before)};
      }
    },
    op);
}

} // namespace strata::cli
