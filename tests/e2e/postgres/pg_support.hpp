#pragma once
// End-to-end tests on PostgreSQL: a Workspace (temporary folder, the real binary) with a fresh
// database of its own on the test server, and direct SQL access for preparing and checking.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/workspace.hpp"
#include "tests/support/postgres_database.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

class PgWorkspace : public Workspace {
public:
  std::string url() const { return m_db.url_text(); }
  test::PostgresDatabase& database() { return m_db; }

  void exec(const std::string& sql) { m_db.connection().execute(sql); }
  std::vector<Row> rows(const std::string& sql) { return m_db.connection().query(sql).rows; }
  // The first column of the first row (fails the test when there is no row).
  dialects::Value scalar(const std::string& sql);
  // A database of that name exists on the test server (e.g. a scratch database left behind).
  bool database_exists(const std::string& name);
  long long count(const std::string& table);
  bool relation_exists(const std::string& name, const std::string& schema = "public");
  std::vector<std::string> columns(const std::string& table, const std::string& schema = "public");
  // "version|status" rows of strata_schema_history (empty when it does not exist).
  std::vector<std::string> history();
  // Every catalog fact of the public and audit schemas as sorted lines: equal dumps mean an
  // unchanged schema (strata's own objects left out).
  std::string schema_dump();

  // strata <command> <args...> --db <url>
  ProcessResult run(const std::string& command, std::vector<std::string> args = {}) const;

private:
  test::PostgresDatabase m_db;
};

// Plans v1 of the bookshop (fixtures.hpp) with version k_v1_version, applies it, inserts rows.
void pg_apply_books_v1(PgWorkspace& ws);
// Plans v2 (exit 2) and applies it with --yes.
void pg_apply_books_v2(PgWorkspace& ws);

// A realistic PostgreSQL schema in raw SQL: 16 tables in public and audit, identity and serial,
// enums, composite keys, foreign keys with actions/MATCH FULL/DEFERRABLE, partial, expression,
// GIN, INCLUDE and DESC indexes, UNIQUE constraints, checks, generated column, arrays, jsonb,
// comments, a collation, two views, a sequence; a few rows.
extern const char* const k_pg_shop_sql;

} // namespace strata::e2e
