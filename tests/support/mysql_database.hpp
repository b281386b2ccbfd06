#pragma once
// A fresh MySQL/MariaDB database per test, created from STRATA_TEST_MYSQL_URL
// (scripts/mariadb.sh exports it) and dropped with the object, with the copies strata took of
// its rows; see server_database.hpp.

#include "dialects/mysql/connection.hpp"
#include "tests/support/server_database.hpp"

#include <string>

namespace strata::test {

struct MysqlServer {
  using Connection = dialects::mysql::MysqlConnection;
  static constexpr const char* url_variable = "STRATA_TEST_MYSQL_URL";
  static constexpr const char* server_name = "MariaDB";
  static constexpr const char* start_script = "mariadb.sh";
  static constexpr const char* scheme = "mysql";

  static std::string create_sql(const std::string& name)
  {
    return "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci";
  }
  static std::string drop_sql(const std::string& name) { return "DROP DATABASE IF EXISTS `" + name + "`"; }
  // The copies strata took of this database's rows live in the shared strata_backup database,
  // in tables named after this database ("<name>_<backup id>"): they go with it.
  static void after_drop(Connection& admin, const std::string& name)
  {
    std::string pattern;
    for (char c : name) {
      pattern += c == '_' ? std::string("\\\\_") : std::string(1, c);
    }
    const auto tables = admin.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                    "'strata_backup' AND TABLE_NAME LIKE '" + pattern + "\\\\_%'");
    for (const auto& row : tables.rows) {
      admin.execute("DROP TABLE IF EXISTS `strata_backup`.`" + row.at(0).value_or("") + "`");
    }
  }
};

using MysqlDatabase = ServerDatabase<MysqlServer>;

} // namespace strata::test
