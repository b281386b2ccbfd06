#pragma once
// Shared state of the MySQL/MariaDB reader: result rows by column name, what the server and
// database are, and the Schema under construction with its tables by name.

#include "dialects/connection.hpp"
#include "dialects/mysql/connection.hpp"
#include "schemas/model.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace strata::introspect::mysql {

class Rows {
public:
  explicit Rows(dialects::ResultSet result) : m_result(std::move(result)) {}
  size_t size() const { return m_result.rows.size(); }
  bool null(size_t row, const std::string& column) const { return !value(row, column).has_value(); }
  std::string str(size_t row, const std::string& column) const { return value(row, column).value_or(std::string()); }
  const dialects::Value& value(size_t row, const std::string& column) const
  {
    const auto it = std::find(m_result.columns.begin(), m_result.columns.end(), column);
    return m_result.rows[row].at(static_cast<size_t>(it - m_result.columns.begin()));
  }

private:
  dialects::ResultSet m_result;
};

struct Catalog {
  std::string database;          // DATABASE(): objects in it have an empty `schema`
  dialects::mysql::ServerInfo server;
  std::string default_engine;    // @@default_storage_engine
  std::string default_charset;   // the database's
  std::string default_collation; // the database's
  schemas::Schema schema;
  std::map<std::string, size_t> tables;      // name -> index in schema.tables
  std::map<std::string, std::string> collations; // table name -> its collation (TABLE_COLLATION)

  schemas::Table* table(const std::string& name)
  {
    const auto it = tables.find(name);
    return it == tables.end() ? nullptr : &schema.tables[it->second];
  }
};

void read_tables(dialects::Connection& connection, Catalog& catalog);
void read_columns(dialects::Connection& connection, Catalog& catalog);
void read_indexes(dialects::Connection& connection, Catalog& catalog);
void read_foreign_keys(dialects::Connection& connection, Catalog& catalog);
void read_checks(dialects::Connection& connection, Catalog& catalog);
void read_views(dialects::Connection& connection, Catalog& catalog);

} // namespace strata::introspect::mysql
