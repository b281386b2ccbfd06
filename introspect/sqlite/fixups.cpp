#include "introspect/sqlite/fixups.hpp"

#include "dialects/sqlite/sql_text.hpp"
#include "schemas/naming.hpp"

#include <algorithm>
#include <map>

namespace strata::introspect::sqlite {

namespace {

bool same_identifiers(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
           return same_identifier(x, y);
         });
}

void apply_columns(schemas::Table& table, const TableDefinition& definition)
{
  for (size_t i = 0; i < table.columns.size(); ++i) {
    auto& column = table.columns[i];
    // Read from the same text, the columns come in its order: the one at i first.
    const ColumnDefinition* def = i < definition.columns.size() && definition.columns[i].name == column.name
                                    ? &definition.columns[i]
                                    : definition.find_column(column.name);
    if (def == nullptr) {
      continue;
    }
    column.collation = def->collation;
    column.identity = def->autoincrement;
    if (column.generated && def->generated) {
      column.generated->expression = *def->generated;
    }
  }
}

// CHECKs exist only in the text; unnamed ones get the deterministic default name.
void apply_checks(schemas::Table& table, const TableDefinition& definition)
{
  int unnamed = 0;
  for (const auto& check : definition.checks) {
    schemas::Check out;
    out.name = check.name.empty() ? schemas::default_check_name(table.name, unnamed++) : check.name;
    out.expression = check.expression;
    table.checks.push_back(std::move(out));
  }
}

} // namespace

// UNIQUE constraints (origin 'u' autoindexes): the CONSTRAINT name, else the default name.
void apply_uniques(schemas::Table& table, const std::vector<UniqueDefinition>& uniques)
{
  std::vector<bool> used(uniques.size(), false);
  for (auto& index : table.indexes) {
    if (!index.constraint) {
      continue;
    }
    std::vector<std::string> columns;
    for (const auto& key : index.keys) {
      columns.push_back(key.column);
    }
    index.name = schemas::default_unique_name(table.name, columns);
    for (size_t i = 0; i < uniques.size(); ++i) {
      if (!used[i] && same_identifiers(uniques[i].columns, columns)) {
        used[i] = true;
        if (!uniques[i].name.empty()) {
          index.name = uniques[i].name;
        }
        break;
      }
    }
  }
}

namespace {

// Foreign keys: CONSTRAINT name and DEFERRABLE from the text (matched by columns and parent).
void apply_foreign_keys(schemas::Table& table, const TableDefinition& definition)
{
  std::vector<bool> used(definition.foreign_keys.size(), false);
  for (auto& fk : table.foreign_keys) {
    fk.name = schemas::default_foreign_key_name(table.name, fk.columns);
    for (size_t i = 0; i < definition.foreign_keys.size(); ++i) {
      const auto& def = definition.foreign_keys[i];
      if (!used[i] && same_identifiers(def.columns, fk.columns) && same_identifier(def.table, fk.references.name)) {
        used[i] = true;
        if (!def.name.empty()) {
          fk.name = def.name;
        }
        fk.deferrable = def.deferrable;
        fk.initially_deferred = def.initially_deferred;
        break;
      }
    }
  }
}

} // namespace

void apply_text(schemas::Table& table, const TableDefinition& definition)
{
  apply_columns(table, definition);
  apply_checks(table, definition);
  apply_foreign_keys(table, definition);
  if (definition.without_rowid) {
    table.options["without_rowid"] = "true";
  }
  if (definition.strict) {
    table.options["strict"] = "true";
  }
}

void apply_definition(schemas::Table& table, const TableDefinition& definition)
{
  apply_text(table, definition);
  apply_uniques(table, definition.uniques);
}

void resolve_references(schemas::Schema& schema)
{
  // Parents by case-folded name (SQLite matches identifiers without case): one lookup per key.
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < schema.tables.size(); ++i) {
    by_name.emplace(dialects::sqlite::ascii_lower(schema.tables[i].name), i);
  }
  for (auto& table : schema.tables) {
    for (auto& fk : table.foreign_keys) {
      const auto it = by_name.find(dialects::sqlite::ascii_lower(fk.references.name));
      if (it == by_name.end()) {
        continue;
      }
      const schemas::Table& parent = schema.tables[it->second];
      fk.references.name = parent.name;
      if (fk.ref_columns.empty()) {
        fk.ref_columns = parent.primary_key;
      }
    }
  }
}

} // namespace strata::introspect::sqlite
