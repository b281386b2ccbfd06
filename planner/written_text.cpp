#include "planner/written_text.hpp"

#include <type_traits>

namespace strata::planner::detail {

namespace {

using namespace schemas;

const Column* find_column(const Table* table, const std::string& name)
{
  return table == nullptr ? nullptr : table->find_column(name);
}

void restore_column(Column& column, const Column* written)
{
  if (written == nullptr) {
    return;
  }
  if (column.default_value && written->default_value) {
    column.default_value = written->default_value;
  }
  if (column.generated && written->generated) {
    column.generated->expression = written->generated->expression;
  }
}

void restore_index(Index& index, const Table* table)
{
  const Index* written = table == nullptr ? nullptr : table->find_index(index.name);
  if (written == nullptr) {
    return;
  }
  if (!index.where.empty() && !written->where.empty()) {
    index.where = written->where;
  }
  if (index.keys.size() == written->keys.size()) {
    for (size_t i = 0; i < index.keys.size(); ++i) {
      if (index.keys[i].is_expression() && written->keys[i].is_expression()) {
        index.keys[i].expression = written->keys[i].expression;
      }
    }
  }
}

void restore_check(Check& check, const Table* table)
{
  if (const Check* written = table == nullptr ? nullptr : table->find_check(check.name)) {
    check.expression = written->expression;
  }
}

void restore_table(Table& table, const Table* written)
{
  if (written == nullptr) {
    return;
  }
  for (auto& column : table.columns) {
    restore_column(column, written->find_column(column.name));
  }
  for (auto& index : table.indexes) {
    restore_index(index, written);
  }
  for (auto& check : table.checks) {
    restore_check(check, written);
  }
}

} // namespace

void restore_written_text(std::vector<Operation>& operations, const Schema& written)
{
  for (auto& operation : operations) {
    std::visit(
      [&](auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, AddTable>) {
          restore_table(op.table, written.find_table(op.table.qualified()));
        } else if constexpr (std::is_same_v<T, RebuildTable>) {
          restore_table(op.after, written.find_table(op.after.qualified()));
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          restore_column(op.column, find_column(written.find_table(op.table), op.column.name));
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          restore_column(op.after, find_column(written.find_table(op.table), op.after.name));
        } else if constexpr (std::is_same_v<T, AddIndex>) {
          restore_index(op.index, written.find_table(op.table));
        } else if constexpr (std::is_same_v<T, AddCheck>) {
          restore_check(op.check, written.find_table(op.table));
        } else if constexpr (std::is_same_v<T, CreateView>) {
          if (const View* view = written.find_view(op.view.qualified())) {
            op.view.query = view->query;
          }
        }
      },
      operation);
  }
}

} // namespace strata::planner::detail
