#pragma once
// A fresh PostgreSQL database per test, created from STRATA_TEST_PG_URL (scripts/postgres.sh
// exports it) and dropped (WITH (FORCE)) with the object. Without the variable the test is
// skipped (exit code 4, reason printed) — except under CI=true, where a missing server fails.

#include "dialects/postgres/connection.hpp"
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
inline dialects::DbUrl postgres_admin_url()
{
  const char* url = std::getenv("STRATA_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      std::cerr << "STRATA_TEST_PG_URL is not set under CI=true: the PostgreSQL server is missing "
                   "(scripts/test.sh starts it through scripts/postgres.sh)\n";
      std::exit(1);
    }
    std::cerr << "SKIP: STRATA_TEST_PG_URL is not set (run `source scripts/postgres.sh` to start the "
                 "test server)\n";
    std::exit(4);
  }
  return dialects::DbUrl::parse(url);
}

class PostgresDatabase {
public:
  PostgresDatabase()
  {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_admin_url = postgres_admin_url();
    m_name = "strata_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(random() % 100000);
    admin().execute("CREATE DATABASE \"" + m_name + "\"");
    m_url = m_admin_url;
    m_url.database = m_name;
    m_url.original.clear();
  }
  ~PostgresDatabase()
  {
    m_connection.reset();
    try {
      admin().execute("DROP DATABASE IF EXISTS \"" + m_name + "\" WITH (FORCE)");
    } catch (...) { // a destructor must not throw; a leftover database is harmless
    }
  }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  const std::string& name() const { return m_name; }
  const dialects::DbUrl& url() const { return m_url; }
  // postgres://user:password@host:port/name (for the strata binary)
  std::string url_text() const
  {
    return "postgres://" + m_url.user + ":" + m_url.password + "@" + m_url.host + ":" +
           std::to_string(m_url.port) + "/" + m_name;
  }
  // A connection to this database, opened on first use and kept.
  dialects::postgres::PostgresConnection& connection()
  {
    if (!m_connection) {
      m_connection = std::make_unique<dialects::postgres::PostgresConnection>(m_url);
    }
    return *m_connection;
  }
  // A new connection of its own (for concurrency tests).
  std::unique_ptr<dialects::postgres::PostgresConnection> connect() const
  {
    return std::make_unique<dialects::postgres::PostgresConnection>(m_url);
  }

private:
  dialects::postgres::PostgresConnection& admin()
  {
    if (!m_admin) {
      m_admin = std::make_unique<dialects::postgres::PostgresConnection>(m_admin_url);
    }
    return *m_admin;
  }

  dialects::DbUrl m_admin_url;
  dialects::DbUrl m_url;
  std::string m_name;
  std::unique_ptr<dialects::postgres::PostgresConnection> m_admin;
  std::unique_ptr<dialects::postgres::PostgresConnection> m_connection;
};

} // namespace strata::test
