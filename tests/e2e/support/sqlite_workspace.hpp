#pragma once
// The SQLite engine of the matrix: the workspace's own app.db, read through database.hpp.

#include "tests/e2e/support/engine.hpp"

namespace strata::e2e {

class SqliteWorkspace : public DbWorkspace {
public:
  SqliteWorkspace();

  std::string url() const override { return db_url(); }
  std::string database_name() const override { return db_path().filename().string(); }
  void exec(const std::string& sql) override { exec_sql(db_path(), sql); }
  std::vector<Row> rows(const std::string& sql) override { return query_rows(db_path(), sql); }
  long long count(const std::string& table) override { return count_rows(db_path(), table); }
  bool table_exists(const std::string& name) override { return e2e::table_exists(db_path(), name); }
  std::vector<std::string> columns(const std::string& table) override { return column_names(db_path(), table); }
  std::vector<std::string> history() override { return history_versions(db_path()); }
  std::string schema_dump() override { return e2e::schema_dump(db_path()); }
  // SQLite replays in memory: there is never a scratch database to leave behind.
  bool database_exists(const std::string&) override { return false; }
};

} // namespace strata::e2e
