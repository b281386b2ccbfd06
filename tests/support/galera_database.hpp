#pragma once
// The three-node MariaDB Galera Cluster of scripts/galera.sh (STRATA_TEST_GALERA_URLS, the nodes'
// URLs comma-separated) and a fresh database of the test's own on it. Without the variable the
// test is skipped (exit 4, reason printed), except under CI=true where it fails.

#include "dialects/mysql/connection.hpp"
#include "tests/support/mysql_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace strata::test {

inline constexpr const char* k_galera_variable = "STRATA_TEST_GALERA_URLS";

// The nodes' URLs from STRATA_TEST_GALERA_URLS; skips (exit 4) or, under CI=true, fails without it.
inline std::vector<dialects::DbUrl> galera_nodes()
{
  const char* text = std::getenv(k_galera_variable);
  if (text == nullptr || *text == '\0') {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      std::cerr << k_galera_variable << " is not set under CI=true: the Galera cluster is missing (scripts/test.sh "
                << "starts it through scripts/galera.sh)\n";
      std::exit(1);
    }
    std::cerr << "SKIP: " << k_galera_variable << " is not set (run `source scripts/galera.sh` to start the cluster)\n";
    std::exit(4);
  }
  std::vector<dialects::DbUrl> nodes;
  std::string all = text;
  for (size_t at = 0; at <= all.size();) {
    const auto comma = all.find(',', at);
    const auto piece = all.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!piece.empty()) {
      nodes.push_back(dialects::DbUrl::parse(piece));
    }
    at = comma == std::string::npos ? all.size() + 1 : comma + 1;
  }
  if (nodes.size() < 3) {
    std::cerr << k_galera_variable << " names " << nodes.size() << " node(s); the tests need three\n";
    std::exit(1);
  }
  return nodes;
}

inline std::string scalar(dialects::mysql::MysqlConnection& connection, const std::string& sql)
{
  const auto result = connection.query(sql);
  return result.rows.empty() || result.rows[0].empty() ? std::string{} : result.rows[0][0].value_or("");
}

// A fresh database of the test's own, created through node 1 (CREATE DATABASE replicates to every
// node in total order) and dropped with the object, with the copies strata took of its rows.
class GaleraDatabase {
public:
  GaleraDatabase() : m_nodes(galera_nodes())
  {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_name = "strata_g_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(random() % 100000);
    m_admin = std::make_unique<dialects::mysql::MysqlConnection>(m_nodes.front());
    m_admin->execute(MysqlServer::create_sql(m_name));
    // Every node has it before the test connects there: a read with wsrep_sync_wait waits until
    // the node applied what the cluster ordered before it.
    for (size_t node = 1; node < m_nodes.size(); ++node) {
      dialects::mysql::MysqlConnection other(m_nodes[node]);
      other.execute("SET SESSION wsrep_sync_wait = 1");
      other.query("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + m_name + "'");
    }
  }
  ~GaleraDatabase()
  {
    try {
      m_admin->execute(MysqlServer::drop_sql(m_name));
      MysqlServer::after_drop(*m_admin, m_name);
    } catch (...) { // a destructor must not throw; a leftover database is harmless
    }
  }
  GaleraDatabase(const GaleraDatabase&) = delete;
  GaleraDatabase& operator=(const GaleraDatabase&) = delete;

  size_t nodes() const { return m_nodes.size(); }
  const std::string& password() const { return m_nodes.front().password; }
  const std::string& name() const { return m_name; }
  // The URL strata is given for node `node` (0-based), with `params` ("lock_lease=3") if any.
  std::string url(size_t node, const std::string& params = "") const
  {
    const auto& u = m_nodes.at(node);
    return "mysql://" + u.user + ":" + u.password + "@" + u.host + ":" + std::to_string(u.port) + "/" + m_name +
           (params.empty() ? "" : "?" + params);
  }
  // A connection to this database on node `node` whose reads wait until the node applied every
  // write the cluster ordered before them (wsrep_sync_wait), so a check never reads a lagging node.
  std::unique_ptr<dialects::mysql::MysqlConnection> connect(size_t node) const
  {
    auto connection = std::make_unique<dialects::mysql::MysqlConnection>(db_url(node));
    connection->execute("SET SESSION wsrep_sync_wait = 1");
    return connection;
  }
  // This database on node `node` as a parsed URL (with `lock_lease` when given).
  dialects::DbUrl db_url(size_t node, const std::string& lock_lease = "") const
  {
    auto url = m_nodes.at(node);
    url.database = m_name;
    url.original.clear();
    if (!lock_lease.empty()) {
      url.params["lock_lease"] = lock_lease;
    }
    return url;
  }

private:
  std::vector<dialects::DbUrl> m_nodes;
  std::string m_name;
  std::unique_ptr<dialects::mysql::MysqlConnection> m_admin;
};

} // namespace strata::test
