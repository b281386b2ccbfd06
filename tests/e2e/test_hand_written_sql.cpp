// Issue 12, part 5, on the three engines: hand-written files as teams write them for their
// engine's own client are cut into the statements that client would send. MariaDB: backslash
// escapes in strings, a trigger and a procedure between `DELIMITER //` and `DELIMITER ;`, and
// `/*!NNNNN ... */` version comments, which the server runs; PostgreSQL: `$fn$` and `$$` bodies,
// E'' strings and nested comments; SQLite: a trigger body and [bracketed; names], statement ends
// decided by sqlite3_complete. Every file ends `applied` with its objects and rows there, and a
// failure names the right statement number and line.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const PerEngine<const char*> k_quotes_up{R"sql(-- quotes, written by hand for the sqlite3 shell
/* a comment; with a semicolon */
CREATE TABLE quotes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, note TEXT);
CREATE TABLE [odd;table] ("semi;colon" TEXT);
CREATE TRIGGER quotes_note AFTER INSERT ON quotes WHEN NEW.note IS NULL
BEGIN
  UPDATE quotes SET note = 'set; by trigger' WHERE id = NEW.id;
  SELECT CASE WHEN NEW.id < 0 THEN RAISE(ABORT, 'negative; id') END;
END;
INSERT INTO quotes (id, body) VALUES (1, 'it''s; tricky');
INSERT INTO quotes (id, body) VALUES (2, 'from a routine;');
INSERT INTO [odd;table] VALUES ('x;y');
)sql",
                                         R"sql(-- quotes, written by hand for psql
/* a nested /* comment; with */ semicolons; */
CREATE TABLE quotes (id integer PRIMARY KEY, body text NOT NULL, note text);
CREATE TABLE "odd;table" ("semi;colon" text);
CREATE FUNCTION quote_note() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.note IS NULL THEN
    NEW.note := 'set; by trigger';
  END IF;
  RETURN NEW;
END;
$fn$;
CREATE TRIGGER quotes_note BEFORE INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION quote_note();
INSERT INTO quotes (id, body) VALUES (1, E'it\'s; tricky');
CREATE FUNCTION add_quote(new_id integer, new_body text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO quotes (id, body) VALUES (new_id, new_body);
  UPDATE quotes SET body = body || ';' WHERE id = new_id;
$$;
SELECT add_quote(2, 'from a routine');
INSERT INTO "odd;table" VALUES ('x;y');
)sql",
                                         R"sql(-- quotes, written by hand for the mysql client
/*!40101 SET @saved_cs_client = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE quotes (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL, note VARCHAR(100));
CREATE TABLE `odd;table` (`semi;colon` VARCHAR(10));
/*!50003 CREATE TABLE versioned (id INT) */;
DELIMITER //
CREATE TRIGGER quotes_note BEFORE INSERT ON quotes FOR EACH ROW
BEGIN
  IF NEW.note IS NULL THEN
    SET NEW.note = 'set; by trigger';
  END IF;
END//
CREATE PROCEDURE add_quote(IN new_id INT, IN new_body VARCHAR(100))
BEGIN
  INSERT INTO quotes (id, body) VALUES (new_id, new_body);
  UPDATE quotes SET body = CONCAT(body, ';') WHERE id = new_id;
END //
DELIMITER ;
INSERT INTO quotes (id, body) VALUES (1, 'it\'s; tricky');
CALL add_quote(2, 'from a routine');
INSERT INTO `odd;table` VALUES ("x;y");
/*!40101 SET character_set_client = @saved_cs_client */;
)sql"};

const PerEngine<const char*> k_quotes_down{"DROP TABLE [odd;table];\nDROP TABLE quotes;\n",
                                           "DROP TABLE \"odd;table\";\nDROP TABLE quotes;\n"
                                           "DROP FUNCTION add_quote(integer, text);\nDROP FUNCTION quote_note();\n",
                                           "DROP PROCEDURE add_quote;\nDROP TABLE versioned;\n"
                                           "DROP TABLE `odd;table`;\nDROP TABLE quotes;\n"};

// SQLite's trigger runs after the insert (row 1's note is set by it too); the others before.
const Rows k_quotes_rows{row({"1", "it's; tricky", "set; by trigger"}),
                         row({"2", "from a routine;", "set; by trigger"})};

// A second file whose statement 3, on line 6, fails: what comes before it holds terminators
// that are not statement ends (and, on MariaDB, DELIMITER lines, which are not statements).
const PerEngine<const char*> k_failing_up{R"sql(CREATE TRIGGER quotes_again AFTER UPDATE ON quotes
BEGIN
  SELECT 'x;y';
END;
INSERT INTO quotes (id, body, note) VALUES (3, 'a;b', 'c');
INSERT INTO missing_table VALUES (1);
)sql",
                                          R"sql(CREATE FUNCTION noop() RETURNS integer
LANGUAGE sql AS $$ SELECT 1; $$;
/* nested /* ; */ ; */
INSERT INTO quotes (id, body, note) VALUES (3, E'a\';b', 'c');
-- the failing one:
INSERT INTO missing_table VALUES (1);
)sql",
                                          R"sql(DELIMITER //
CREATE PROCEDURE noop() BEGIN SELECT 'x;y'; END//
DELIMITER ;
INSERT INTO quotes (id, body, note) VALUES (3, 'a\';b', 'c');
-- the failing one:
INSERT INTO missing_table VALUES (1);
)sql"};

} // namespace

TEMPLATE_TEST_CASE("hand-written files in their engine's client syntax are applied statement by statement",
                   "[e2e][hand-written][splitter]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "1", "quotes", k_quotes_up[engine], k_quotes_down[engine]);
  const auto check_applied = [&] {
    CHECK(ws->history() == std::vector<std::string>{"1|applied"});
    CHECK(ws->rows("SELECT id, body, note FROM quotes ORDER BY id") == k_quotes_rows);
    CHECK(ws->rows(engine.id == EngineId::mysql ? "SELECT `semi;colon` FROM `odd;table`"
                                                : "SELECT \"semi;colon\" FROM \"odd;table\"") == Rows{row({"x;y"})});
    if (engine.id == EngineId::mysql) {
      CHECK(ws->table_exists("versioned")); // the version comment was sent, and run
    }
  };
  check_applied();

  // The down file (DROP PROCEDURE, DROP FUNCTION with argument types) undoes it; applied again.
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws->table_exists("quotes"));
  CHECK(ws->history().empty());
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  check_applied();

  // A failure names the statement and line the engine's client would.
  write_migration(*ws, "2", "failing", k_failing_up[engine], "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto failed = ws->run("apply", {"--dir", "migrations"});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "2_failing.up.sql: statement 3 (line 6) failed"));
  CHECK(contains(lower(failed.err), "missing_table"));
  CHECK(ws->rows("SELECT count(*) FROM quotes") == Rows{row({engine.transactional_ddl ? "2" : "3"})});
}
