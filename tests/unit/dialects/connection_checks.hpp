#pragma once
// Checks the connection tests of the engines share: written once, called per engine.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::test {

// Statements run, rows come back as text, SQL NULL as an empty optional.
inline void check_rows_as_text(dialects::Connection& c)
{
  c.execute("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, NULL)");
  const auto rows = c.query("SELECT id, name FROM t ORDER BY id");
  REQUIRE(rows.columns == std::vector<std::string>{"id", "name"});
  REQUIRE(rows.rows.size() == 2);
  CHECK(rows.rows[0][1] == std::optional<std::string>("a"));
  CHECK_FALSE(rows.rows[1][1].has_value());
}

// query_chunks hands `five_rows` (columns n and v; v NULL in the third row, else "v" and n) over
// two rows at a time, makes no call for `no_rows`, and comes out of an exception thrown by the
// caller's code or of `fails` (an error the engine raises while it hands rows over) with the
// connection ready for its next query.
inline void check_query_chunks(dialects::Connection& c, const std::string& five_rows, const std::string& no_rows,
                               const std::string& fails)
{
  std::vector<size_t> sizes;
  std::vector<std::string> values;
  c.query_chunks(five_rows, 2, [&](dialects::ResultSet&& chunk) {
    CHECK(chunk.columns == std::vector<std::string>{"n", "v"});
    sizes.push_back(chunk.rows.size());
    for (const auto& row : chunk.rows) {
      values.push_back(row[1].value_or("NULL"));
    }
  });
  CHECK(sizes == std::vector<size_t>{2, 2, 1});
  CHECK(values == std::vector<std::string>{"v1", "v2", "NULL", "v4", "v5"});

  int calls = 0;
  c.query_chunks(no_rows, 2, [&](dialects::ResultSet&&) { ++calls; });
  CHECK(calls == 0); // no rows, no call

  CHECK_THROWS_WITH(c.query_chunks(five_rows, 1, [&](dialects::ResultSet&&) { throw std::runtime_error("bad row"); }),
                    "bad row");
  CHECK(c.query("SELECT 7").rows[0][0] == std::optional<std::string>("7"));
  CHECK_THROWS_AS(c.query_chunks(fails, 2, [&](dialects::ResultSet&&) {}), DatabaseError);
  CHECK(c.query("SELECT 8").rows[0][0] == std::optional<std::string>("8"));
  // The whole result, as query() gives it, whatever the chunk size.
  CHECK(c.query(five_rows).rows.size() == 5);
}

// A query of a missing table fails with an error naming it; returns the error's SQLSTATE.
inline std::string missing_table_error_code(dialects::Connection& c)
{
  try {
    c.execute("SELECT * FROM missing_table");
    FAIL("expected an error");
  } catch (const DatabaseError& e) {
    CHECK(std::string(e.what()).find("missing_table") != std::string::npos);
    return e.code();
  }
  return {};
}

// Connecting with a wrong password fails with a message that does not show it; returns the message.
template <class Connection>
std::string wrong_password_message(dialects::DbUrl url, const std::string& password, const char* expectation)
{
  url.password = password;
  try {
    Connection c(url);
    FAIL(expectation);
  } catch (const DatabaseError& e) {
    const std::string message = e.what();
    CHECK(message.find(password) == std::string::npos);
    return message;
  }
  return {};
}

} // namespace strata::test
