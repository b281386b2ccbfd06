// `renamed_from` handling. Renames are resolved before any matching: each honoured hint becomes
// a RenameTable / RenameColumn operation, and the live schema is rewritten under the new names
// (`renamed`: tables only, `current`: tables and columns) so the later passes compare like with
// like. A hint naming nothing live is ignored when the new name already exists (the rename was
// applied before: planning stays idempotent) and reported otherwise. A table whose name differs
// from a live table's only in letter case is that table renamed, without a hint (engines that
// ignore the case of table names saw the names aligned before: name_case.cpp).

#include "planner/diff.hpp"
#include "schemas/name_index.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace strata::planner::detail {

namespace {

void rename_table_references(schemas::Schema& schema, const QualifiedName& from, const QualifiedName& to)
{
  for (auto& table : schema.tables) {
    if (table.qualified() == from) {
      table.name = to.name;
      table.schema = to.schema;
    }
    for (auto& fk : table.foreign_keys) {
      if (fk.references == from) {
        fk.references = to;
      }
    }
    if (table.partition_of->table == from) { // a renamed parent keeps its partitions
      table.partition_of.edit().table = to;
    }
    for (auto& trigger : table.triggers) {
      trigger.definition = replace_identifier(trigger.definition, from.name, to.name);
    }
    for (auto& policy : table.policies) { // a subquery may read the renamed table
      policy.using_expression = replace_identifier(policy.using_expression, from.name, to.name);
      policy.check_expression = replace_identifier(policy.check_expression, from.name, to.name);
    }
  }
}

void rename_column_in_table(schemas::Table& table, const std::string& from, const std::string& to)
{
  for (auto& column : table.columns) {
    if (column.name == from) {
      column.name = to;
    }
    if (column.generated) {
      column.generated->expression = replace_identifier(column.generated->expression, from, to);
    }
  }
  std::replace(table.primary_key.begin(), table.primary_key.end(), from, to);
  for (auto& index : table.indexes) {
    for (auto& key : index.keys) {
      if (key.is_expression()) {
        key.expression = replace_identifier(key.expression, from, to);
      } else if (key.column == from) {
        key.column = to;
      }
    }
    std::replace(index.include.begin(), index.include.end(), from, to);
    if (!index.where.empty()) {
      index.where = replace_identifier(index.where, from, to);
    }
  }
  for (auto& fk : table.foreign_keys) {
    std::replace(fk.columns.begin(), fk.columns.end(), from, to);
  }
  for (auto& check : table.checks) {
    check.expression = replace_identifier(check.expression, from, to);
  }
  for (auto& trigger : table.triggers) {
    trigger.definition = replace_identifier(trigger.definition, from, to);
  }
  for (auto& policy : table.policies) {
    policy.using_expression = replace_identifier(policy.using_expression, from, to);
    policy.check_expression = replace_identifier(policy.check_expression, from, to);
  }
}

void rename_column_references(schemas::Schema& schema, const QualifiedName& table_name, const std::string& from,
                              const std::string& to)
{
  for (auto& table : schema.tables) {
    if (table.qualified() == table_name) {
      rename_column_in_table(table, from, to);
    }
    for (auto& fk : table.foreign_keys) {
      if (fk.references == table_name) {
        std::replace(fk.ref_columns.begin(), fk.ref_columns.end(), from, to);
      }
    }
  }
}


// `Users` live and `users` desired (and no live `users`, no desired `Users`): the implied hint is
// renamed_from: Users. Nothing is implied where the names fold together ambiguously.
void infer_case_renames(DiffState& state)
{
  const auto folded = [](const schemas::Table& t) { return QualifiedName{t.schema, schemas::ascii_lower(t.name)}; };
  const schemas::TableIndex& live = state.live_tables;
  const schemas::TableIndex desired(state.desired.tables);
  // By folded name: the live tables no desired table keeps, and how many desired tables fold so.
  std::map<QualifiedName, std::vector<const schemas::Table*>> unclaimed;
  std::map<QualifiedName, int> claims;
  for (const auto& table : state.live.tables) {
    if (!desired.contains(table.qualified())) {
      unclaimed[folded(table)].push_back(&table);
    }
  }
  for (const auto& table : state.desired.tables) {
    ++claims[folded(table)];
  }
  for (auto& table : state.writable_desired().tables) {
    if (!table.renamed_from.empty() || live.contains(table.qualified())) {
      continue;
    }
    const auto candidates = unclaimed.find(folded(table));
    if (candidates != unclaimed.end() && candidates->second.size() == 1 && claims[folded(table)] == 1) {
      table.renamed_from = candidates->second.front()->name;
    }
  }
}

void resolve_table_renames(DiffState& state)
{
  infer_case_renames(state);
  const schemas::TableIndex& live = state.live_tables;
  std::set<QualifiedName> used;
  for (const auto& table : state.desired.tables) {
    if (table.renamed_from.empty()) {
      continue;
    }
    const QualifiedName from{table.schema, table.renamed_from};
    const QualifiedName to = table.qualified();
    if (live.contains(to)) {
      continue; // already renamed: nothing to do
    }
    if (!live.contains(from) || used.count(from) > 0) {
      state.hints.push_back(fmt::format("table {}: renamed_from {} names no table in the live database; {} will be "
                                        "created",
                                        to.str(), from.str(), to.str()));
      continue;
    }
    used.insert(from);
    state.operations.emplace_back(schemas::RenameTable{from, to});
    if (state.renamed.tables.empty()) {
      state.renamed = state.live; // the first rename: see resolve_renames
    }
    rename_table_references(state.renamed, from, to);
    state.renames.tables[to] = from;
  }
}

void resolve_column_renames(DiffState& state)
{
  for (const auto& table : state.desired.tables) {
    const QualifiedName name = table.qualified();
    for (const auto& column : table.columns) {
      if (column.renamed_from.empty()) {
        continue;
      }
      const schemas::Table* live = state.current().find_table(name);
      if (live == nullptr) {
        continue; // a new table: its columns are created under their names
      }
      if (live->find_column(column.name) != nullptr) {
        continue; // already renamed
      }
      if (live->find_column(column.renamed_from) == nullptr ||
          table.find_column(column.renamed_from) != nullptr) {
        state.hints.push_back(fmt::format("column {}.{}: renamed_from {} names no column of the live table; {} will "
                                          "be added",
                                          name.str(), column.name, column.renamed_from, column.name));
        continue;
      }
      state.operations.emplace_back(schemas::RenameColumn{name, column.renamed_from, column.name});
      if (state.current_base != nullptr) { // the first column rename: current becomes a copy
        state.current_copy = *state.current_base;
        state.current_base = nullptr;
      }
      rename_column_references(state.current_copy, name, column.renamed_from, column.name);
      state.renames.columns[{name, column.name}] = column.renamed_from;
    }
  }
}

void clear_rename_hints(schemas::Schema& schema)
{
  for (auto& table : schema.tables) {
    table.renamed_from.clear();
    for (auto& column : table.columns) {
      column.renamed_from.clear();
    }
  }
}

} // namespace

bool has_rename_hints(const schemas::Schema& schema)
{
  return std::any_of(schema.tables.begin(), schema.tables.end(), [](const schemas::Table& table) {
    return !table.renamed_from.empty() || std::any_of(table.columns.begin(), table.columns.end(),
                                                      [](const schemas::Column& c) { return !c.renamed_from.empty(); });
  });
}

void resolve_renames(DiffState& state)
{
  // `renamed` is a copy of `live` only when some table is renamed; left empty, its readers take
  // `live` itself (one copy of a large schema fewer in the common case).
  resolve_table_renames(state);
  clear_rename_hints(state.renamed);
  state.current_base = state.renamed.tables.empty() ? &state.live : &state.renamed;
  if (state.current_base == &state.live && has_rename_hints(state.live)) {
    state.current_copy = state.live; // never from a catalog; cleared below as before
    state.current_base = nullptr;
  }
  resolve_column_renames(state);
  clear_rename_hints(state.writable_desired());
  clear_rename_hints(state.current_copy);
}

} // namespace strata::planner::detail
