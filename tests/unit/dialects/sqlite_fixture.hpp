#pragma once
// A real SQLite file in a fresh temporary directory, with the SQLite dialect and small helpers
// to execute rendered statements and read single values back; builders for columns and indexes.

#include "dialects/dialect.hpp"
#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "tests/support/model.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>

namespace strata::test {

inline schemas::Column column(std::string name, std::string type, bool nullable = true,
                              std::optional<std::string> default_value = std::nullopt)
{
  return make_column(std::move(name), std::move(type), nullable, std::move(default_value));
}

// A NOT NULL identity (auto-increment) column.
inline schemas::Column identity_column(std::string name, std::string type)
{
  auto c = column(std::move(name), std::move(type), false);
  c.identity = true;
  return c;
}

inline schemas::IndexKey key(std::string column_name)
{
  schemas::IndexKey k;
  k.column = std::move(column_name);
  return k;
}

// A CREATE INDEX on one plain column.
inline schemas::Index plain_index(std::string name, std::string column_name)
{
  schemas::Index index;
  index.name = std::move(name);
  index.keys = {key(std::move(column_name))};
  return index;
}

// A UNIQUE constraint of the table on one column.
inline schemas::Index unique_key(std::string name, std::string column_name)
{
  auto index = plain_index(std::move(name), std::move(column_name));
  index.unique = true;
  index.constraint = true;
  return index;
}

struct SqliteDb {
  TempDir dir;
  const dialects::Dialect* dialect = &dialects::sqlite::dialect();
  dialects::DbUrl url = dialects::DbUrl::parse("sqlite:" + (dir.path() / "test.db").string());
  std::unique_ptr<dialects::Connection> conn = dialect->connect(url);
  dialects::RenderContext ctx;

  std::unique_ptr<dialects::Connection> connect() const { return dialect->connect(url); }

  // Renders `op` and runs every statement; returns the statements for inspection.
  std::vector<dialects::Statement> apply(const schemas::Operation& op)
  {
    auto statements = dialect->render(op, ctx);
    for (const auto& statement : statements) {
      INFO(statement.sql);
      conn->execute(statement.sql);
    }
    return statements;
  }

  // Like apply(), inside one transaction (as the executor runs a migration file), followed by
  // check_integrity before the commit.
  std::vector<dialects::Statement> apply_in_transaction(const schemas::Operation& op)
  {
    dialects::Transaction transaction(*conn);
    auto statements = apply(op);
    dialect->check_integrity(*conn);
    transaction.commit();
    return statements;
  }

  // The first column of the first row ("" for NULL or no row).
  std::string scalar(const std::string& sql)
  {
    const auto result = conn->query(sql);
    return result.rows.empty() ? std::string() : result.rows[0][0].value_or("");
  }
  long long count(const std::string& sql) { return std::stoll(scalar(sql)); }
};

} // namespace strata::test
