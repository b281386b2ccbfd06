// The MySQL/MariaDB client connection against the real test server.
#include "dialects/mysql/connection.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/unit/dialects/connection_checks.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using strata::test::MysqlDatabase;

TEST_CASE("mysql connection runs statements and returns rows as text with NULLs", "[mysql]")
{
  MysqlDatabase db;
  test::check_rows_as_text(db.connection());
}

TEST_CASE("mysql connection hands a query's rows over a chunk at a time, as the server sends them", "[mysql]")
{
  MysqlDatabase db;
  // A subquery of two rows where one value is wanted fails on the row that evaluates it.
  test::check_query_chunks(db.connection(),
                           "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5)"
                           " SELECT n, CASE WHEN n = 3 THEN NULL ELSE CONCAT('v', n) END AS v FROM s ORDER BY n",
                           "SELECT 1 FROM DUAL WHERE false",
                           "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5)"
                           " SELECT n, CASE WHEN n = 4 THEN (SELECT 1 UNION SELECT 2) ELSE n END AS v FROM s");
}

TEST_CASE("mysql connection reports the server and a plain session", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  CHECK(c.server().version > 0);
  CHECK(c.server().mariadb == (c.server().version_text.find("MariaDB") != std::string::npos));
  const auto mode = c.query("SELECT @@SESSION.sql_mode, @@SESSION.time_zone, @@character_set_client").rows.at(0);
  CHECK(mode[0].value_or("").find("ANSI_QUOTES") == std::string::npos);
  CHECK(mode[1] == std::optional<std::string>("+00:00"));
  CHECK(mode[2] == std::optional<std::string>("utf8mb4"));
}

TEST_CASE("mysql data changes roll back, DDL commits implicitly", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int) ENGINE=InnoDB");
  {
    dialects::Transaction tx(c);
    c.execute("INSERT INTO t VALUES (1)");
  } // rolled back
  CHECK(c.query("SELECT COUNT(*) FROM t").rows[0][0] == std::optional<std::string>("0"));
}

TEST_CASE("mysql errors carry the SQLSTATE and never the password", "[mysql]")
{
  MysqlDatabase db;
  CHECK(test::missing_table_error_code(db.connection()) == "42S02");
  const auto message = test::wrong_password_message<dialects::mysql::MysqlConnection>(
      db.url(), "wrong-secret-password", "expected a connection error");
  CHECK(message.find("***") != std::string::npos);
}

TEST_CASE("mysql multi-statement text stops at the first failing statement", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int PRIMARY KEY)");
  CHECK_THROWS_AS(c.execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); INSERT INTO t VALUES (3)"),
                  DatabaseError);
  CHECK(c.query("SELECT COUNT(*) FROM t").rows[0][0] == std::optional<std::string>("1"));
  c.execute("INSERT INTO t VALUES (4)"); // the connection is usable afterwards
}

TEST_CASE("mysql URLs connect through a unix socket and reject unknown parameters", "[mysql]")
{
  MysqlDatabase db;
  auto url = db.url();
  url.params["socket"] = "/run/mysqld/mysqld.sock";
  url.host = "127.0.0.1";
  dialects::mysql::MysqlConnection through_socket(url);
  CHECK(through_socket.query("SELECT DATABASE()").rows[0][0] == std::optional<std::string>(db.name()));
  auto unknown = db.url();
  unknown.params["sslrootcert"] = "x";
  CHECK_THROWS_WITH(dialects::mysql::MysqlConnection(unknown), Catch::Contains("unknown MySQL URL parameter"));
}

TEST_CASE("the mysql dialect is registered and quotes with backticks", "[mysql]")
{
  const auto& dialect = dialects::dialect_for("mysql");
  CHECK(dialect.quote_identifier("we`ird") == "`we``ird`");
  CHECK(dialect.quote_literal("it's a \\ path") == "'it''s a \\\\ path'");
  CHECK_FALSE(dialect.capabilities.transactional_ddl);
}
