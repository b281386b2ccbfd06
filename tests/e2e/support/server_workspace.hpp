#pragma once
// What the two servers' workspaces share: a fresh database of their own on the test server
// (tests/support/server_database.hpp), its URL and name, and direct SQL access through its
// connection. The catalog queries stay in each engine's workspace (pg_support, my_support).

#include "tests/e2e/support/engine.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

template <class Database>
class ServerWorkspace : public DbWorkspace {
public:
  explicit ServerWorkspace(EngineId id) : DbWorkspace(engine_by_id(id)) {}

  std::string url() const override { return m_db.url_text(); }
  std::string database_name() const override { return m_db.name(); }
  Database& database() { return m_db; }

  void exec(const std::string& sql) override { m_db.connection().execute(sql); }
  std::vector<Row> rows(const std::string& sql) override { return m_db.connection().query(sql).rows; }

protected:
  Database m_db;
};

} // namespace strata::e2e
