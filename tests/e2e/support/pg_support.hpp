#pragma once
// End-to-end tests on PostgreSQL: a Workspace (temporary folder, the real binary) with a fresh
// database of its own on the test server, and direct SQL access for preparing and checking.

#include "tests/e2e/support/server_workspace.hpp"
#include "tests/support/postgres_database.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

class PgWorkspace : public ServerWorkspace<test::PostgresDatabase> {
public:
  PgWorkspace() : ServerWorkspace(EngineId::postgres) {}

  bool database_exists(const std::string& name) override;
  long long count(const std::string& table) override;
  bool table_exists(const std::string& name) override { return relation_exists(name); }
  bool relation_exists(const std::string& name, const std::string& schema = "public");
  std::vector<std::string> columns(const std::string& table) override;
  std::vector<std::string> history() override;
  // The public and audit schemas (the shop's two).
  std::string schema_dump() override;
};

// A realistic PostgreSQL schema in raw SQL: 16 tables in public and audit, identity and serial,
// enums, composite keys, foreign keys with actions/MATCH FULL/DEFERRABLE, partial, expression,
// GIN, INCLUDE and DESC indexes, UNIQUE constraints, checks, generated column, arrays, jsonb,
// comments, a collation, two views, a sequence; a few rows.
extern const char* const k_pg_shop_sql;

} // namespace strata::e2e
