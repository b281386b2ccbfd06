#pragma once
// End-to-end tests on MySQL/MariaDB: a Workspace (temporary folder, the real binary) with a fresh
// database of its own on the test server, and direct SQL access for preparing and checking.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/workspace.hpp"
#include "tests/support/mysql_database.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

class MyWorkspace : public Workspace {
public:
  std::string url() const { return m_db.url_text(); }
  test::MysqlDatabase& database() { return m_db; }

  void exec(const std::string& sql) { m_db.connection().execute(sql); }
  std::vector<Row> rows(const std::string& sql) { return m_db.connection().query(sql).rows; }
  // The first column of the first row (fails the test when there is no row).
  dialects::Value scalar(const std::string& sql);
  // A database of that name exists on the test server (e.g. a scratch database left behind).
  bool database_exists(const std::string& name);
  long long count(const std::string& table);
  bool table_exists(const std::string& name);
  // Column names of `table` in their order.
  std::vector<std::string> columns(const std::string& table);
  // "version|status" rows of strata_schema_history (empty when it does not exist).
  std::vector<std::string> history();
  // Every catalog fact of this database as sorted lines (information_schema: tables, columns in
  // order, indexes, foreign keys, checks, views with the database name taken out): equal dumps
  // mean an unchanged schema. strata's own tables are left out.
  std::string schema_dump();

  // strata <command> <args...> --db <url>
  ProcessResult run(const std::string& command, std::vector<std::string> args = {}) const;

private:
  test::MysqlDatabase m_db;
};

// Plans v1 of the bookshop (fixtures.hpp) with version k_v1_version, applies it, inserts rows.
void my_apply_books_v1(MyWorkspace& ws);
// Plans v2 (exit 2) and applies it with --yes.
void my_apply_books_v2(MyWorkspace& ws);

// A realistic MariaDB schema in raw SQL: 15 tables, AUTO_INCREMENT and unsigned keys, ENUM and
// SET, JSON, DECIMAL, DATETIME(3), ON UPDATE CURRENT_TIMESTAMP, virtual and stored generated
// columns, a column collation and a table charset of their own, a MyISAM table, composite keys,
// foreign keys with actions (one index created implicitly by the server), prefix, FULLTEXT and
// DESC indexes, column and table CHECKs, comments, two views; a few rows.
extern const char* const k_my_shop_sql;
inline constexpr int k_my_shop_table_count = 15;

} // namespace strata::e2e
