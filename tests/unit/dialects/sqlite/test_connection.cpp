// The SQLite connection's queries: rows as text, and rows handed over a chunk at a time.
#include "dialects/sqlite/connection.hpp"
#include "dialects/url.hpp"
#include "tests/unit/dialects/connection_checks.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace strata;

namespace {

dialects::sqlite::SqliteConnection in_memory()
{
  return dialects::sqlite::SqliteConnection(dialects::DbUrl::parse("sqlite::memory:"));
}

// Five rows counted by a recursive query (SQLite has no generate_series of its own).
constexpr const char* k_five = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5)";

} // namespace

TEST_CASE("sqlite connection runs statements and returns rows as text with NULLs", "[sqlite]")
{
  auto c = in_memory();
  test::check_rows_as_text(c);
}

TEST_CASE("sqlite connection hands a query's rows over a chunk at a time, as it steps the statement", "[sqlite]")
{
  auto c = in_memory();
  // json() of a text that is no JSON fails on the row that calls it, after rows were handed over.
  test::check_query_chunks(c, std::string(k_five) + " SELECT n, CASE WHEN n = 3 THEN NULL ELSE 'v' || n END AS v FROM s",
                           "SELECT 1 WHERE 0",
                           std::string(k_five) + " SELECT CASE WHEN n = 4 THEN json('not json') ELSE n END FROM s");
}

TEST_CASE("sqlite connection steps a large result in chunks of the readers' size, and query() gives it whole", "[sqlite]")
{
  auto c = in_memory();
  const std::string sql = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 2500) SELECT n FROM s";
  std::vector<size_t> sizes;
  std::optional<std::string> last;
  c.query_chunks(sql, 1000, [&](dialects::ResultSet&& chunk) {
    REQUIRE(chunk.columns == std::vector<std::string>{"n"});
    sizes.push_back(chunk.rows.size());
    last = chunk.rows.back()[0];
  });
  CHECK(sizes == std::vector<size_t>{1000, 1000, 500});
  CHECK(last == std::optional<std::string>("2500"));

  const auto whole = c.query(sql);
  REQUIRE(whole.rows.size() == 2500);
  CHECK(whole.rows.back()[0] == std::optional<std::string>("2500"));
  // A query without rows still gives its column names.
  const auto none = c.query("SELECT 1 AS one WHERE 0");
  CHECK(none.columns == std::vector<std::string>{"one"});
  CHECK(none.rows.empty());
}
