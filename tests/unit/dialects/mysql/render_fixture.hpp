#pragma once
// Helpers of the MySQL/MariaDB write-side tests: model values, rendering through the dialect,
// executing every statement on a fresh database of the real test server, and reading the
// catalog back with information_schema queries (independent of strata's reader).

#include "dialects/mysql/mysql_dialect.hpp"
#include "schemas/operation.hpp"
#include "tests/support/model.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

namespace strata::test {

inline schemas::Index my_index(std::string name, std::vector<std::string> columns, bool unique = false)
{
  schemas::Index index;
  index.name = std::move(name);
  index.unique = unique;
  for (auto& c : columns) {
    index.keys.push_back(schemas::IndexKey{std::move(c), {}, false, {}, 0});
  }
  return index;
}

inline const dialects::Dialect& my_dialect()
{
  return dialects::mysql::dialect();
}

// The SQL of each statement `op` renders to.
inline std::vector<std::string> my_sql(const schemas::Operation& op, const schemas::Schema* live = nullptr,
                                       const schemas::Schema* desired = nullptr)
{
  dialects::RenderContext ctx{live, desired};
  std::vector<std::string> out;
  for (const auto& s : my_dialect().render(op, ctx)) {
    out.push_back(s.sql);
  }
  return out;
}

// Renders `op` and runs each statement (DDL commits by itself on MySQL).
inline void my_apply(dialects::Connection& c, const schemas::Operation& op, const schemas::Schema* live = nullptr,
                     const schemas::Schema* desired = nullptr)
{
  dialects::RenderContext ctx{live, desired};
  for (const auto& s : my_dialect().render(op, ctx)) {
    INFO(s.sql);
    c.execute(s.sql);
  }
}

// The first value of the first row ("NULL" for SQL NULL, "" for no row).
inline std::string my_value(dialects::Connection& c, const std::string& sql)
{
  const auto result = c.query(sql);
  if (result.rows.empty() || result.rows[0].empty()) {
    return "";
  }
  return result.rows[0][0].value_or("NULL");
}

// The columns of `table` in their order, comma-separated.
inline std::string my_column_order(dialects::Connection& c, const std::string& table)
{
  return my_value(c, "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS "
                     "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'");
}

// One attribute of information_schema.COLUMNS for `table`.`column`.
inline std::string my_column_attribute(dialects::Connection& c, const std::string& table, const std::string& column,
                                       const std::string& attribute)
{
  return my_value(c, "SELECT " + attribute + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                     "AND TABLE_NAME = '" + table + "' AND COLUMN_NAME = '" + column + "'");
}

// The indexes of `table` as "name:columns" (PRIMARY included), sorted by name.
inline std::string my_indexes(dialects::Connection& c, const std::string& table)
{
  return my_value(c, "SELECT GROUP_CONCAT(d ORDER BY d SEPARATOR ' ') FROM (SELECT CONCAT(INDEX_NAME, ':', "
                     "GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)) AS d FROM information_schema.STATISTICS "
                     "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "' GROUP BY INDEX_NAME) x");
}

// The table most tests render and apply steps on.
inline const schemas::QualifiedName k_t{"", "t"};

} // namespace strata::test
