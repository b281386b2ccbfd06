#pragma once
// Shared state of the MySQL/MariaDB reader: what the server and database are, and the Schema
// under construction with its tables by name.

#include "dialects/connection.hpp"
#include "dialects/mysql/connection.hpp"
#include "introspect/rows.hpp"
#include "schemas/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace strata::introspect::mysql {

struct Catalog {
  std::string database;          // DATABASE(): objects in it have an empty `schema`
  dialects::mysql::ServerInfo server;
  std::string default_engine;    // @@default_storage_engine
  std::string default_charset;   // the database's
  std::string default_collation; // the database's
  std::string session_charset;   // the reading session's character_set_client (views' default)
  std::string session_collation; // and collation_connection
  schemas::Schema schema;
  std::map<std::string, size_t> tables;      // name -> index in schema.tables
  std::map<std::string, std::string> collations; // table name -> its collation (TABLE_COLLATION)
  std::vector<std::string> partitioned;          // tables whose CREATE_OPTIONS say "partitioned"
  std::vector<std::string> sequences;            // MariaDB sequences (TABLE_TYPE SEQUENCE)

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
void read_triggers(dialects::Connection& connection, Catalog& catalog);
void read_routines(dialects::Connection& connection, Catalog& catalog);
void read_partitions(dialects::Connection& connection, Catalog& catalog);
void read_sequences(dialects::Connection& connection, Catalog& catalog);

} // namespace strata::introspect::mysql
