#include "dialects/registry.hpp"
#include "migrations/executor.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace strata::migrations;

namespace {

// Each statement as "<first line>: <sql>".
std::vector<std::string> split(const std::string& text)
{
  std::vector<std::string> out;
  for (const auto& statement : split_statements(text)) {
    out.push_back(std::to_string(statement.line) + ": " + statement.sql);
  }
  return out;
}

} // namespace

TEST_CASE("statements split on semicolons with their first line", "[migrations][splitter]")
{
  CHECK(split("-- header comment\n"
              "\n"
              "CREATE TABLE a (id INTEGER);\n"
              "INSERT INTO a VALUES (1);  INSERT INTO a VALUES (2);\n"
              "\n"
              "  -- leading comment\n"
              "  UPDATE a\n"
              "  SET id = 3") == std::vector<std::string>{"3: CREATE TABLE a (id INTEGER)",
                                                         "4: INSERT INTO a VALUES (1)", "4: INSERT INTO a VALUES (2)",
                                                         "7: UPDATE a\n  SET id = 3"});
}

TEST_CASE("semicolons inside quotes and comments do not split", "[migrations][splitter]")
{
  CHECK(split("INSERT INTO t VALUES ('a;b', 'it''s; fine');\n"
              "SELECT \"odd;name\", `x;y` FROM t; -- trailing; comment\n"
              "/* block; comment\n spanning; lines */ SELECT 2;\n"
              "-- only a comment;\n"
              ";;\n") == std::vector<std::string>{"1: INSERT INTO t VALUES ('a;b', 'it''s; fine')",
                                                  "2: SELECT \"odd;name\", `x;y` FROM t", "4: SELECT 2"});
}

TEST_CASE("dollar-quoted bodies stay whole", "[migrations][splitter]")
{
  CHECK(split("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
              "DO $body$ BEGIN PERFORM 1; END $body$;\n"
              "SELECT $1, a$b FROM t;\n") ==
        std::vector<std::string>{"1: CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                                 "2: DO $body$ BEGIN PERFORM 1; END $body$", "3: SELECT $1, a$b FROM t"});
}

TEST_CASE("CREATE TRIGGER bodies are one statement", "[migrations][splitter]")
{
  const std::string trigger = "CREATE TEMP TRIGGER trg AFTER INSERT ON t\n"
                              "BEGIN\n"
                              "  INSERT INTO log VALUES (CASE WHEN new.a > 0 THEN 'pos' ELSE 'neg' END);\n"
                              "  DELETE FROM log WHERE x = 'end;';\n"
                              "END";
  CHECK(split("CREATE TABLE log (x TEXT);\n" + trigger +
              ";\nCREATE INDEX i ON log (x);\nSELECT CASE WHEN 1 THEN 2 END;\n") ==
        std::vector<std::string>{"1: CREATE TABLE log (x TEXT)", "2: " + trigger, "7: CREATE INDEX i ON log (x)",
                                 "8: SELECT CASE WHEN 1 THEN 2 END"});
}

TEST_CASE("an empty or comment-only file has no statements", "[migrations][splitter]")
{
  CHECK(split_statements("").empty());
  CHECK(split_statements("-- nothing\n/* here */\n\n").empty());
}

TEST_CASE("PostgreSQL E-strings take backslash escapes", "[migrations][splitter]")
{
  CHECK(split("SELECT E'it\\'s; here', 'C:\\';\nSELECT 2;\n") ==
        std::vector<std::string>{"1: SELECT E'it\\'s; here', 'C:\\'", "2: SELECT 2"});
}

namespace {

// Each statement as "<first line>: <sql>", split as `engine`'s own client would.
std::vector<std::string> split_for(const std::string& engine, const std::string& text)
{
  std::vector<std::string> out;
  for (const auto& statement : split_statements(text, strata::dialects::dialect_for(engine))) {
    out.push_back(std::to_string(statement.line) + ": " + statement.sql);
  }
  return out;
}

} // namespace

TEST_CASE("MySQL files: backslash escapes, DELIMITER blocks and version comments", "[migrations][splitter]")
{
  CHECK(split_for("mysql", "/*!40101 SET NAMES utf8mb4 */;\n"
                           "INSERT INTO t VALUES ('it\\'s; tricky', \"a\\\";b\");\n"
                           "DELIMITER //\n"
                           "CREATE PROCEDURE p()\n"
                           "BEGIN\n"
                           "  SELECT 1; SELECT 2;\n"
                           "END//\n"
                           "/*!50003 CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @x = 1 */ //\n"
                           "DELIMITER ;\n"
                           "# a hash comment; here\n"
                           "SELECT 3;\n") ==
        std::vector<std::string>{"1: /*!40101 SET NAMES utf8mb4 */",
                                 "2: INSERT INTO t VALUES ('it\\'s; tricky', \"a\\\";b\")",
                                 "4: CREATE PROCEDURE p()\nBEGIN\n  SELECT 1; SELECT 2;\nEND",
                                 "8: /*!50003 CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @x = 1 */",
                                 "11: SELECT 3"});
}

TEST_CASE("MySQL routine bodies are one statement without DELIMITER lines", "[migrations][splitter]")
{
  CHECK(split_for("mysql", "CREATE DEFINER=`root`@`localhost` FUNCTION f(x INT) RETURNS INT DETERMINISTIC\n"
                           "BEGIN\n"
                           "  DECLARE n INT DEFAULT 0;\n"
                           "  counting: LOOP SET n = n + 1; IF n > x THEN LEAVE counting; END IF; END LOOP counting;\n"
                           "  CASE n WHEN 1 THEN SET n = 2; ELSE BEGIN SET n = CASE WHEN n > 9 THEN 9 END; END; END CASE;\n"
                           "  RETURN n + LENGTH('a;b');\n"
                           "END;\n"
                           "CREATE OR REPLACE PROCEDURE p() SELECT 1;\n"
                           "CREATE TABLE t (id INT, function INT, begin INT);\n"
                           "SELECT 2;\n") ==
        std::vector<std::string>{"1: CREATE DEFINER=`root`@`localhost` FUNCTION f(x INT) RETURNS INT DETERMINISTIC\n"
                                 "BEGIN\n"
                                 "  DECLARE n INT DEFAULT 0;\n"
                                 "  counting: LOOP SET n = n + 1; IF n > x THEN LEAVE counting; END IF; END LOOP counting;\n"
                                 "  CASE n WHEN 1 THEN SET n = 2; ELSE BEGIN SET n = CASE WHEN n > 9 THEN 9 END; END; END CASE;\n"
                                 "  RETURN n + LENGTH('a;b');\n"
                                 "END",
                                 "8: CREATE OR REPLACE PROCEDURE p() SELECT 1", "9: CREATE TABLE t (id INT, function INT, begin INT)",
                                 "10: SELECT 2"});
}

TEST_CASE("PostgreSQL files: nested comments, E-strings, dollar quotes", "[migrations][splitter]")
{
  CHECK(split_for("postgres", "/* outer /* inner; */ still; comment */\n"
                              "SELECT E'a\\'b;c';\n"
                              "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$;\n") ==
        std::vector<std::string>{"2: SELECT E'a\\'b;c'",
                                 "3: CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$"});
}

TEST_CASE("SQLite files end statements where sqlite3_complete says", "[migrations][splitter]")
{
  CHECK(split_for("sqlite", "CREATE TABLE [a;b] (x TEXT);\n"
                            "CREATE TRIGGER tr AFTER INSERT ON [a;b]\n"
                            "BEGIN\n"
                            "  UPDATE [a;b] SET x = 'end;' WHERE x IS NULL;\n"
                            "  SELECT CASE WHEN new.x = 'y' THEN RAISE(ABORT, 'no; way') END;\n"
                            "END;\n"
                            "INSERT INTO [a;b] VALUES ('c;d');\n") ==
        std::vector<std::string>{"1: CREATE TABLE [a;b] (x TEXT)",
                                 "2: CREATE TRIGGER tr AFTER INSERT ON [a;b]\nBEGIN\n"
                                 "  UPDATE [a;b] SET x = 'end;' WHERE x IS NULL;\n"
                                 "  SELECT CASE WHEN new.x = 'y' THEN RAISE(ABORT, 'no; way') END;\nEND",
                                 "7: INSERT INTO [a;b] VALUES ('c;d')"});
}

TEST_CASE("MySQL files split as the server reads them: version comments, --x, # comments", "[migrations][splitter]")
{
  CHECK(split_for("mysql", "/*!40101 CREATE TABLE t2 (a INT) */;\n"
                           "/*M!100500 CREATE TABLE t3 (a INT) */;\n"
                           "SELECT 1--1;\n"
                           "DELETE FROM t;\n"
                           "DELETE FROM u # WHERE id = 1;\n"
                           "  WHERE id = 2;\n"
                           "SELECT 'a\\';DELETE FROM t;';\n") ==
        std::vector<std::string>{"1: /*!40101 CREATE TABLE t2 (a INT) */", "2: /*M!100500 CREATE TABLE t3 (a INT) */",
                                 "3: SELECT 1--1", "4: DELETE FROM t",
                                 "5: DELETE FROM u # WHERE id = 1;\n  WHERE id = 2",
                                 "7: SELECT 'a\\';DELETE FROM t;'"});
  // PostgreSQL and SQLite read `--1` as a comment: one statement (which their server refuses).
  CHECK(split_for("postgres", "SELECT 1--1;\nDELETE FROM t;\n") ==
        std::vector<std::string>{"1: SELECT 1--1;\nDELETE FROM t"});
}
