// Attribution of lint findings to statements, and rename hints (lint_attribution.hpp).
#include "schemas/text.hpp"
#include "workflows/lint_attribution.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>
#include <variant>

namespace strata::workflows {

using migrations::SqlToken;
using schemas::QualifiedName;

namespace {

// The table and the object names a statement performing `op` would mention.
struct Subject {
  std::string table;
  std::vector<std::string> names;
};

Subject subject_of(const schemas::Operation& op)
{
  Subject s;
  std::visit(
    [&](const auto& o) {
      using T = std::decay_t<decltype(o)>;
      if constexpr (std::is_same_v<T, schemas::AddTable> || std::is_same_v<T, schemas::DropTable>) {
        s.table = o.table.name;
      } else if constexpr (std::is_same_v<T, schemas::RenameTable>) {
        s = {o.from.name, {o.to.name}};
      } else if constexpr (std::is_same_v<T, schemas::AddColumn> || std::is_same_v<T, schemas::DropColumn>) {
        s = {o.table.name, {o.column.name}};
      } else if constexpr (std::is_same_v<T, schemas::CreateSchema> || std::is_same_v<T, schemas::DropSchema>) {
        s.table = o.schema.name;
      } else if constexpr (std::is_same_v<T, schemas::BackfillColumn>) {
        s = {o.table.name, {o.column}};
      } else if constexpr (std::is_same_v<T, schemas::AlterColumn>) {
        s = {o.table.name, {o.after.name, o.before.name}};
      } else if constexpr (std::is_same_v<T, schemas::RenameColumn>) {
        s = {o.table.name, {o.from, o.to}};
      } else if constexpr (std::is_same_v<T, schemas::AddIndex> || std::is_same_v<T, schemas::DropIndex>) {
        s = {o.table.name, {o.index.name}};
      } else if constexpr (std::is_same_v<T, schemas::AddForeignKey> || std::is_same_v<T, schemas::DropForeignKey>) {
        s = {o.table.name, {o.foreign_key.name}};
      } else if constexpr (std::is_same_v<T, schemas::AddCheck> || std::is_same_v<T, schemas::DropCheck>) {
        s = {o.table.name, {o.check.name}};
      } else if constexpr (std::is_same_v<T, schemas::CreateTrigger> || std::is_same_v<T, schemas::DropTrigger>) {
        s = {o.table.name, {o.trigger.name}};
      } else if constexpr (std::is_same_v<T, schemas::CreateRule> || std::is_same_v<T, schemas::DropRule>) {
        s = {o.relation.name, {o.rule.name}};
      } else if constexpr (std::is_same_v<T, schemas::CreatePolicy> || std::is_same_v<T, schemas::DropPolicy>) {
        s = {o.table.name, {o.policy.name}};
      } else if constexpr (std::is_same_v<T, schemas::CreateView> || std::is_same_v<T, schemas::DropView>) {
        s.table = o.view.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateEnum> || std::is_same_v<T, schemas::DropEnum>) {
        s.table = o.enum_type.name;
      } else if constexpr (std::is_same_v<T, schemas::AddEnumValue>) {
        s.table = o.enum_name.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateSequence> || std::is_same_v<T, schemas::DropSequence>) {
        s.table = o.sequence.name;
      } else if constexpr (std::is_same_v<T, schemas::AlterSequence>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateFunction> || std::is_same_v<T, schemas::DropFunction>) {
        s.table = o.function.name;
      } else if constexpr (std::is_same_v<T, schemas::ReplaceFunction>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateDomain> || std::is_same_v<T, schemas::DropDomain>) {
        s.table = o.domain.name;
      } else if constexpr (std::is_same_v<T, schemas::AlterDomain>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateCompositeType> ||
                           std::is_same_v<T, schemas::DropCompositeType>) {
        s.table = o.type.name;
      } else if constexpr (std::is_same_v<T, schemas::AlterCompositeType>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::CreateExtension> || std::is_same_v<T, schemas::DropExtension>) {
        s.table = o.extension.name;
      } else if constexpr (std::is_same_v<T, schemas::AlterExtension>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::RebuildTable>) {
        s.table = o.after.name;
      } else if constexpr (std::is_same_v<T, schemas::ValidateConstraint>) {
        s = {o.table.name, {o.name()}};
      } else if constexpr (std::is_same_v<T, schemas::SetIndexStorage>) {
        s = {o.table.name, {o.index}};
      } else if constexpr (std::is_same_v<T, schemas::SetIndexVisibility>) {
        s = {o.table.name, {o.index}};
      } else if constexpr (std::is_same_v<T, schemas::SetConstraintComment>) {
        s = {o.table.name, {o.name}};
      } else if constexpr (std::is_same_v<T, schemas::SetPrivileges>) {
        s.table = o.target == schemas::GrantTarget::function ? o.function.name : o.object.name;
      } else if constexpr (std::is_same_v<T, schemas::SetObjectComment>) {
        if (o.kind == schemas::CommentedObject::trigger || o.kind == schemas::CommentedObject::rule ||
            o.kind == schemas::CommentedObject::view_column) {
          s = {o.object.name, {o.member}};
        } else {
          s.table = o.kind == schemas::CommentedObject::function ? o.function.name : o.object.name;
        }
      } else {
        // SetTableComment, SetPrimaryKey, SetTableOptions, SetRowSecurity, SetPartitionOf, and the
        // virtual table of CreateVirtualTable and DropVirtualTable
        s.table = o.table.name;
      }
    },
    op);
  return s;
}

} // namespace


schemas::Table* find_table(schemas::Schema& schema, const QualifiedName& name)
{
  for (auto& table : schema.tables) {
    if (schemas::ascii_iequal(table.name, name.name) && (name.schema.empty() || table.schema.empty() ||
                                           schemas::ascii_iequal(table.schema, name.schema))) {
      return &table;
    }
  }
  return nullptr;
}

schemas::Column* find_column(schemas::Table& table, const std::string& name)
{
  const auto it = std::find_if(table.columns.begin(), table.columns.end(),
                               [&](const schemas::Column& column) { return schemas::ascii_iequal(column.name, name); });
  return it == table.columns.end() ? nullptr : &*it;
}

void hint_renames(const std::vector<migrations::SqlRename>& renames, const schemas::Schema& schema_before,
                  schemas::Schema& after)
{
  if (renames.empty()) {
    return; // the usual case: no copy of `before` (find_table wants it mutable)
  }
  schemas::Schema before = schema_before;
  for (const auto& rename : renames) {
    if (rename.table_rename) {
      auto* old_table = find_table(before, {rename.table.schema, rename.from});
      auto* new_table = find_table(after, {rename.table.schema, rename.to});
      if (old_table != nullptr && new_table != nullptr && find_table(after, old_table->qualified()) == nullptr) {
        new_table->renamed_from = old_table->name;
      }
      continue;
    }
    auto* table = find_table(after, rename.table);
    if (table == nullptr) { // named by its old name, renamed later in the file
      for (auto& t : after.tables) {
        table = schemas::ascii_iequal(t.renamed_from.str(), rename.table.name) ? &t : table;
      }
    }
    const std::string old_name = table == nullptr || table->renamed_from.empty() ? rename.table.name : table->renamed_from.str();
    auto* old_table = table == nullptr ? nullptr : find_table(before, {table->schema, old_name});
    auto* column = table == nullptr ? nullptr : find_column(*table, rename.to);
    auto* old_column = old_table == nullptr ? nullptr : find_column(*old_table, rename.from);
    if (column != nullptr && old_column != nullptr && find_column(*table, rename.from) == nullptr) {
      column->renamed_from = old_column->name;
    }
  }
}

size_t attribute(const schemas::Operation& op, const std::vector<std::vector<SqlToken>>& tokens)
{
  const Subject subject = subject_of(op);
  auto names = [&](size_t i) {
    return std::any_of(subject.names.begin(), subject.names.end(),
                       [&](const std::string& n) { return !n.empty() && migrations::mentions_identifier(tokens[i], n); });
  };
  auto ddl = [&](size_t i) {
    const auto keyword = migrations::leading_keyword(tokens[i]);
    return keyword == "CREATE" || keyword == "ALTER" || keyword == "DROP" || keyword == "RENAME" || keyword == "COMMENT";
  };
  for (int pass = 0; pass < 4; ++pass) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      const bool wants_names = pass < 2 && !subject.names.empty();
      if (migrations::mentions_identifier(tokens[i], subject.table) && (!wants_names || names(i)) &&
          (pass % 2 == 1 || ddl(i))) {
        return i;
      }
    }
  }
  return 0;
}

} // namespace strata::workflows
