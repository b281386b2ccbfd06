#pragma once
// A fresh database per test on a test server (PostgreSQL or MySQL/MariaDB), created from the
// server's URL variable (scripts/postgres.sh and scripts/mariadb.sh export them) and dropped with
// the object. Without the variable the test is skipped (exit code 4, reason printed) — except
// under CI=true, where a missing server fails.
//
// What differs between the servers is a small `Server` description: its connection type, the
// variable, the scheme and the CREATE/DROP statements (postgres_database.hpp, mysql_database.hpp).

#include "dialects/url.hpp"

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>

#include <unistd.h>

namespace strata::test {

// The admin URL of a test server from `variable`; skips or fails the test when there is none.
inline dialects::DbUrl server_admin_url(const char* variable, const char* server, const char* script)
{
  const char* url = std::getenv(variable);
  if (url == nullptr || *url == '\0') {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      std::cerr << variable << " is not set under CI=true: the " << server
                << " server is missing (scripts/test.sh starts it through scripts/" << script << ")\n";
      std::exit(1);
    }
    std::cerr << "SKIP: " << variable << " is not set (run `source scripts/" << script
              << "` to start the test server)\n";
    std::exit(4);
  }
  return dialects::DbUrl::parse(url);
}

// What every test database this process creates starts with: "strata_t_<pid>r<random>_". The
// random part keeps a reused process id from matching a database an earlier process left behind
// (a test that died before its destructor ran), so a pattern over this prefix names this
// process's databases only.
inline const std::string& test_database_prefix()
{
  static const std::string prefix = [] {
    std::random_device random;
    return "strata_t_" + std::to_string(::getpid()) + "r" + std::to_string(random() % 1000000) + "_";
  }();
  return prefix;
}

template <class Server>
class ServerDatabase {
public:
  using Connection = typename Server::Connection;

  ServerDatabase()
  {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_admin_url = server_admin_url(Server::url_variable, Server::server_name, Server::start_script);
    m_name = test_database_prefix() + std::to_string(counter++) + "_" + std::to_string(random() % 100000);
    admin().execute(Server::create_sql(m_name));
    m_url = m_admin_url;
    m_url.database = m_name;
    m_url.original.clear();
  }
  ~ServerDatabase()
  {
    m_connection.reset();
    try {
      admin().execute(Server::drop_sql(m_name));
      Server::after_drop(admin(), m_name);
    } catch (...) { // a destructor must not throw; a leftover database is harmless
    }
  }
  ServerDatabase(const ServerDatabase&) = delete;
  ServerDatabase& operator=(const ServerDatabase&) = delete;

  const std::string& name() const { return m_name; }
  const dialects::DbUrl& url() const { return m_url; }
  // <scheme>://user:password@host:port/name (for the strata binary)
  std::string url_text() const
  {
    return std::string(Server::scheme) + "://" + m_url.user + ":" + m_url.password + "@" + m_url.host + ":" +
           std::to_string(m_url.port) + "/" + m_name;
  }
  // A connection to this database, opened on first use and kept.
  Connection& connection()
  {
    if (!m_connection) {
      m_connection = std::make_unique<Connection>(m_url);
    }
    return *m_connection;
  }
  // A new connection of its own (for concurrency tests).
  std::unique_ptr<Connection> connect() const { return std::make_unique<Connection>(m_url); }

private:
  Connection& admin()
  {
    if (!m_admin) {
      m_admin = std::make_unique<Connection>(m_admin_url);
    }
    return *m_admin;
  }

  dialects::DbUrl m_admin_url;
  dialects::DbUrl m_url;
  std::string m_name;
  std::unique_ptr<Connection> m_admin;
  std::unique_ptr<Connection> m_connection;
};

} // namespace strata::test
