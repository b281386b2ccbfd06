// Small helpers shared by the diff passes.

#include "planner/diff.hpp"

#include <algorithm>
#include <variant>

namespace strata::planner::detail {

QualifiedName RenameMap::live_table(const QualifiedName& table) const
{
  const auto it = tables.find(table);
  return it == tables.end() ? table : it->second;
}

std::string RenameMap::live_column(const QualifiedName& table, const std::string& column) const
{
  const auto it = columns.find({table, column});
  return it == columns.end() ? column : it->second;
}

bool RenameMap::table_has_column_renames(const QualifiedName& table) const
{
  const auto it = columns.lower_bound({table, std::string{}});
  return it != columns.end() && it->first.first == table;
}

bool index_uses_column(const schemas::Index& index, const std::string& column)
{
  const auto key_uses = [&](const schemas::IndexKey& key) {
    return key.is_expression() ? mentions(key.expression, column) : key.column == column;
  };
  return std::any_of(index.keys.begin(), index.keys.end(), key_uses) ||
         (!index.where.empty() && mentions(index.where, column)) ||
         std::find(index.include.begin(), index.include.end(), column) != index.include.end();
}

bool is_standalone_index(const schemas::Index& index)
{
  return !index.constraint;
}

QualifiedName operation_table(const schemas::Operation& op)
{
  using namespace schemas;
  return std::visit(
    [](const auto& o) -> QualifiedName {
      using T = std::decay_t<decltype(o)>;
      if constexpr (std::is_same_v<T, AddTable> || std::is_same_v<T, DropTable>) {
        return o.table.qualified();
      } else if constexpr (std::is_same_v<T, RenameTable>) {
        return o.to;
      } else if constexpr (std::is_same_v<T, RebuildTable>) {
        return o.after.qualified();
      } else if constexpr (std::is_same_v<T, CreateView> || std::is_same_v<T, DropView> ||
                           std::is_same_v<T, CreateEnum> || std::is_same_v<T, DropEnum> ||
                           std::is_same_v<T, AddEnumValue> || std::is_same_v<T, CreateSequence> ||
                           std::is_same_v<T, DropSequence>) {
        return {};
      } else {
        return o.table;
      }
    },
    op);
}

} // namespace strata::planner::detail
