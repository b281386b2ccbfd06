#pragma once
// A fresh PostgreSQL database per test, created from STRATA_TEST_PG_URL (scripts/postgres.sh
// exports it) and dropped (WITH (FORCE)) with the object; see server_database.hpp.

#include "dialects/postgres/connection.hpp"
#include "tests/support/server_database.hpp"

#include <string>

namespace strata::test {

struct PostgresServer {
  using Connection = dialects::postgres::PostgresConnection;
  static constexpr const char* url_variable = "STRATA_TEST_PG_URL";
  static constexpr const char* server_name = "PostgreSQL";
  static constexpr const char* start_script = "postgres.sh";
  static constexpr const char* scheme = "postgres";

  static std::string create_sql(const std::string& name) { return "CREATE DATABASE \"" + name + "\""; }
  static std::string drop_sql(const std::string& name)
  {
    return "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)";
  }
  static void after_drop(Connection&, const std::string&) {}
};

using PostgresDatabase = ServerDatabase<PostgresServer>;

} // namespace strata::test
