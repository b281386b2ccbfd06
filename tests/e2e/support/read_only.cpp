#include "tests/e2e/support/read_only.hpp"

#include "tests/e2e/support/fixtures.hpp"

namespace strata::e2e {

void apply_books_v1_with(DbWorkspace& ws, const HandWrittenTable& table)
{
  apply_books_v1(ws);
  apply_hand_written(ws, "20260105000000", table.slug, table.up_sql, table.down_sql);
  ws.exec(table.rows_sql);
  std::string yaml = k_books_v1_yaml;
  const auto views = yaml.find("\nviews:");
  REQUIRE(views != std::string::npos);
  yaml.insert(views, table.table_yaml);
  ws.write("schema.yaml", yaml + table.view_yaml);
}

} // namespace strata::e2e
