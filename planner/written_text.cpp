#include "planner/written_text.hpp"

#include "planner/diff.hpp"

#include "schemas/name_index.hpp"
#include "schemas/text.hpp"
#include "schemas/two_halves.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>
#include <unordered_map>

namespace strata::planner::detail {

namespace {

using namespace schemas;

} // namespace

// The written schema's tables by name, and each table's columns by name once asked for: a plan
// of 5,000 tables or of 100,000 columns looks each one up without walking all the others.
class WrittenText::Lookup {
public:
  explicit Lookup(const WrittenSchema& written) : m_tables(written.tables) {}
  const WrittenTable* table(const QualifiedName& name) const { return m_tables.find(name); }
  const WrittenColumn* column(const WrittenTable* table, const std::string& name)
  {
    if (table == nullptr) {
      return nullptr;
    }
    auto [it, added] = m_columns.try_emplace(table);
    if (added) {
      for (const auto& column : table->columns) {
        it->second.emplace(column.name, &column);
      }
    }
    const auto found = it->second.find(name);
    return found == it->second.end() ? nullptr : found->second;
  }

private:
  NameIndex<WrittenTable> m_tables;
  std::unordered_map<const WrittenTable*, std::unordered_map<std::string, const WrittenColumn*>> m_columns;
};

namespace {

using WrittenLookup = WrittenText::Lookup;

// `NULL`, `null`, `(NULL)`: a default every engine compares as no default at all.
bool null_text(const std::string& text)
{
  std::string bare;
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(' && c != ')') {
      bare += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
  }
  return bare == "NULL";
}

// `creates`: the column is created by the operation (a new table, a rebuilt one, a new column),
// where an explicit DEFAULT NULL is rendered as written: SQLite keeps it in its catalog, and a
// rebuild must not lose it (the normal forms drop it, as no default).
void restore_column(Column& column, const WrittenColumn* written, bool creates = false)
{
  if (written == nullptr) {
    return;
  }
  if (column.default_value && written->default_value) {
    column.default_value = written->default_value;
  } else if (creates && !column.default_value && written->default_value && null_text(*written->default_value) &&
             column.nullable && !column.generated && !column.identity) {
    column.default_value = written->default_value;
  }
  if (column.generated && written->generated) {
    column.generated->expression = written->generated->expression;
  }
}

// The first of `items` named `name`; null when none is (or `items` is null).
template <typename T>
const T* named(const std::vector<T>* items, const std::string& name)
{
  if (items == nullptr) {
    return nullptr;
  }
  const auto found = std::find_if(items->begin(), items->end(), [&](const T& item) { return item.name == name; });
  return found == items->end() ? nullptr : &*found;
}

// The predicate and the expression keys (each key matched by position, so only when the written
// index has as many): `where` and `expression(i)` give the written text.
template <typename Expression>
void restore_index_text(Index& index, const std::string& where, size_t keys, Expression expression)
{
  if (!index.where.empty() && !where.empty()) {
    index.where = where;
  }
  if (index.keys.size() == keys) {
    for (size_t i = 0; i < index.keys.size(); ++i) {
      if (index.keys[i].is_expression() && !expression(i).empty()) {
        index.keys[i].expression = expression(i);
      }
    }
  }
}

void restore_index(Index& index, const Index* written) // a materialized view's
{
  if (written != nullptr) {
    restore_index_text(index, written->where, written->keys.size(),
                       [&](size_t i) -> const std::string& { return written->keys[i].expression; });
  }
}

void restore_index(Index& index, const WrittenTable* table)
{
  if (const WrittenIndex* written = named(table == nullptr ? nullptr : &table->indexes, index.name)) {
    restore_index_text(index, written->where, written->expressions.size(),
                       [&](size_t i) -> const std::string& { return written->expressions[i]; });
  }
}

void restore_check(Check& check, const WrittenTable* table)
{
  if (const WrittenDefinition* written = named(table == nullptr ? nullptr : &table->checks, check.name)) {
    check.expression = written->text;
  }
}

// A trigger is created from its definition as written (MySQL keeps the body's text as sent).
void restore_trigger(Trigger& trigger, const WrittenTable* table)
{
  if (const WrittenDefinition* written = named(table == nullptr ? nullptr : &table->triggers, trigger.name)) {
    trigger.definition = written->text;
  }
}

// A rule is created from its definition as written, found on the written table or view.
void restore_rule(Rule& rule, const QualifiedName& relation, const WrittenTable* table, const WrittenSchema& written)
{
  if (table != nullptr) {
    if (const WrittenDefinition* found = named(&table->rules, rule.name)) {
      rule.definition = found->text;
    }
  } else if (const View* view = written.whole.find_view(relation)) {
    if (const Rule* found = named(&view->rules, rule.name)) {
      rule.definition = found->definition;
    }
  }
}

// A function is created from its definition as written (MySQL/MariaDB keep a routine's body as
// sent; PostgreSQL's renderer makes CREATE OR REPLACE of either text). Overloads, written without
// the argument types that tell them apart, keep the normal form.
void restore_function(Function& function, const WrittenSchema& written)
{
  const Function* found = nullptr;
  for (const auto& candidate : written.whole.functions) {
    if (candidate.schema == function.schema && ascii_lower(candidate.name) == ascii_lower(function.name)) {
      if (found != nullptr) {
        return;
      }
      found = &candidate;
    }
  }
  if (found != nullptr) {
    function.definition = found->definition;
  }
}

// Actions an engine compares as one (MySQL: RESTRICT and NO ACTION) are rendered as written.
void restore_foreign_key(ForeignKey& fk, const WrittenTable* table)
{
  if (const WrittenForeignKey* written = named(table == nullptr ? nullptr : &table->foreign_keys, fk.name)) {
    fk.on_delete = written->on_delete;
    fk.on_update = written->on_update;
  }
}

void restore_table(Table& table, const WrittenTable* written, WrittenLookup& lookup)
{
  if (written == nullptr) {
    return;
  }
  for (auto& column : table.columns) {
    restore_column(column, lookup.column(written, column.name), true);
  }
  for (auto& fk : table.foreign_keys) {
    restore_foreign_key(fk, written);
  }
  for (auto& index : table.indexes) {
    restore_index(index, written);
  }
  for (auto& check : table.checks) {
    restore_check(check, written);
  }
  for (auto& trigger : table.triggers) {
    restore_trigger(trigger, written);
  }
}

} // namespace

} // namespace strata::planner::detail

namespace strata::planner {

namespace {

// What a table's text is taken as: moved out of a table being freed (written_text_only), copied
// out of one that stays (written_text_copy): only the names and texts the restore reads.
template <typename T>
T take(T& from)
{
  return std::move(from);
}
template <typename T>
T take(const T& from)
{
  return from;
}

// A table's part the restore reads: moved out of it, or copied, as `Table` is const or not.
template <typename Table>
WrittenTable written_text_of(Table& table)
{
  using namespace schemas;
  WrittenTable text;
  text.schema = take(table.schema);
  text.name = take(table.name);
  for (auto& column : table.columns) { // restore_column reads a default or a generated expression
    if (column.default_value || column.generated) {
      text.columns.push_back(WrittenColumn{take(column.name), take(column.default_value), take(column.generated)});
    }
  }
  text.columns.shrink_to_fit();
  // Of the rest, only what the restore functions read: the name each is found by and its text.
  for (auto& index : table.indexes) { // restore_index reads a predicate or expression keys
    if (!index.where.empty() || std::any_of(index.keys.begin(), index.keys.end(),
                                            [](const IndexKey& key) { return key.is_expression(); })) {
      WrittenIndex written_index{take(index.name), take(index.where), {}};
      written_index.expressions.reserve(index.keys.size()); // matched key by key, so as many
      for (auto& key : index.keys) {
        written_index.expressions.push_back(take(key.expression));
      }
      text.indexes.push_back(std::move(written_index));
    }
  }
  text.indexes.shrink_to_fit();
  text.foreign_keys.reserve(table.foreign_keys.size());
  for (auto& fk : table.foreign_keys) { // restore_foreign_key reads the actions
    text.foreign_keys.push_back(WrittenForeignKey{take(fk.name), take(fk.on_delete), take(fk.on_update)});
  }
  text.checks.reserve(table.checks.size());
  for (auto& check : table.checks) {
    text.checks.push_back(WrittenDefinition{take(check.name), take(check.expression)});
  }
  text.triggers.reserve(table.triggers.size());
  for (auto& trigger : table.triggers) {
    text.triggers.push_back(WrittenDefinition{take(trigger.name), take(trigger.definition)});
  }
  text.rules.reserve(table.rules.size());
  for (auto& rule : table.rules) {
    text.rules.push_back(WrittenDefinition{take(rule.name), take(rule.definition)});
  }
  return text;
}

// A table with no text to restore is left out: restoring finds nothing on it either way.
bool has_text(const WrittenTable& text)
{
  return !text.columns.empty() || !text.indexes.empty() || !text.foreign_keys.empty() || !text.checks.empty() ||
         !text.triggers.empty() || !text.rules.empty();
}

void keep_written_text(WrittenSchema& kept, WrittenTable text)
{
  if (has_text(text)) {
    kept.tables.push_back(std::move(text));
  }
}

} // namespace

WrittenSchema written_text_only(schemas::Schema written)
{
  WrittenSchema kept;
  for (auto& table : written.tables) {
    keep_written_text(kept, written_text_of(table));
    table = schemas::Table{}; // the rest freed table by table
  }
  kept.tables.shrink_to_fit();
  kept.whole.views = std::move(written.views);
  kept.whole.functions = std::move(written.functions);
  kept.whole.virtual_tables = std::move(written.virtual_tables);
  return kept;
}

WrittenSchema written_text_copy(const schemas::Schema& written, const std::set<std::string>* tables)
{
  WrittenSchema kept;
  // Each table's text copied into its own place (of a large schema, in two halves at once), then
  // those with text kept in order.
  std::vector<std::optional<WrittenTable>> each(written.tables.size());
  schemas::each_in_two_halves(written.tables.size(), schemas::k_two_halves_from, [&](size_t i) {
    const auto& table = written.tables[i];
    if (tables == nullptr || tables->contains(schemas::ascii_lower(table.name))) {
      if (WrittenTable text = written_text_of(table); has_text(text)) {
        each[i] = std::move(text);
      }
    }
  });
  kept.tables.reserve(static_cast<size_t>(std::count_if(each.begin(), each.end(), [](const auto& t) { return t.has_value(); })));
  for (auto& text : each) {
    if (text) {
      kept.tables.push_back(std::move(*text));
    }
  }
  kept.whole.views = written.views;
  kept.whole.functions = written.functions;
  kept.whole.virtual_tables = written.virtual_tables;
  return kept;
}

} // namespace strata::planner

namespace strata::planner::detail {

std::set<std::string> restored_tables(const std::vector<Operation>& operations)
{
  std::set<std::string> names;
  for (const auto& operation : operations) {
    names.insert(schemas::ascii_lower(operation_table(operation).name));
    if (const auto* rebuild = std::get_if<RebuildTable>(&operation)) {
      names.insert(schemas::ascii_lower(rebuild->before.name));
    } else if (const auto* rename = std::get_if<RenameTable>(&operation)) {
      names.insert(schemas::ascii_lower(rename->from.name));
    }
  }
  return names;
}

WrittenText::WrittenText(const WrittenSchema& written)
  : m_written(written), m_lookup(std::make_unique<Lookup>(written))
{
}

WrittenText::~WrittenText() = default;

void WrittenText::restore(std::vector<Operation>& operations)
{
  const WrittenSchema& written = m_written;
  Lookup& lookup = *m_lookup;
  for (auto& operation : operations) {
    std::visit(
      [&](auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, AddTable>) {
          restore_table(op.table, lookup.table(op.table.qualified()), lookup);
        } else if constexpr (std::is_same_v<T, RebuildTable>) {
          restore_table(op.after, lookup.table(op.after.qualified()), lookup);
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          restore_column(op.column, lookup.column(lookup.table(op.table), op.column.name), true);
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          restore_column(op.after, lookup.column(lookup.table(op.table), op.after.name));
        } else if constexpr (std::is_same_v<T, AddIndex>) {
          if (const WrittenTable* table = lookup.table(op.table)) {
            restore_index(op.index, table);
          } else if (const View* view = written.whole.find_view(op.table)) { // a materialized view's
            restore_index(op.index, view->find_index(op.index.name));
          }
        } else if constexpr (std::is_same_v<T, AddForeignKey>) {
          restore_foreign_key(op.foreign_key, lookup.table(op.table));
        } else if constexpr (std::is_same_v<T, AddCheck>) {
          restore_check(op.check, lookup.table(op.table));
        } else if constexpr (std::is_same_v<T, CreateTrigger>) {
          restore_trigger(op.trigger, lookup.table(op.table));
        } else if constexpr (std::is_same_v<T, CreateRule>) {
          restore_rule(op.rule, op.relation, lookup.table(op.relation), written);
        } else if constexpr (std::is_same_v<T, CreateFunction>) {
          restore_function(op.function, written);
        } else if constexpr (std::is_same_v<T, ReplaceFunction>) {
          restore_function(op.after, written);
        } else if constexpr (std::is_same_v<T, CreateVirtualTable>) {
          if (const VirtualTable* table = written.whole.find_virtual_table(op.table.name)) {
            op.table.module = table->module;
            op.table.arguments = table->arguments;
          }
        } else if constexpr (std::is_same_v<T, CreateView>) {
          if (const View* view = written.whole.find_view(op.view.qualified())) {
            op.view.query = view->query;
            for (auto& index : op.view.indexes) {
              restore_index(index, view->find_index(index.name));
            }
          }
        }
      },
      operation);
  }
}

} // namespace strata::planner::detail
