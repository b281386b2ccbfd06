#pragma once
// Helpers of the PostgreSQL write-side tests: render operations with the dialect, execute every
// statement on a fresh database of the real test server (one by one, so CONCURRENTLY statements
// run outside a transaction), and read single values back from the catalog.

#include "dialects/postgres/internal.hpp"
#include "schemas/operation.hpp"
#include "tests/support/model.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

namespace strata::test {

inline std::vector<dialects::Statement> pg_render(const schemas::Operation& op, dialects::RenderContext& ctx)
{
  return dialects::postgres::render(op, ctx);
}

inline std::vector<dialects::Statement> pg_render(const schemas::Operation& op)
{
  dialects::RenderContext ctx;
  return dialects::postgres::render(op, ctx);
}

// Runs each statement on its own (autocommit), as the no-transaction file does.
inline void pg_apply(dialects::postgres::PostgresConnection& c, const std::vector<dialects::Statement>& statements)
{
  for (const auto& s : statements) {
    INFO(s.sql);
    c.execute(s.sql);
  }
}

// The first value of the first row ("NULL" for SQL NULL).
inline std::string pg_value(dialects::postgres::PostgresConnection& c, const std::string& sql)
{
  const auto result = c.query(sql);
  REQUIRE_FALSE(result.rows.empty());
  return result.rows.front().front().value_or("NULL");
}

inline std::string pg_sql(const std::vector<dialects::Statement>& statements)
{
  std::string out;
  for (const auto& s : statements) {
    out += s.sql + ";\n";
  }
  return out;
}

} // namespace strata::test
