// Issue 4, tests 4 and 5 on MariaDB: a hand-written migration (a trigger whose BEGIN ... END body
// holds semicolons) runs through the same executor; an edited applied file is refused by name.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const char* const k_audit_up = R"sql(-- Audit trail for notes, written by hand.
CREATE TABLE audit_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  note_id INT NOT NULL,
  what VARCHAR(100) NOT NULL
);
-- A trigger body holds semicolons of its own.
CREATE TRIGGER notes_audit AFTER INSERT ON notes FOR EACH ROW
BEGIN
  INSERT INTO audit_events (note_id, what) VALUES (NEW.id, 'insert; by trigger');
END;
INSERT INTO audit_events (note_id, what) VALUES (0, 'audit enabled');
)sql";

const char* const k_audit_down = R"sql(DROP TRIGGER notes_audit;
DROP TABLE audit_events;
)sql";

} // namespace

TEST_CASE("mysql: a hand-written migration is applied and recorded", "[e2e][mysql][hand-written]")
{
  MyWorkspace ws;
  ws.exec("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT NOT NULL)");
  write_migration(ws, "1", "add_audit", k_audit_up, k_audit_down);
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);

  CHECK(ws.rows("SELECT note_id, what FROM audit_events") == Rows{row({"0", "audit enabled"})});
  ws.exec("INSERT INTO notes (id, body) VALUES (7, 'hello')");
  CHECK(ws.rows("SELECT note_id, what FROM audit_events ORDER BY id") ==
        Rows{row({"0", "audit enabled"}), row({"7", "insert; by trigger"})});
  const auto recorded = ws.rows("SELECT version, name, status, LENGTH(checksum), duration_ms >= 0 FROM "
                                "strata_schema_history");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][0] == "1");
  CHECK(contains(recorded[0][1].value_or(""), "add_audit"));
  CHECK(recorded[0][2] == "applied");
  CHECK(recorded[0][3] == "64");
  CHECK(recorded[0][4] == "1");

  const auto history = ws.run("history", {"--dir", "migrations"});
  require_exit(history, 0);
  CHECK(contains(history.out, "add_audit"));
  require_exit(ws.run("status", {"--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0); // nothing pending
  CHECK(ws.history() == std::vector<std::string>{"1|applied"});
  CHECK(ws.count("audit_events") == 2);

  // Rolled back by its down file.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws.table_exists("audit_events"));
  CHECK(ws.history().empty());
}

TEST_CASE("mysql: an applied file edited afterwards is refused by status and apply by name",
          "[e2e][mysql][hand-written][checksum]")
{
  MyWorkspace ws;
  write_migration(ws, "001", "init", "CREATE TABLE items (id INT PRIMARY KEY, label TEXT NOT NULL);\n",
                  "DROP TABLE items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  const auto before = ws.schema_dump();

  write_text(ws.dir() / "001_init.up.sql",
             "CREATE TABLE items (id INT PRIMARY KEY, label TEXT NOT NULL);\nCREATE TABLE sneaky (x INT);\n");
  write_migration(ws, "002", "more", "CREATE TABLE more_items (id INT PRIMARY KEY);\n", "DROP TABLE more_items;\n");
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
  CHECK_FALSE(ws.table_exists("sneaky"));
  CHECK_FALSE(ws.table_exists("more_items"));
  CHECK(ws.history() == std::vector<std::string>{"001|applied"});
}
