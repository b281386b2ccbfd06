// Issue 3, tests 4 and 5 on PostgreSQL: a hand-written migration (a PL/pgSQL function and trigger
// with dollar quotes) runs through the same executor; an edited applied file is refused by name.

#include "tests/e2e/support/pg_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const char* const k_audit_up = R"sql(-- Audit trail for notes, written by hand.
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  note_id integer NOT NULL,
  what text NOT NULL
);
-- A function body holds semicolons of its own.
CREATE FUNCTION notes_audit() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  INSERT INTO audit_events (note_id, what) VALUES (NEW.id, 'insert; by trigger');
  RETURN NEW;
END;
$body$;
CREATE TRIGGER notes_audit AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_audit();
INSERT INTO audit_events (note_id, what) VALUES (0, 'audit enabled');
)sql";

const char* const k_audit_down = R"sql(DROP TRIGGER notes_audit ON notes;
DROP FUNCTION notes_audit();
DROP TABLE audit_events;
)sql";

} // namespace

TEST_CASE("postgres: a hand-written migration is applied and recorded", "[e2e][postgres][hand-written]")
{
  PgWorkspace ws;
  ws.exec("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
  write_migration(ws, "1", "add_audit", k_audit_up, k_audit_down);
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);

  CHECK(ws.rows("SELECT note_id, what FROM audit_events") == Rows{row({"0", "audit enabled"})});
  ws.exec("INSERT INTO notes (id, body) VALUES (7, 'hello')");
  CHECK(ws.rows("SELECT note_id, what FROM audit_events ORDER BY id") ==
        Rows{row({"0", "audit enabled"}), row({"7", "insert; by trigger"})});
  const auto recorded = ws.rows("SELECT version, name, status, length(checksum), duration_ms >= 0 FROM "
                                "strata_schema_history");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][0] == "1");
  CHECK(contains(recorded[0][1].value_or(""), "add_audit"));
  CHECK(recorded[0][2] == "applied");
  CHECK(recorded[0][3] == "64");
  CHECK(recorded[0][4] == "t");

  const auto history = ws.run("history", {"--dir", "migrations"});
  require_exit(history, 0);
  CHECK(contains(history.out, "add_audit"));
  require_exit(ws.run("status", {"--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0); // nothing pending
  CHECK(ws.history() == std::vector<std::string>{"1|applied"});
  CHECK(ws.count("audit_events") == 2);

  // Rolled back by its down file.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws.relation_exists("audit_events"));
  CHECK(ws.history().empty());
}

TEST_CASE("postgres: an applied file edited afterwards is refused by status and apply by name",
          "[e2e][postgres][hand-written][checksum]")
{
  PgWorkspace ws;
  write_migration(ws, "001", "init", "CREATE TABLE items (id integer PRIMARY KEY, label text NOT NULL);\n",
                  "DROP TABLE items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  const auto before = ws.schema_dump();

  write_text(ws.dir() / "001_init.up.sql",
             "CREATE TABLE items (id integer PRIMARY KEY, label text NOT NULL);\nCREATE TABLE sneaky (x integer);\n");
  write_migration(ws, "002", "more", "CREATE TABLE more_items (id integer PRIMARY KEY);\n", "DROP TABLE more_items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  const auto status = ws.run("status", {"--dir", "migrations"});
  INFO(status.describe());
  CHECK(status.exit_code == 1);
  CHECK(contains(status.output(), "001_init.up.sql"));
  const auto apply = ws.run("apply", {"--dir", "migrations", "--yes"});
  INFO(apply.describe());
  CHECK(apply.exit_code == 1);
  CHECK(contains(apply.output(), "001_init.up.sql"));
  CHECK(contains(lower(apply.err), "checksum"));

  CHECK(ws.schema_dump() == before);
  CHECK_FALSE(ws.relation_exists("sneaky"));
  CHECK_FALSE(ws.relation_exists("more_items"));
  CHECK(ws.history() == std::vector<std::string>{"001|applied"});
}

TEST_CASE("postgres: apply reports backups and slow statements with their durations", "[e2e][postgres][progress]")
{
  PgWorkspace ws;
  ws.exec("CREATE TABLE events (id integer PRIMARY KEY, payload text)");
  ws.exec("INSERT INTO events SELECT g, 'p' || g FROM generate_series(1, 500) g");
  ws.write("migrations/1_slow.up.sql", "-- strata: backup events.payload\n"
                                       "SELECT pg_sleep(1.2);\n"
                                       "ALTER TABLE events DROP COLUMN payload;\n");
  ws.write("migrations/1_slow.down.sql", "ALTER TABLE events ADD COLUMN payload text;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto result = ws.run("apply", {"--dir", "migrations", "--yes"});
  require_exit(result, 0);
  INFO(result.err);
  // Progress goes to stderr, in order: the backup (start, then rows and time), the slow statement, the file.
  const auto backing = result.err.find("backing up events.payload ...");
  const auto backed = result.err.find("backed up events.payload to ");
  const auto slow = result.err.find("statement 1 (line 2) of 1_slow.up.sql took 1.");
  const auto applied = result.err.find("applied 1_slow.up.sql in 1.");
  REQUIRE(backing != std::string::npos);
  REQUIRE(backed != std::string::npos);
  REQUIRE(slow != std::string::npos);
  REQUIRE(applied != std::string::npos);
  CHECK(backing < backed);
  CHECK(backed < slow);
  CHECK(slow < applied);
  CHECK(contains(result.err.substr(backed), "(500 rows) in "));
}
