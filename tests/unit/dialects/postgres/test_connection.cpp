// The libpq connection against the real test server.
#include "dialects/postgres/connection.hpp"
#include "schemas/error.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/unit/dialects/connection_checks.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace strata;
using strata::test::PostgresDatabase;

TEST_CASE("postgres connection runs statements and returns rows as text with NULLs", "[postgres]")
{
  PostgresDatabase db;
  test::check_rows_as_text(db.connection());
}

TEST_CASE("postgres connection hands a query's rows over a chunk at a time", "[postgres]")
{
  PostgresDatabase db;
  test::check_query_chunks(db.connection(),
                           "SELECT n, CASE WHEN n = 3 THEN NULL ELSE 'v' || n END AS v FROM generate_series(1, 5) n",
                           "SELECT 1 WHERE false", "SELECT 10 / (5 - n) FROM generate_series(1, 10) n");
}

TEST_CASE("postgres connection transactions commit and roll back", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int)");
  {
    dialects::Transaction tx(c);
    c.execute("INSERT INTO t VALUES (1)");
  } // rolled back
  CHECK(c.query("SELECT count(*) FROM t").rows[0][0] == std::optional<std::string>("0"));
  {
    dialects::Transaction tx(c);
    c.execute("CREATE TABLE u (id int)"); // DDL is transactional
    c.execute("INSERT INTO t VALUES (1)");
    tx.commit();
  }
  CHECK(c.query("SELECT count(*) FROM t").rows[0][0] == std::optional<std::string>("1"));
  CHECK_FALSE(c.in_transaction());
}

TEST_CASE("postgres errors carry the SQLSTATE and never the password", "[postgres]")
{
  PostgresDatabase db;
  test::missing_table_error_code(db.connection());
  test::wrong_password_message<dialects::postgres::PostgresConnection>(db.url(), "wrong-secret",
                                                                       "expected an authentication error");
}

TEST_CASE("postgres URL parameters reach libpq, search_path becomes an option", "[postgres]")
{
  auto url = dialects::DbUrl::parse("postgresql://u:p@h:5433/db?sslmode=disable&search_path=app,public&connect_timeout=3");
  const auto params = dialects::postgres::connection_parameters(url);
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : params) {
      if (k == key) {
        return v;
      }
    }
    return std::string("<absent>");
  };
  CHECK(value("host") == "h");
  CHECK(value("port") == "5433");
  CHECK(value("dbname") == "db");
  CHECK(value("sslmode") == "disable");
  CHECK(value("connect_timeout") == "3");
  CHECK(value("options") == "-c search_path=app,public");

  PostgresDatabase db;
  auto with_path = db.url();
  with_path.params["search_path"] = "other";
  db.connection().execute("CREATE SCHEMA other");
  dialects::postgres::PostgresConnection c(with_path);
  CHECK(c.query("SELECT current_schema()").rows[0][0] == std::optional<std::string>("other"));
}
