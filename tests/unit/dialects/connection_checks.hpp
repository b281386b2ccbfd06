#pragma once
// Checks the PostgreSQL and MySQL connection tests share: written once, called per engine.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <optional>
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
