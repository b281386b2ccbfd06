// Primary keys and indexes (STATISTICS, one row per key part), foreign keys (KEY_COLUMN_USAGE +
// REFERENTIAL_CONSTRAINTS) and checks (CHECK_CONSTRAINTS).

#include "dialects/mysql/expr.hpp"
#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"

namespace strata::introspect::mysql {

namespace {

namespace my = dialects::mysql;

// The catalog's word: InnoDB reports RESTRICT for a foreign key written without an action or with
// RESTRICT, and NO ACTION for one written with NO ACTION. Both mean the same there (checked at
// once) and compare equal (normalize), but inspect keeps the word, so that a plan re-creates the
// catalog as it was.
std::string action(const std::string& rule)
{
  const std::string text = my::expr::ascii_lower(rule);
  return text.empty() ? std::string("no action") : text;
}

// MariaDB's json: a longtext column with a column-level CHECK (json_valid(`c`)) named after it.
// The column reads back as json and the check is dropped (it is the type, not a constraint).
bool json_column_check(schemas::Table& table, const std::string& name, const std::string& level,
                       const std::string& clause)
{
  schemas::Column* column = nullptr;
  for (auto& c : table.columns) {
    if (c.name == name) {
      column = &c;
    }
  }
  if (column == nullptr || level != "Column" || my::expr::canonical(clause) != my::expr::canonical("json_valid(`" + name + "`)") ||
      column->type != schemas::ColumnType::make_native("longtext")) {
    return false;
  }
  column->type = schemas::ColumnType::make_portable(schemas::PortableKind::json_);
  column->collation.clear(); // utf8mb4_bin, what json gets
  return true;
}

} // namespace

void read_indexes(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(queries::indexes(catalog.server)));
  schemas::Index* current = nullptr;
  std::string current_table;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string table_name = rows.str(r, "table_name");
    schemas::Table* table = catalog.table(table_name);
    if (table == nullptr) {
      continue;
    }
    const std::string name = rows.str(r, "name");
    if (name == "PRIMARY") {
      if (table->primary_key.empty()) {
        table->primary_key_comment = rows.str(r, "comment");
      }
      table->primary_key.push_back(rows.str(r, "column_name"));
      current = nullptr;
      continue;
    }
    if (current == nullptr || current_table != table_name || current->name != name) {
      schemas::Index index;
      index.name = name;
      index.unique = rows.str(r, "non_unique") == "0";
      const std::string type = my::expr::ascii_lower(rows.str(r, "index_type"));
      index.method = type == "fulltext" || type == "spatial" ? type : std::string();
      index.comment = rows.str(r, "comment");
      index.invisible = rows.str(r, "invisible") == "1";
      table->indexes.push_back(std::move(index));
      current = &table->indexes.back();
      current_table = table_name;
    }
    schemas::IndexKey key;
    if (rows.null(r, "column_name")) {
      key.expression = rows.str(r, "expression"); // MySQL 8 functional key part
    } else {
      key.column = rows.str(r, "column_name");
    }
    key.descending = rows.str(r, "collation") == "D";
    key.length = rows.null(r, "sub_part") ? 0 : std::stoi(rows.str(r, "sub_part"));
    current->keys.push_back(std::move(key));
  }
}

void read_foreign_keys(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(queries::k_foreign_keys));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Table* table = catalog.table(rows.str(r, "table_name"));
    if (table == nullptr) {
      continue;
    }
    const std::string name = rows.str(r, "name");
    if (table->foreign_keys.empty() || table->foreign_keys.back().name != name) {
      schemas::ForeignKey fk;
      fk.name = name;
      // A parent in another database is named with it; the connection's own has no schema.
      const std::string ref_schema = rows.str(r, "ref_schema");
      fk.references = {ref_schema == catalog.database ? std::string() : ref_schema, rows.str(r, "ref_table")};
      fk.on_update = action(rows.str(r, "on_update"));
      fk.on_delete = action(rows.str(r, "on_delete"));
      table->foreign_keys.push_back(std::move(fk));
    }
    table->foreign_keys.back().columns.push_back(rows.str(r, "column_name"));
    table->foreign_keys.back().ref_columns.push_back(rows.str(r, "ref_column"));
  }
}

void read_checks(dialects::Connection& connection, Catalog& catalog)
{
  if (!catalog.server.enforces_checks()) {
    return; // no CHECK_CONSTRAINTS table: checks were parsed and dropped
  }
  const bool named_tables = catalog.server.check_constraints_name_table();
  const Rows rows(connection.query(named_tables ? queries::k_checks_mariadb : queries::k_checks_mysql));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Table* table = catalog.table(rows.str(r, "table_name"));
    if (table == nullptr) {
      continue;
    }
    const std::string name = rows.str(r, "name");
    const std::string clause = rows.str(r, "clause");
    if (json_column_check(*table, name, rows.str(r, "level"), clause)) {
      continue;
    }
    table->checks.push_back(schemas::Check{name, clause, {}});
  }
}

} // namespace strata::introspect::mysql
