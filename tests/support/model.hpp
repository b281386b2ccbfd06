#pragma once
// Builders of model values shared by the per-engine unit-test fixtures (SQLite, PostgreSQL,
// MySQL) and the planner tests: a column, a table and a foreign key, as the tests spell them.

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

// `columns` referencing `ref_columns` of `table` (in the default schema).
inline schemas::ForeignKey foreign_key(std::string name, std::vector<std::string> columns, std::string table,
                                       std::vector<std::string> ref_columns)
{
  schemas::ForeignKey fk;
  fk.name = std::move(name);
  fk.columns = std::move(columns);
  fk.references = {"", std::move(table)};
  fk.ref_columns = std::move(ref_columns);
  return fk;
}

} // namespace strata::test
