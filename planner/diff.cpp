// Small helpers shared by the diff passes.

#include "planner/diff.hpp"

#include <algorithm>
#include <cctype>
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

namespace {
bool same_name(const std::string& a, const std::string& b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool leads_with(const std::vector<std::string>& key, const std::vector<std::string>& columns)
{
  return !columns.empty() && key.size() >= columns.size() &&
         std::equal(columns.begin(), columns.end(), key.begin(), same_name);
}
} // namespace

bool index_serves_foreign_key(const schemas::Index& index, const schemas::ForeignKey& fk)
{
  if (index.keys.size() < fk.columns.size() || !index.where.empty() ||
      (!index.method.empty() && !same_name(index.method, "btree") && !same_name(index.method, "hash"))) {
    return false;
  }
  std::vector<std::string> leading;
  for (size_t i = 0; i < fk.columns.size(); ++i) {
    const auto& key = index.keys[i];
    if (key.is_expression() || key.length > 0) {
      return false;
    }
    leading.push_back(key.column);
  }
  return leads_with(leading, fk.columns);
}

bool foreign_key_served(const schemas::Table& table, const schemas::ForeignKey& fk, const std::string& except)
{
  if (leads_with(table.primary_key, fk.columns)) {
    return true;
  }
  return std::any_of(table.indexes.begin(), table.indexes.end(), [&](const schemas::Index& index) {
    return !same_name(index.name, except) && index_serves_foreign_key(index, fk);
  });
}

bool created_with_table(const schemas::Table& table, const schemas::Index& index, bool fk_requires_index)
{
  if (!is_standalone_index(index)) {
    return true;
  }
  return fk_requires_index && std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                                          [&](const schemas::ForeignKey& fk) { return index_serves_foreign_key(index, fk); });
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
                           std::is_same_v<T, DropSequence> || std::is_same_v<T, AlterSequence> ||
                           std::is_same_v<T, CreateFunction> ||
                           std::is_same_v<T, DropFunction> || std::is_same_v<T, ReplaceFunction> ||
                           std::is_same_v<T, CreateExtension> || std::is_same_v<T, DropExtension> ||
                           std::is_same_v<T, AlterExtension> || std::is_same_v<T, CreateDomain> ||
                           std::is_same_v<T, DropDomain> || std::is_same_v<T, AlterDomain> ||
                           std::is_same_v<T, CreateVirtualTable> || std::is_same_v<T, DropVirtualTable> ||
                           std::is_same_v<T, CreateCompositeType> || std::is_same_v<T, DropCompositeType> ||
                           std::is_same_v<T, AlterCompositeType> || std::is_same_v<T, CreateSchema> ||
                           std::is_same_v<T, DropSchema> || std::is_same_v<T, SetPrivileges>) {
        return {}; // a grant's own rule orders it after its object (privileges_follow_their_object)
      } else if constexpr (std::is_same_v<T, SetObjectComment>) {
        return o.kind == CommentedObject::trigger || o.kind == CommentedObject::rule ||
                   o.kind == CommentedObject::view_column
                 ? o.object
                 : QualifiedName{};
      } else if constexpr (std::is_same_v<T, CreateRule> || std::is_same_v<T, DropRule>) {
        return o.relation; // a table or a view
      } else {
        return o.table;
      }
    },
    op);
}

std::vector<std::string> operation_namespaces(const schemas::Operation& op)
{
  using namespace schemas;
  return std::visit(
    [](const auto& o) {
      std::vector<std::string> out;
      const auto note = [&out](const auto& part) {
        if constexpr (requires { part.schema; }) {
          if constexpr (std::is_convertible_v<decltype(part.schema), std::string>) {
            if (!part.schema.empty()) {
              out.push_back(part.schema);
            }
          }
        }
      };
      if constexpr (requires { o.table; }) {
        note(o.table);
      }
      if constexpr (requires { o.from; }) {
        note(o.from);
      }
      if constexpr (requires { o.to; }) {
        note(o.to);
      }
      if constexpr (requires { o.before; }) {
        note(o.before);
      }
      if constexpr (requires { o.after; }) {
        note(o.after);
      }
      if constexpr (requires { o.view; }) {
        note(o.view);
      }
      if constexpr (requires { o.enum_type; }) {
        note(o.enum_type);
      }
      if constexpr (requires { o.sequence; }) {
        note(o.sequence);
      }
      if constexpr (requires { o.function; }) {
        note(o.function);
      }
      if constexpr (requires { o.extension; }) {
        note(o.extension);
      }
      if constexpr (requires { o.domain; }) {
        note(o.domain);
      }
      if constexpr (requires { o.type; }) {
        note(o.type);
      }
      if constexpr (requires { o.object; }) {
        note(o.object);
      }
      if constexpr (requires { o.relation; }) {
        note(o.relation);
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    },
    op);
}

void DiffState::index_live()
{
  live_tables = schemas::TableIndex(live.tables);
  live_partitioned.clear();
  for (const auto& table : live.tables) {
    if (!table.partition_of->empty()) {
      live_partitioned.insert(table.partition_of->table);
    }
  }
}

} // namespace strata::planner::detail
