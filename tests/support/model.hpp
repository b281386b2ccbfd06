#pragma once
// Builders of model values shared by the per-engine unit-test fixtures (SQLite, PostgreSQL,
// MySQL): a column and a table, as the tests spell them.

#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::test {

inline schemas::Column make_column(std::string name, std::string type, bool nullable = true,
                                   std::optional<std::string> default_value = std::nullopt)
{
  schemas::Column c;
  c.name = std::move(name);
  c.type = schemas::ColumnType::parse(type);
  c.nullable = nullable;
  c.default_value = std::move(default_value);
  return c;
}

inline schemas::Table make_table(std::string name, std::vector<schemas::Column> columns,
                                 std::vector<std::string> primary_key = {}, std::string schema = {})
{
  schemas::Table t;
  t.schema = std::move(schema);
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.primary_key = std::move(primary_key);
  return t;
}

} // namespace strata::test
