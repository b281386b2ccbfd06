#pragma once
// A fresh MySQL/MariaDB database per test, created from STRATA_TEST_MYSQL_URL
// (scripts/mariadb.sh exports it) and dropped with the object. Without the variable the test is
// skipped (exit code 4, reason printed) — except under CI=true, where a missing server fails.

#include "dialects/mysql/connection.hpp"
#include "dialects/url.hpp"

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>

#include <unistd.h>

namespace strata::test {

// The admin URL of the test server; skips or fails the test when there is none.
inline dialects::DbUrl mysql_admin_url()
{
  const char* url = std::getenv("STRATA_TEST_MYSQL_URL");
  if (url == nullptr || *url == '\0') {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      std::cerr << "STRATA_TEST_MYSQL_URL is not set under CI=true: the MariaDB server is missing "
                   "(scripts/test.sh starts it through scripts/mariadb.sh)\n";
      std::exit(1);
    }
    std::cerr << "SKIP: STRATA_TEST_MYSQL_URL is not set (run `source scripts/mariadb.sh` to start the "
                 "test server)\n";
    std::exit(4);
  }
  return dialects::DbUrl::parse(url);
}

class MysqlDatabase {
public:
  MysqlDatabase()
  {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_admin_url = mysql_admin_url();
    m_name = "strata_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(random() % 100000);
    admin().execute("CREATE DATABASE `" + m_name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    m_url = m_admin_url;
    m_url.database = m_name;
    m_url.original.clear();
  }
  ~MysqlDatabase()
  {
    m_connection.reset();
    try {
      admin().execute("DROP DATABASE IF EXISTS `" + m_name + "`");
      drop_backups();
    } catch (...) { // a destructor must not throw; a leftover database is harmless
    }
  }
  MysqlDatabase(const MysqlDatabase&) = delete;
  MysqlDatabase& operator=(const MysqlDatabase&) = delete;

  const std::string& name() const { return m_name; }
  const dialects::DbUrl& url() const { return m_url; }
  // mysql://user:password@host:port/name (for the strata binary)
  std::string url_text() const
  {
    return "mysql://" + m_url.user + ":" + m_url.password + "@" + m_url.host + ":" + std::to_string(m_url.port) +
           "/" + m_name;
  }
  // A connection to this database, opened on first use and kept.
  dialects::mysql::MysqlConnection& connection()
  {
    if (!m_connection) {
      m_connection = std::make_unique<dialects::mysql::MysqlConnection>(m_url);
    }
    return *m_connection;
  }
  // A new connection of its own (for concurrency tests).
  std::unique_ptr<dialects::mysql::MysqlConnection> connect() const
  {
    return std::make_unique<dialects::mysql::MysqlConnection>(m_url);
  }

private:
  // The copies strata took of this database's rows live in the shared strata_backup database,
  // in tables named after this database ("<name>_<backup id>"): they go with it.
  void drop_backups()
  {
    std::string pattern;
    for (char c : m_name) {
      pattern += c == '_' ? std::string("\\\\_") : std::string(1, c);
    }
    const auto tables = admin().query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                      "'strata_backup' AND TABLE_NAME LIKE '" + pattern + "\\\\_%'");
    for (const auto& row : tables.rows) {
      admin().execute("DROP TABLE IF EXISTS `strata_backup`.`" + row.at(0).value_or("") + "`");
    }
  }

  dialects::mysql::MysqlConnection& admin()
  {
    if (!m_admin) {
      m_admin = std::make_unique<dialects::mysql::MysqlConnection>(m_admin_url);
    }
    return *m_admin;
  }

  dialects::DbUrl m_admin_url;
  dialects::DbUrl m_url;
  std::string m_name;
  std::unique_ptr<dialects::mysql::MysqlConnection> m_admin;
  std::unique_ptr<dialects::mysql::MysqlConnection> m_connection;
};

} // namespace strata::test
