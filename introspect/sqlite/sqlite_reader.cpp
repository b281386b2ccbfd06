// The SQLite reader: a few batch catalog queries (queries.hpp), the CREATE texts scanned for what
// the pragmas do not report (create_scanner.hpp, fixups.hpp) and for the indexes, which the pragmas
// are asked for only where the texts leave something open.

#include "introspect/sqlite/sqlite_reader.hpp"

#include "introspect/rows.hpp"
#include "introspect/sqlite/create_scanner.hpp"
#include "introspect/sqlite/fixups.hpp"
#include "introspect/sqlite/queries.hpp"

#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/sql_text.hpp"
#include "schemas/two_halves.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace strata::introspect::sqlite {

namespace {

// `values` as an SQL list of literals: 'a', 'b'.
template <typename Values>
std::string literal_list(const Values& values, const dialects::Rendering& dialect)
{
  std::string list;
  for (const auto& value : values) {
    list += (list.empty() ? "" : ", ") + dialect.quote_literal(value);
  }
  return list;
}

// A query's text with its placeholders filled: `{only}` with `only` (ReadOptions::only) as a
// condition on the object's table name, nothing when unset; `{shadow:COLUMN}` with COLUMN NOT IN
// the shadow tables' names, nothing when there are none.
std::string scoped(std::string sql, const std::optional<std::set<std::string>>& only,
                   const std::vector<std::string>& shadow_tables, const dialects::Rendering& dialect)
{
  std::string condition;
  if (only) {
    const std::string list = literal_list(*only, dialect);
    // SQLite's NOCASE folds ASCII letters only, as its identifiers (and ascii_lower) do.
    condition = list.empty() ? " AND 0" : " AND m.tbl_name COLLATE NOCASE IN (" + list + ")";
  }
  if (const auto at = sql.find("{only}"); at != std::string::npos) {
    sql.replace(at, 6, condition);
  }
  fill_placeholders(sql, "{shadow:", [&](std::string_view column) {
    return shadow_tables.empty()
             ? std::string()
             : " AND " + std::string(column) + " NOT IN (" + literal_list(shadow_tables, dialect) + ")";
  });
  return sql;
}

// The shadow tables of the database's virtual tables, when it has any (without one the pragma that
// lists them, which works out every view's columns, is not run).
std::vector<std::string> shadow_tables(dialects::Connection& connection, bool virtual_tables)
{
  std::vector<std::string> names;
  if (virtual_tables) {
    for (auto& row : connection.query(queries::k_shadow_tables).rows) {
      names.push_back(row[0].value_or(std::string()));
    }
  }
  return names;
}

// What the catalog holds, keyed by table name as stored.
struct Catalog {
  std::string only(const char* sql) const { return scoped(sql, *scope, shadow, *dialect); }
  // `sql` (only()) asked of the tables whose texts the scan leaves open: `{pragma:COLUMN}` filled
  // with COLUMN IN their names.
  std::string of_open_tables(const char* sql) const
  {
    std::set<std::string> names;
    for (const auto& [at, definition] : open_definitions) {
      names.insert(schema.tables[at].name);
    }
    std::string out = only(sql);
    fill_placeholders(out, "{pragma:", [&](std::string_view column) {
      return " AND " + std::string(column) + " IN (" + literal_list(names, *dialect) + ")";
    });
    return out;
  }

  const std::optional<std::set<std::string>>* scope = nullptr;
  const dialects::Rendering* dialect = nullptr;
  std::vector<std::string> shadow; // the shadow tables' names (shadow_tables)
  schemas::Schema schema;
  std::map<std::string, size_t> table_index;        // table name -> index in schema.tables
  std::vector<std::string> table_sql;               // the CREATE TABLE texts of schema.tables, until scanned
  // Of each table's scanned text what is applied once its indexes are read: its UNIQUE
  // constraints (parallel to schema.tables); the whole of it for a table whose text is open.
  std::vector<std::vector<UniqueDefinition>> uniques;
  std::map<size_t, TableDefinition> open_definitions; // by index in schema.tables
  std::map<std::string, std::string> index_sql;     // index name -> CREATE INDEX text
  std::vector<std::pair<std::string, std::string>> index_tables; // (index name, tbl_name), creation order
  bool autoindexes = false; // whether some table has an automatic index (k_facts)

  const schemas::Table* table(const std::string& name) const
  {
    const auto it = table_index.find(name);
    if (it != table_index.end()) {
      return &schema.tables[it->second];
    }
    for (const auto& t : schema.tables) { // tbl_name of triggers may differ in case
      if (same_identifier(t.name, name)) {
        return &t;
      }
    }
    return nullptr;
  }
  schemas::Table* table(const std::string& name)
  {
    return const_cast<schemas::Table*>(std::as_const(*this).table(name));
  }
};

void read_objects(dialects::Connection& connection, Catalog& catalog)
{
  Rows rows(connection.query(catalog.only(queries::k_objects)));
  std::vector<std::pair<std::string, schemas::Trigger>> triggers;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string& type = rows.text(r, "type");
    const std::string& name = rows.text(r, "name");
    std::string sql = rows.take(r, "sql"); // each row read once
    if (type == "table" && sql.rfind("CREATE VIRTUAL", 0) == 0) {
      const VirtualTableDefinition def = scan_create_virtual_table(sql);
      catalog.schema.virtual_tables.push_back(schemas::VirtualTable{name, def.module, def.arguments, {}});
    } else if (type == "table") {
      catalog.table_index[name] = catalog.schema.tables.size();
      catalog.table_sql.push_back(std::move(sql));
      schemas::Table table;
      table.name = name;
      catalog.schema.tables.push_back(std::move(table));
    } else if (type == "index") {
      catalog.index_sql[name] = std::move(sql);
      catalog.index_tables.emplace_back(name, rows.str(r, "tbl_name"));
    } else if (type == "view") {
      const ViewDefinition def = scan_create_view(sql);
      schemas::View view;
      view.name = name;
      view.query = def.query;
      view.columns = def.columns;
      catalog.schema.views.push_back(std::move(view));
    } else if (type == "trigger") {
      triggers.push_back({rows.str(r, "tbl_name"), schemas::Trigger{name, std::move(sql), {}}});
    }
  }
  for (auto& [table_name, trigger] : triggers) {
    if (schemas::Table* table = catalog.table(table_name)) {
      table->triggers.push_back(std::move(trigger));
    }
  }
}

std::string action(const std::string& text)
{
  std::string out = text;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A column as PRAGMA table_xinfo reports it, from its table's text (whose strings it takes).
schemas::Column column_from_text(ColumnDefinition& def, bool standard_names)
{
  schemas::Column column;
  column.name = def.name;
  column.type = schemas::ColumnType::parse(reported_type(def.declared_type, standard_names));
  column.nullable = !def.not_null;
  column.default_value = std::move(def.default_value);
  if (def.generated) { // its expression is set with the rest of the text (apply_text)
    column.generated = schemas::GeneratedColumn{{}, def.stored};
  }
  return column;
}

// A table read from its text: columns, primary key and foreign keys as SQLite works them out of
// the same text, then what else the text tells (apply_text).
void table_from_text(schemas::Table& table, TableDefinition& def, bool standard_names)
{
  table.columns.reserve(def.columns.size());
  for (auto& column : def.columns) {
    table.columns.push_back(column_from_text(column, standard_names));
  }
  table.primary_key = def.primary_key;
  for (const auto& key : def.foreign_keys) {
    schemas::ForeignKey fk;
    fk.references.name = key.table;
    fk.columns = key.columns;
    fk.ref_columns = key.ref_columns; // none: filled with the parent's primary key once every table is read
    fk.on_delete = action(key.on_delete);
    fk.on_update = action(key.on_update);
    table.foreign_keys.push_back(std::move(fk));
  }
  apply_text(table, def);
}

// Columns and primary keys of the tables whose text holds a form the scan leaves open, asked of
// PRAGMA table_xinfo (k_columns), which looks each up by name.
void read_open_columns(dialects::Connection& connection, Catalog& catalog)
{
  if (catalog.open_definitions.empty()) {
    return;
  }
  const std::string sql = catalog.of_open_tables(queries::k_columns);
  std::map<std::string, std::vector<std::pair<long long, std::string>>> keys; // table -> (pk position, column)
  TableColumns gathered;
  each_chunk(connection, sql, [&](const Rows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      schemas::Table* table = catalog.table(rows.str(r, "table_name"));
      const long long hidden = rows.num(r, "hidden");
      if (table == nullptr || hidden == 1) { // hidden 1: a virtual table's hidden column
        continue;
      }
      schemas::Column column;
      column.name = rows.str(r, "name");
      column.type = schemas::ColumnType::parse(rows.str(r, "type"));
      column.nullable = rows.num(r, "notnull") == 0;
      column.default_value = rows.value(r, "dflt_value");
      if (hidden == 2 || hidden == 3) { // generated: 2 VIRTUAL, 3 STORED; expression from the text
        column.generated = schemas::GeneratedColumn{{}, hidden == 3};
      }
      if (const long long pk = rows.num(r, "pk"); pk > 0) {
        keys[table->name].emplace_back(pk, column.name);
      }
      gathered.add(*table, std::move(column));
    }
  });
  gathered.finish();
  for (auto& [name, columns] : keys) {
    std::sort(columns.begin(), columns.end());
    for (const auto& [position, column] : columns) {
      catalog.table(name)->primary_key.push_back(column);
    }
  }
}

// Each table's text scanned once, one table at a time (a thousand scanned texts are larger than
// the tables read from them): read from it, or, when it is open, kept for after the pragmas.
void read_tables(dialects::Connection& connection, Catalog& catalog)
{
  const bool standard_names = dialects::sqlite::reports_standard_type_names();
  const size_t count = catalog.schema.tables.size();
  catalog.uniques.resize(count);
  std::vector<std::optional<TableDefinition>> open(count);
  // Each table from its own text into its own places; of a large schema, in two halves at once.
  schemas::each_in_two_halves(count, schemas::k_two_halves_from, [&](size_t t) {
    TableDefinition def = scan_create_table(catalog.table_sql[t]);
    std::string().swap(catalog.table_sql[t]); // read
    if (def.open) {
      open[t] = std::move(def);
      return;
    }
    table_from_text(catalog.schema.tables[t], def, standard_names);
    catalog.uniques[t] = std::move(def.uniques);
  });
  for (size_t t = 0; t < count; ++t) {
    if (open[t]) {
      catalog.open_definitions.emplace(t, std::move(*open[t]));
    }
  }
  read_open_columns(connection, catalog);
}

// One index (rows [begin, end) of the index query) in the model's terms.
schemas::Index make_index(const Rows& rows, size_t begin, size_t end, const Catalog& catalog)
{
  schemas::Index index;
  index.name = rows.str(begin, "index_name");
  index.unique = rows.num(begin, "unique") != 0;
  index.constraint = rows.str(begin, "origin") == "u";
  const auto sql = catalog.index_sql.find(index.name);
  const IndexDefinition def =
    sql != catalog.index_sql.end() && !index.constraint ? scan_create_index(sql->second) : IndexDefinition{};
  if (rows.num(begin, "partial") != 0) {
    index.where = def.where;
  }
  for (size_t r = begin; r < end; ++r) {
    const auto seq = static_cast<size_t>(rows.num(r, "seqno"));
    schemas::IndexKey key;
    if (rows.num(r, "cid") == -2) {
      key.expression = seq < def.keys.size() ? def.keys[seq].expression : std::string();
    } else {
      key.column = rows.str(r, "column_name");
    }
    key.descending = rows.num(r, "desc") != 0;
    key.collation = seq < def.keys.size() ? def.keys[seq].collation : std::string(); // explicit only
    index.keys.push_back(std::move(key));
  }
  return index;
}

// The index a CREATE INDEX text declares on `table`, when the text says all the pragmas would:
// each key a column of the table or plainly computed, none DESC (a database of the legacy file
// format ignores DESC); nullopt otherwise. A key naming a column is the column as the table
// declares it (the pragmas' name); an index made by a CREATE INDEX is never a constraint's.
std::optional<schemas::Index> index_from_text(const std::string& name, const std::string& sql, const schemas::Table& table)
{
  const IndexDefinition def = scan_create_index(sql);
  schemas::Index index;
  index.name = name;
  index.unique = def.unique;
  index.where = def.where;
  for (const auto& key_def : def.keys) {
    schemas::IndexKey key;
    const auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                     [&](const auto& c) { return !key_def.column.empty() && same_identifier(c.name, key_def.column); });
    if (key_def.descending || (column == table.columns.end() && !key_def.computed)) {
      return std::nullopt;
    }
    if (column != table.columns.end()) {
      key.column = column->name;
    } else {
      key.expression = key_def.expression;
    }
    key.collation = key_def.collation;
    index.keys.push_back(std::move(key));
  }
  if (index.keys.empty()) {
    return std::nullopt;
  }
  return index;
}

// Indexes: from their CREATE INDEX texts, but for the tables with an automatic index (a UNIQUE or
// PRIMARY KEY constraint's, which has no text) or with an index whose text leaves a key open:
// those read with the pragmas (k_index_columns), as many lookups as they have indexes.
void read_indexes(dialects::Connection& connection, Catalog& catalog)
{
  std::map<std::string, std::vector<schemas::Index>> from_text; // table name -> its indexes
  std::set<std::string> open;                                  // tables asked of the pragmas
  // Each index from its text (the catalog only read); of a large schema, in two halves at once.
  const auto& items = catalog.index_tables;
  std::vector<const schemas::Table*> tables(items.size());
  std::vector<std::optional<schemas::Index>> made(items.size());
  schemas::each_in_two_halves(items.size(), schemas::k_two_halves_from, [&](size_t i) {
    const auto& [name, table_name] = items[i];
    tables[i] = std::as_const(catalog).table(table_name);
    if (tables[i] != nullptr) {
      const auto sql = catalog.index_sql.find(name);
      made[i] = index_from_text(name, sql != catalog.index_sql.end() ? sql->second : std::string(), *tables[i]);
    }
  });
  for (size_t i = 0; i < items.size(); ++i) {
    if (tables[i] == nullptr) {
      continue;
    }
    if (made[i]) {
      from_text[tables[i]->name].push_back(std::move(*made[i]));
    } else {
      open.insert(tables[i]->name);
    }
  }
  std::set<std::string> asked; // tables the pragmas returned indexes of
  if (catalog.autoindexes || !open.empty()) {
    std::string sql = catalog.only(queries::k_index_columns);
    fill_placeholders(sql, "{pragma:", [&](std::string_view column) {
      std::string condition;
      if (catalog.autoindexes) {
        condition = std::string(column) + " COLLATE NOCASE IN (" + queries::k_autoindexed_tables + ")";
      }
      if (!open.empty()) {
        condition += (condition.empty() ? "" : " OR ") + std::string(column) + " IN (" + literal_list(open, *catalog.dialect) + ")";
      }
      return " AND (" + condition + ")";
    });
    const Rows rows(connection.query(sql));
    size_t begin = 0;
    while (begin < rows.size()) {
      size_t end = begin + 1;
      while (end < rows.size() && rows.str(end, "table_name") == rows.str(begin, "table_name") &&
             rows.str(end, "index_name") == rows.str(begin, "index_name")) {
        ++end;
      }
      schemas::Table* table = catalog.table(rows.str(begin, "table_name"));
      if (table != nullptr) {
        asked.insert(table->name);
      }
      if (table != nullptr && rows.str(begin, "origin") != "pk") { // the primary key is not an index
        table->indexes.push_back(make_index(rows, begin, end, catalog));
      }
      begin = end;
    }
  }
  // The others in the pragma's order: by name (BINARY, as std::string compares).
  for (auto& [table_name, indexes] : from_text) {
    if (asked.contains(table_name)) {
      continue;
    }
    std::sort(indexes.begin(), indexes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    schemas::Table* table = catalog.table(table_name);
    for (auto& index : indexes) {
      table->indexes.push_back(std::move(index));
    }
  }
}


// Foreign keys of the tables whose text the scan leaves open, asked of PRAGMA foreign_key_list
// (k_foreign_keys); the others' come with their texts (table_from_text).
void read_foreign_keys(dialects::Connection& connection, Catalog& catalog)
{
  if (catalog.open_definitions.empty()) {
    return;
  }
  const Rows rows(connection.query(catalog.of_open_tables(queries::k_foreign_keys)));
  std::set<schemas::Table*> asked;
  for (size_t begin = 0, end = 0; begin < rows.size(); begin = end) {
    end = begin + 1;
    while (end < rows.size() && rows.str(end, "table_name") == rows.str(begin, "table_name") &&
           rows.num(end, "id") == rows.num(begin, "id")) {
      ++end;
    }
    schemas::Table* table = catalog.table(rows.str(begin, "table_name"));
    if (table == nullptr) {
      continue;
    }
    schemas::ForeignKey fk;
    fk.references.name = rows.str(begin, "table");
    fk.on_delete = action(rows.str(begin, "on_delete"));
    fk.on_update = action(rows.str(begin, "on_update"));
    bool implicit_parent_key = false;
    for (size_t r = begin; r < end; ++r) {
      fk.columns.push_back(rows.str(r, "from"));
      implicit_parent_key = implicit_parent_key || !rows.value(r, "to").has_value();
      fk.ref_columns.push_back(rows.str(r, "to"));
    }
    if (implicit_parent_key) {
      fk.ref_columns.clear(); // filled with the parent's primary key once every table is read
    }
    table->foreign_keys.push_back(std::move(fk));
    asked.insert(table);
  }
  // pragma_foreign_key_list numbers keys from the last declared one: restore declaration order.
  for (schemas::Table* table : asked) {
    std::reverse(table->foreign_keys.begin(), table->foreign_keys.end());
  }
}

void read_row_estimates(dialects::Connection& connection, Catalog& catalog, bool analysed)
{
  if (!analysed) {
    return; // no sqlite_stat1
  }
  const Rows rows(connection.query(queries::k_row_estimates));
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto it = catalog.table_index.find(rows.str(r, "table_name"));
    if (it != catalog.table_index.end() && !rows.null(r, "row_estimate")) {
      catalog.schema.tables[it->second].estimate.rows = rows.num(r, "row_estimate");
    }
  }
}

// A read of only some tables (ReadOptions::only): the tables their foreign keys reference outside
// it, with their names and primary keys (all resolve_references takes of them), appended to
// `catalog`'s; the number appended.
size_t add_referenced_tables(dialects::Connection& connection, const dialects::Rendering& dialect, Catalog& catalog)
{
  std::set<std::string> read;
  for (const auto& table : catalog.schema.tables) {
    read.insert(dialects::sqlite::ascii_lower(table.name));
  }
  std::optional<std::set<std::string>> parents{std::in_place};
  for (const auto& table : catalog.schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      if (const auto name = dialects::sqlite::ascii_lower(fk.references.name); !read.contains(name)) {
        parents->insert(name);
      }
    }
  }
  if (parents->empty()) {
    return 0;
  }
  Catalog others;
  others.scope = &parents;
  others.dialect = &dialect;
  others.shadow = catalog.shadow;
  read_objects(connection, others);
  read_tables(connection, others);
  for (auto& table : others.schema.tables) {
    catalog.schema.tables.push_back(std::move(table));
  }
  return others.schema.tables.size();
}

} // namespace

bool read_changed(dialects::Connection& /*connection*/, const dialects::Rendering& /*dialect*/,
                  const ReadOptions& /*options*/, schemas::Schema& /*last*/, const Fingerprint& /*was*/,
                  const Fingerprint& /*now*/)
{
  return false; // SQLite's fingerprints are per object: introspect::read_changed reads them without the engine
}

std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& /*dialect*/,
                                       const ReadOptions& /*options*/, const Fingerprint* /*previous*/,
                                       FingerprintDepth /*depth*/) // its text is as cheap as anything
{
  Fingerprint out;
  out.key = [](std::string_view name) { return dialects::sqlite::ascii_lower(name); };
  const auto rows = connection.query(queries::k_fingerprint).rows; // type, name, tbl_name, sql
  std::map<std::string, std::vector<const std::vector<dialects::Value>*>> objects;
  for (const auto& row : rows) {
    objects[dialects::sqlite::ascii_lower(row[2].value_or(std::string()))].push_back(&row);
  }
  for (auto& [key, of] : objects) {
    // By type, then name (unique in sqlite_schema), compared as SQLite's BINARY collation does.
    std::sort(of.begin(), of.end(), [](const auto* a, const auto* b) {
      return std::tie((*a)[0], (*a)[1]) < std::tie((*b)[0], (*b)[1]);
    });
    auto& text = out.objects.emplace_hint(out.objects.end(), key, std::string())->second;
    for (const auto* row : of) {
      append_row(text, *row);
    }
  }
  return out;
}

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect,
                     const ReadOptions& options /* SQLite reads the main database */)
{
  Catalog catalog;
  catalog.scope = &options.only;
  catalog.dialect = &dialect;
  const Rows facts(connection.query(queries::k_facts));
  catalog.shadow = shadow_tables(connection, facts.num(0, "virtual_tables") > 0);
  catalog.autoindexes = facts.num(0, "autoindexes") > 0;
  read_objects(connection, catalog);
  read_tables(connection, catalog);
  read_indexes(connection, catalog);
  read_foreign_keys(connection, catalog);
  read_row_estimates(connection, catalog, facts.num(0, "stat1") > 0);
  for (size_t t = 0; t < catalog.schema.tables.size(); ++t) {
    if (const auto open = catalog.open_definitions.find(t); open != catalog.open_definitions.end()) {
      apply_definition(catalog.schema.tables[t], open->second);
    } else {
      apply_uniques(catalog.schema.tables[t], catalog.uniques[t]);
    }
  }
  const size_t referenced = options.only ? add_referenced_tables(connection, dialect, catalog) : 0;
  resolve_references(catalog.schema);
  catalog.schema.tables.resize(catalog.schema.tables.size() - referenced);
  return std::move(catalog.schema);
}

} // namespace strata::introspect::sqlite
