#pragma once
// End-to-end tests on MySQL/MariaDB: a Workspace (temporary folder, the real binary) with a fresh
// database of its own on the test server, and direct SQL access for preparing and checking.

#include "tests/e2e/support/server_workspace.hpp"
#include "tests/support/mysql_database.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

class MyWorkspace : public ServerWorkspace<test::MysqlDatabase> {
public:
  MyWorkspace() : ServerWorkspace(EngineId::mysql) {}

  bool database_exists(const std::string& name) override;
  long long count(const std::string& table) override;
  bool table_exists(const std::string& name) override;
  std::vector<std::string> columns(const std::string& table) override;
  std::vector<std::string> history() override;
  // information_schema: tables, columns in order, indexes, foreign keys, checks, views with the
  // database name taken out.
  std::string schema_dump() override;
};

// A realistic MariaDB schema in raw SQL: 16 tables (one partitioned), AUTO_INCREMENT and unsigned keys, ENUM and
// SET, JSON, DECIMAL, DATETIME(3), ON UPDATE CURRENT_TIMESTAMP, virtual and stored generated
// columns, a column collation and a table charset of their own, a MyISAM table, composite keys,
// foreign keys with actions (one index created implicitly by the server), prefix, FULLTEXT and
// DESC indexes, column and table CHECKs, comments, two views; the organization and users rows
// (k_shop_order_rows_sql, in fixtures.hpp, has the rest).
extern const char* const k_my_shop_sql;
inline constexpr int k_my_shop_table_count = 16;

} // namespace strata::e2e
