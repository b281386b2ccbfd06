#include "dialects/normal_form.hpp"

#include "schemas/error.hpp"
#include "schemas/two_halves.hpp"

#include <algorithm>
#include <set>

namespace strata::dialects {

namespace {

using schemas::Column;
using schemas::Schema;
using schemas::Table;

// A list already in order (a schema read or written sorted, as inspect writes it) is left as it
// is: stable_sort would still move every object out to its buffer and back.
template <typename T, typename Before>
void sort_unless_sorted(std::vector<T>& items, Before before)
{
  if (!std::is_sorted(items.begin(), items.end(), before)) {
    std::stable_sort(items.begin(), items.end(), before);
  }
}

template <typename T>
void sort_by_name(std::vector<T>& items)
{
  sort_unless_sorted(items, [](const T& a, const T& b) { return a.name < b.name; });
}

template <typename T>
void sort_by_qualified(std::vector<T>& items)
{
  sort_unless_sorted(items, schemas::QualifiedOrder{});
}

} // namespace

Schema NormalForm::normalize(const Schema& schema) const
{
  Schema out = schema;
  normalize_into(schema, out);
  return out;
}

void NormalForm::normalize_in_place(Schema& schema) const
{
  // What the walk reads of the schema as it was: everything but the tables, and of the tables a
  // table's normal form looks up (the referenced table of a foreign key, under its own name and
  // under the referencing table's schema, and the parent of a partition), in their order, what
  // it reads of them: their names, primary key and partition parent (find_table, a foreign key's
  // referenced columns, partition_parents) and a partition parent's columns (column_owner: its
  // partitions' indexes read them).
  std::vector<Table> tables = std::move(schema.tables);
  schema.tables.clear();
  Schema original = schema;
  schema.tables = std::move(tables);
  std::set<schemas::QualifiedName> looked_up;
  std::set<schemas::QualifiedName> parents;
  for (const auto& table : schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      looked_up.insert(fk.references);
      looked_up.insert({table.schema, fk.references.name});
    }
    if (!table.partition_of->empty()) {
      looked_up.insert(table.partition_of->table);
      parents.insert(table.partition_of->table);
    }
  }
  for (const auto& table : schema.tables) {
    if (looked_up.count(table.qualified()) != 0) {
      Table& read = original.tables.emplace_back();
      read.schema = table.schema;
      read.name = table.name;
      read.primary_key = table.primary_key;
      read.partition_of = table.partition_of;
      if (parents.count(table.qualified()) != 0) {
        read.columns = table.columns;
      }
    }
  }
  normalize_into(original, schema);
}

void NormalForm::normalize_tables(const Schema& schema, std::vector<Table>& tables) const
{
  schemas::each_in_two_halves(tables.size(), schemas::k_two_halves_from,
                              [&](size_t i) { normalize_table(schema, tables[i]); });
}

void NormalForm::normalize_into(const Schema& schema, Schema& out) const
{
  normalize_tables(schema, out.tables);
  for (auto& view : out.views) {
    view.query = expression(view.query);
    this->view(view);
    rules(view.qualified(), view.kind(), view.rules);
    sort_by_name(view.rules);
    if (view.materialized) {
      normalize_materialized(view);
    }
  }
  for (auto& table : out.virtual_tables) {
    virtual_table(table);
  }
  for (auto& type : out.composite_types) {
    composite_type(schema, type);
  }
  privileges(out);
  namespaces(out.namespaces);
  objects(out);
  // Object order carries no meaning: sorted by name.
  sort_by_qualified(out.tables);
  sort_by_qualified(out.views);
  sort_by_qualified(out.enums);
  sort_by_qualified(out.sequences);
  sort_by_name(out.extensions);
  sort_by_name(out.virtual_tables);
  sort_by_qualified(out.composite_types);
  sort_by_name(out.namespaces);
}

bool NormalForm::is_normal(Schema& schema) const
{
  // The same steps as normalize(), split: a table's normal form depends on the schema as it is
  // (the walk reads the original, not its copy), its grants' on nothing else, and the rest of
  // the walk reads no table.
  if (!std::is_sorted(schema.tables.begin(), schema.tables.end(), schemas::QualifiedOrder{})) {
    return false;
  }
  try {
    for (const auto& table : schema.tables) {
      Schema alone; // privileges() of this table's grants only
      alone.tables.push_back(table);
      normalize_table(schema, alone.tables.front());
      privileges(alone);
      if (!(alone.tables.front() == table)) {
        return false;
      }
    }
  } catch (const Error&) {
    return false; // normalize() says so, when the caller makes the copy after all
  }
  std::vector<Table> tables = std::move(schema.tables);
  schema.tables.clear();
  bool normal = false;
  try {
    normal = normalize(schema) == schema;
  } catch (const Error&) {
    normal = false;
  }
  schema.tables = std::move(tables);
  return normal;
}

void NormalForm::normalize_column(const Schema& schema, const Table& table, Column& column) const
{
  if (!column.identity) {
    column.identity_options.reset();
  } else if (column.identity_options && !identity_sequences()) {
    throw Error(ErrorKind::input,
                "column " + table.name + "." + column.name +
                  ": the options of an identity's sequence (start, increment, min_value, max_value, cache, cycle) are "
                  "PostgreSQL's; this engine's identity takes none",
                column.location);
  }
  try {
    column.type = type(schema, table, column.type);
    column.sequence_type = sequence_type(column);
  } catch (const Error& e) {
    throw Error(e.kind(), "column " + table.name + "." + column.name + ": " + e.what(), column.location);
  }
  if (column.generated) {
    // A generated column has no default; its expression is canonical text.
    column.generated->expression = expression(column.generated->expression);
    column.default_value.reset();
  } else if (generates_values(column)) {
    column.default_value.reset();
  } else {
    column.default_value = default_value(column.default_value, column.type);
  }
  column.collation = collation(column.collation);
  this->column(schema, table, column);
  if (key_columns_not_null() &&
      std::find(table.primary_key.begin(), table.primary_key.end(), column.name) != table.primary_key.end()) {
    column.nullable = false;
  }
}

void NormalForm::row_security(Table& table) const
{
  if (!table.row_security.empty() || !table.policies.empty()) {
    throw Error(ErrorKind::input,
                "table " + table.qualified().str() + ": `row_level_security` and `policies` are PostgreSQL's "
                "row-level security, which this engine does not have",
                table.policies.empty() ? table.location : table.policies.front().location);
  }
}

void NormalForm::rules(const schemas::QualifiedName& relation, const char* kind, std::vector<schemas::Rule>& rules) const
{
  if (!rules.empty()) {
    throw Error(ErrorKind::input,
                std::string(kind) + " " + relation.str() + ": rule " + rules.front().name +
                  ": `rules` are PostgreSQL's (CREATE RULE), which this engine does not have",
                rules.front().location);
  }
}

void NormalForm::refuse_functions(const schemas::Schema& schema, const std::string& why)
{
  if (!schema.functions.empty()) {
    const auto& function = schema.functions.front();
    throw Error(ErrorKind::input,
                "function " + function.signature() + ": `functions` are managed on PostgreSQL and MySQL/MariaDB only; " + why,
                function.location);
  }
}

void NormalForm::virtual_table(schemas::VirtualTable& table) const
{
  throw Error(ErrorKind::input,
              "virtual table " + table.name + ": `virtual_tables` are SQLite's (CREATE VIRTUAL TABLE), which this "
              "engine does not have",
              table.location);
}

void NormalForm::composite_type(const Schema&, schemas::CompositeType& type) const
{
  throw Error(ErrorKind::input,
              "composite type " + type.qualified().str() +
                ": `composite_types` are PostgreSQL's (CREATE TYPE ... AS (...)), which this engine does not have",
              type.location);
}

void NormalForm::privileges(Schema& schema) const
{
  const auto refuse = [](const std::vector<schemas::Grant>& grants, const std::string& what) {
    if (!grants.empty()) {
      throw Error(ErrorKind::input,
                  what + ": `grants` are managed on PostgreSQL only (privileges on this engine are not part of the "
                         "schema)",
                  grants.front().location);
    }
  };
  for (const auto& table : schema.tables) {
    refuse(table.grants, "table " + table.qualified().str());
  }
  for (const auto& view : schema.views) {
    refuse(view.grants, std::string(view.kind()) + " " + view.qualified().str());
  }
  for (const auto& sequence : schema.sequences) {
    refuse(sequence.grants, "sequence " + sequence.qualified().str());
  }
  for (const auto& function : schema.functions) {
    refuse(function.grants, "function " + function.signature());
  }
  for (const auto& entry : schema.namespaces) {
    refuse(entry.grants, "schema " + entry.name);
  }
  schema.privileges_managed = false;
  schema.roles.clear();
}

void NormalForm::namespaces(std::vector<schemas::Namespace>& namespaces) const
{
  if (!namespaces.empty()) {
    throw Error(ErrorKind::input,
                "schema " + namespaces.front().name +
                  ": `schemas` are PostgreSQL's namespaces (CREATE SCHEMA), which this engine does not have",
                namespaces.front().location);
  }
}

void NormalForm::partitioning(const Table& table, schemas::Partitioning& partitioning) const
{
  if (!partitioning.empty()) {
    throw Error(ErrorKind::input,
                "table " + table.qualified().str() + ": `partition` is managed on MySQL/MariaDB and PostgreSQL only",
                partitioning.location);
  }
}

void NormalForm::versioning(Table& table) const
{
  const auto opted_out = std::find_if(table.columns.begin(), table.columns.end(),
                                      [](const schemas::Column& column) { return column.without_versioning; });
  if (table.versioning->enabled || opted_out != table.columns.end()) {
    throw Error(ErrorKind::input,
                "table " + table.qualified().str() + ": `system_versioning` is MariaDB's system-versioned table "
                "(WITH SYSTEM VERSIONING), which this engine does not have",
                table.versioning->enabled ? table.location : opted_out->location);
  }
}

void NormalForm::partition_of(const Schema&, const Table& table, schemas::PartitionOf& partition_of) const
{
  if (!partition_of.empty()) {
    throw Error(ErrorKind::input,
                "table " + table.qualified().str() + ": `partition_of` is PostgreSQL's declarative partitioning, "
                "which this engine does not have (MySQL/MariaDB list their partitions under the table's `partition`)",
                partition_of.location);
  }
}

void NormalForm::normalize_materialized(schemas::View& view) const
{
  if (!materialized_views()) {
    throw Error(ErrorKind::input,
                "materialized view " + view.qualified().str() + ": materialized views are PostgreSQL's (this engine "
                "has none); declare a plain view under `views:` instead",
                view.location);
  }
  Table owner; // the index hooks read the relation's name (and columns, which a view's model lacks)
  owner.schema = view.schema;
  owner.name = view.name;
  for (auto& index : view.indexes) {
    normalize_any_index(owner, index);
  }
  sort_by_name(view.indexes);
}

void NormalForm::normalize_any_index(const Table& table, schemas::Index& index) const
{
  for (auto& key : index.keys) {
    key.expression = expression(key.expression);
    key.collation = collation(key.collation);
  }
  // Partial-index predicates are canonical expressions.
  index.where = expression(index.where);
  if (!keeps_key_extras()) {
    index.deferrable = index.initially_deferred = false;
    index.with.clear();
  }
  if (!keeps_index_comments()) {
    index.comment.clear();
  }
  if (index.invisible && !invisible_indexes()) {
    throw Error(ErrorKind::input,
                "index " + index.name + " of " + table.qualified().str() +
                  ": `invisible` is MySQL 8's INVISIBLE / MariaDB's IGNORED index, which this engine does not have",
                index.location);
  }
  this->index(table, index);
}

void NormalForm::normalize_table(const Schema& schema, Table& table) const
{
  this->table(schema, table);
  if (!keeps_key_extras()) {
    table.primary_key_deferrable = table.primary_key_initially_deferred = false;
  }
  if (!keeps_primary_key_comment()) {
    table.primary_key_comment.clear();
  }
  if (table.partitioning.is_set()) { // the hooks leave an empty one as it is
    partitioning(table, table.partitioning.edit());
  }
  if (table.partition_of.is_set()) {
    partition_of(schema, table, table.partition_of.edit());
  }
  row_security(table);
  for (auto& column : table.columns) {
    normalize_column(schema, table, column);
  }
  versioning(table);
  // A PostgreSQL partition's indexes name its root table's columns.
  const Table* owner = schema.column_owner(table);
  for (auto& index : table.indexes) {
    normalize_any_index(owner == nullptr ? table : *owner, index);
  }
  for (auto& fk : table.foreign_keys) {
    fk.on_delete = action(fk.on_delete);
    fk.on_update = action(fk.on_update);
    // INITIALLY DEFERRED implies DEFERRABLE.
    fk.deferrable = fk.deferrable || fk.initially_deferred;
    fk.not_valid = fk.not_valid && keeps_not_valid();
    fk.comment = keeps_key_extras() ? fk.comment : std::string();
    foreign_key(schema, table, fk);
    // No referenced columns means the parent's primary key.
    if (fk.ref_columns.empty()) {
      if (const Table* parent = schema.find_table(fk.references)) {
        fk.ref_columns = parent->primary_key;
      }
    }
  }
  for (auto& check : table.checks) {
    check.expression = expression(check.expression);
    check.not_valid = check.not_valid && keeps_not_valid();
    check.no_inherit = check.no_inherit && keeps_no_inherit();
    check.comment = keeps_key_extras() ? check.comment : std::string();
  }
  for (auto& trigger : table.triggers) {
    this->trigger(table, trigger);
    trigger.comment = keeps_key_extras() ? trigger.comment : std::string();
  }
  rules(table.qualified(), "table", table.rules);
  finish_table(table);
  // Constraint and index order carries no meaning: sorted by name.
  sort_by_name(table.indexes);
  sort_by_name(table.foreign_keys);
  sort_by_name(table.checks);
  sort_by_name(table.triggers);
  sort_by_name(table.rules);
}

bool postgres_table_option(const std::string& name)
{
  static const std::set<std::string> k_parameters = {
    "unlogged", "fillfactor", "toast_tuple_target", "parallel_workers", "autovacuum_enabled", "vacuum_index_cleanup",
    "vacuum_truncate", "user_catalog_table", "log_autovacuum_min_duration"};
  return k_parameters.count(name) > 0 || name.rfind("autovacuum_", 0) == 0 || name.rfind("toast.", 0) == 0;
}

void drop_sequence_defaults(schemas::SequenceOptions& sequence, long long max, long long min)
{
  const long long increment = sequence.increment.value_or(1);
  if (sequence.increment == 1LL) {
    sequence.increment.reset();
  }
  if (increment > 0) {
    if (sequence.min_value == 1LL) {
      sequence.min_value.reset();
    }
    if (sequence.max_value == max) {
      sequence.max_value.reset();
    }
    if (sequence.start == sequence.min_value.value_or(1)) {
      sequence.start.reset();
    }
  } else {
    if (sequence.max_value == -1LL) {
      sequence.max_value.reset();
    }
    if (sequence.min_value == min) {
      sequence.min_value.reset();
    }
    if (sequence.start == sequence.max_value.value_or(-1)) {
      sequence.start.reset();
    }
  }
}

} // namespace strata::dialects
