#include "migrations/executor.hpp"

#include <catch2/catch.hpp>

using namespace strata::migrations;

TEST_CASE("statements split on semicolons with their first line", "[migrations][splitter]")
{
  const auto statements = split_statements("-- header comment\n"
                                           "\n"
                                           "CREATE TABLE a (id INTEGER);\n"
                                           "INSERT INTO a VALUES (1);  INSERT INTO a VALUES (2);\n"
                                           "\n"
                                           "  -- leading comment\n"
                                           "  UPDATE a\n"
                                           "  SET id = 3");
  REQUIRE(statements.size() == 4);
  CHECK(statements[0].sql == "CREATE TABLE a (id INTEGER)");
  CHECK(statements[0].line == 3);
  CHECK(statements[1].sql == "INSERT INTO a VALUES (1)");
  CHECK(statements[2].sql == "INSERT INTO a VALUES (2)");
  CHECK(statements[2].line == 4);
  CHECK(statements[3].sql == "UPDATE a\n  SET id = 3");
  CHECK(statements[3].line == 7);
}

TEST_CASE("semicolons inside quotes and comments do not split", "[migrations][splitter]")
{
  const auto statements = split_statements("INSERT INTO t VALUES ('a;b', 'it''s; fine');\n"
                                           "SELECT \"odd;name\", `x;y` FROM t; -- trailing; comment\n"
                                           "/* block; comment\n spanning; lines */ SELECT 2;\n"
                                           "-- only a comment;\n"
                                           ";;\n");
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].sql == "INSERT INTO t VALUES ('a;b', 'it''s; fine')");
  CHECK(statements[1].sql == "SELECT \"odd;name\", `x;y` FROM t");
  CHECK(statements[2].sql == "SELECT 2");
  CHECK(statements[2].line == 4);
}

TEST_CASE("dollar-quoted bodies stay whole", "[migrations][splitter]")
{
  const auto statements = split_statements("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
                                           "DO $body$ BEGIN PERFORM 1; END $body$;\n"
                                           "SELECT $1, a$b FROM t;\n");
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].sql == "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql");
  CHECK(statements[1].sql == "DO $body$ BEGIN PERFORM 1; END $body$");
  CHECK(statements[1].line == 2);
  CHECK(statements[2].sql == "SELECT $1, a$b FROM t");
}

TEST_CASE("CREATE TRIGGER bodies are one statement", "[migrations][splitter]")
{
  const auto statements = split_statements("CREATE TABLE log (x TEXT);\n"
                                           "CREATE TEMP TRIGGER trg AFTER INSERT ON t\n"
                                           "BEGIN\n"
                                           "  INSERT INTO log VALUES (CASE WHEN new.a > 0 THEN 'pos' ELSE 'neg' END);\n"
                                           "  DELETE FROM log WHERE x = 'end;';\n"
                                           "END;\n"
                                           "CREATE INDEX i ON log (x);\n"
                                           "SELECT CASE WHEN 1 THEN 2 END;\n");
  REQUIRE(statements.size() == 4);
  CHECK(statements[1].line == 2);
  CHECK(statements[1].sql.substr(0, 24) == "CREATE TEMP TRIGGER trg ");
  CHECK(statements[1].sql.size() > 3);
  CHECK(statements[1].sql.substr(statements[1].sql.size() - 3) == "END");
  CHECK(statements[2].sql == "CREATE INDEX i ON log (x)");
  CHECK(statements[2].line == 7);
  CHECK(statements[3].sql == "SELECT CASE WHEN 1 THEN 2 END");
}

TEST_CASE("an empty or comment-only file has no statements", "[migrations][splitter]")
{
  CHECK(split_statements("").empty());
  CHECK(split_statements("-- nothing\n/* here */\n\n").empty());
}

TEST_CASE("PostgreSQL E-strings take backslash escapes", "[migrations][splitter]")
{
  const auto statements = split_statements("SELECT E'it\\'s; here', 'C:\\';\nSELECT 2;\n");
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].sql == "SELECT E'it\\'s; here', 'C:\\'");
  CHECK(statements[1].line == 2);
}
