// The SQLite connection's queries: rows as text, and rows handed over a chunk at a time.
#include "dialects/sqlite/connection.hpp"
#include "dialects/url.hpp"
#include "tests/unit/dialects/connection_checks.hpp"

#include <catch2/catch.hpp>

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
