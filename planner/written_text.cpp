#include "planner/written_text.hpp"

#include "schemas/name_index.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <map>
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
  explicit Lookup(const Schema& written) : m_tables(written.tables) {}
  const Table* table(const QualifiedName& name) const { return m_tables.find(name); }
  const Column* column(const Table* table, const std::string& name)
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
  TableIndex m_tables;
  std::unordered_map<const Table*, std::unordered_map<std::string, const Column*>> m_columns;
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
void restore_column(Column& column, const Column* written, bool creates = false)
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

void restore_index(Index& index, const Index* written)
{
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

void restore_index(Index& index, const Table* table)
{
  restore_index(index, table == nullptr ? nullptr : table->find_index(index.name));
}

void restore_check(Check& check, const Table* table)
{
  if (const Check* written = table == nullptr ? nullptr : table->find_check(check.name)) {
    check.expression = written->expression;
  }
}

// A trigger is created from its definition as written (MySQL keeps the body's text as sent).
void restore_trigger(Trigger& trigger, const Table* table)
{
  if (table == nullptr) {
    return;
  }
  const auto written = std::find_if(table->triggers.begin(), table->triggers.end(),
                                    [&](const Trigger& t) { return t.name == trigger.name; });
  if (written != table->triggers.end()) {
    trigger.definition = written->definition;
  }
}

// A rule is created from its definition as written, found on the written table or view.
void restore_rule(Rule& rule, const QualifiedName& relation, const Table* table, const Schema& written)
{
  const View* view = table == nullptr ? written.find_view(relation) : nullptr;
  const std::vector<Rule>* rules = table != nullptr ? &table->rules : view != nullptr ? &view->rules : nullptr;
  if (rules == nullptr) {
    return;
  }
  const auto found = std::find_if(rules->begin(), rules->end(), [&](const Rule& r) { return r.name == rule.name; });
  if (found != rules->end()) {
    rule.definition = found->definition;
  }
}

// A function is created from its definition as written (MySQL/MariaDB keep a routine's body as
// sent; PostgreSQL's renderer makes CREATE OR REPLACE of either text). Overloads, written without
// the argument types that tell them apart, keep the normal form.
void restore_function(Function& function, const Schema& written)
{
  const Function* found = nullptr;
  for (const auto& candidate : written.functions) {
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
void restore_foreign_key(ForeignKey& fk, const Table* table)
{
  if (const ForeignKey* written = table == nullptr ? nullptr : table->find_foreign_key(fk.name)) {
    fk.on_delete = written->on_delete;
    fk.on_update = written->on_update;
  }
}

void restore_table(Table& table, const Table* written, WrittenLookup& lookup)
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

// A table's part written_text_only keeps, moved out of it; the rest of it freed.
schemas::Table written_text_of(schemas::Table& table)
{
  using namespace schemas;
  Table text;
  text.schema = std::move(table.schema);
  text.name = std::move(table.name);
  for (auto& column : table.columns) { // restore_column reads a default or a generated expression
    if (column.default_value || column.generated) {
      Column written_column;
      written_column.name = std::move(column.name);
      written_column.default_value = std::move(column.default_value);
      written_column.generated = std::move(column.generated);
      text.columns.push_back(std::move(written_column));
    }
  }
  // Of the rest, only what the restore functions read: the name each is found by and its text.
  for (auto& index : table.indexes) { // restore_index reads a predicate or expression keys
    if (!index.where.empty() || std::any_of(index.keys.begin(), index.keys.end(),
                                            [](const IndexKey& key) { return key.is_expression(); })) {
      Index written_index;
      written_index.name = std::move(index.name);
      written_index.where = std::move(index.where);
      written_index.keys.resize(index.keys.size()); // matched key by key, so as many
      for (size_t i = 0; i < index.keys.size(); ++i) {
        written_index.keys[i].expression = std::move(index.keys[i].expression);
      }
      text.indexes.push_back(std::move(written_index));
    }
  }
  text.foreign_keys.reserve(table.foreign_keys.size());
  for (auto& fk : table.foreign_keys) { // restore_foreign_key reads the actions
    ForeignKey written_fk;
    written_fk.name = std::move(fk.name);
    written_fk.on_delete = std::move(fk.on_delete);
    written_fk.on_update = std::move(fk.on_update);
    text.foreign_keys.push_back(std::move(written_fk));
  }
  text.checks.reserve(table.checks.size());
  for (auto& check : table.checks) {
    text.checks.push_back(Check{std::move(check.name), std::move(check.expression), {}});
  }
  text.triggers.reserve(table.triggers.size());
  for (auto& trigger : table.triggers) {
    text.triggers.push_back(Trigger{std::move(trigger.name), std::move(trigger.definition), {}});
  }
  text.rules.reserve(table.rules.size());
  for (auto& rule : table.rules) {
    text.rules.push_back(Rule{std::move(rule.name), std::move(rule.definition), {}});
  }
  table = Table{};
  return text;
}

// A table with no text to restore is left out: restoring finds nothing on it either way.
void keep_written_text(schemas::Schema& kept, schemas::Table& table)
{
  schemas::Table text = written_text_of(table);
  if (!text.columns.empty() || !text.indexes.empty() || !text.foreign_keys.empty() || !text.checks.empty() ||
      !text.triggers.empty() || !text.rules.empty()) {
    kept.tables.push_back(std::move(text));
  }
}

} // namespace

schemas::Schema written_text_only(schemas::Schema written)
{
  schemas::Schema kept;
  for (auto& table : written.tables) {
    keep_written_text(kept, table); // the rest freed table by table
  }
  kept.tables.shrink_to_fit();
  kept.views = std::move(written.views);
  kept.functions = std::move(written.functions);
  kept.virtual_tables = std::move(written.virtual_tables);
  return kept;
}

schemas::Schema written_text_copy(const schemas::Schema& written)
{
  schemas::Schema kept;
  for (const auto& table : written.tables) {
    schemas::Table copy = table; // one table copied at a time
    keep_written_text(kept, copy);
  }
  kept.tables.shrink_to_fit();
  kept.views = written.views;
  kept.functions = written.functions;
  kept.virtual_tables = written.virtual_tables;
  return kept;
}

} // namespace strata::planner

namespace strata::planner::detail {

WrittenText::WrittenText(const Schema& written) : m_written(written), m_lookup(std::make_unique<Lookup>(written)) {}

WrittenText::~WrittenText() = default;

void WrittenText::restore(std::vector<Operation>& operations)
{
  const Schema& written = m_written;
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
          if (const Table* table = lookup.table(op.table)) {
            restore_index(op.index, table);
          } else if (const View* view = written.find_view(op.table)) { // a materialized view's
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
          if (const VirtualTable* table = written.find_virtual_table(op.table.name)) {
            op.table.module = table->module;
            op.table.arguments = table->arguments;
          }
        } else if constexpr (std::is_same_v<T, CreateView>) {
          if (const View* view = written.find_view(op.view.qualified())) {
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
