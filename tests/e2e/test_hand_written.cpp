// Issue 2, tests 4 and 5, on the three engines: a hand-written migration (a trigger whose body
// holds semicolons of its own) runs through the same executor as a generated one and is rolled
// back by its down file; an applied file edited afterwards is refused by name.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const PerEngine<const char*> k_notes_sql{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
                                         "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)",
                                         "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT NOT NULL)"};

// Each engine's own trigger syntax: a BEGIN ... END body (SQLite, MariaDB) or a PL/pgSQL function
// between dollar quotes (PostgreSQL).
const PerEngine<const char*> k_audit_up{R"sql(-- Audit trail for notes, written by hand.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  note_id INTEGER NOT NULL,
  what TEXT NOT NULL
);

-- A trigger body holds semicolons of its own.
CREATE TRIGGER notes_audit AFTER INSERT ON notes
BEGIN
  INSERT INTO audit_events (note_id, what) VALUES (NEW.id, 'insert; by trigger');
END;

INSERT INTO audit_events (note_id, what) VALUES (0, 'audit enabled');
)sql",
                                        R"sql(-- Audit trail for notes, written by hand.
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
)sql",
                                        R"sql(-- Audit trail for notes, written by hand.
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
)sql"};

const PerEngine<const char*> k_audit_down{"DROP TRIGGER notes_audit;\nDROP TABLE audit_events;\n",
                                          "DROP TRIGGER notes_audit ON notes;\nDROP FUNCTION notes_audit();\n"
                                          "DROP TABLE audit_events;\n",
                                          "DROP TRIGGER notes_audit;\nDROP TABLE audit_events;\n"};

// How a true boolean expression reads back.
const PerEngine<const char*> k_true{"1", "t", "1"};

} // namespace

TEMPLATE_TEST_CASE("a hand-written migration is applied, recorded and rolled back", "[e2e][hand-written]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->exec(k_notes_sql[engine]);

  require_exit(ws->strata({"new", "add_audit", "--dir", "migrations"}), 0);
  const auto up = ws->migration_file_ending("_add_audit.up.sql");
  const auto down = ws->migration_file_ending("_add_audit.down.sql");
  const auto file_name = up.filename().string();
  const auto version = file_name.substr(0, file_name.find('_'));
  REQUIRE_FALSE(version.empty());
  REQUIRE(std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; }));

  write_text(up, k_audit_up[engine]);
  write_text(down, k_audit_down[engine]);
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->strata({"validate", "--dir", "migrations"}), 0); // a folder alone, no schema

  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws->rows("SELECT note_id, what FROM audit_events") == Rows{row({"0", "audit enabled"})});
  ws->exec("INSERT INTO notes (id, body) VALUES (7, 'hello')");
  CHECK(ws->rows("SELECT note_id, what FROM audit_events ORDER BY id") ==
        Rows{row({"0", "audit enabled"}), row({"7", "insert; by trigger"})});

  const auto recorded = ws->rows("SELECT version, name, status, length(checksum), duration_ms >= 0, "
                                 "applied_at IS NOT NULL FROM strata_schema_history");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][0] == version);
  CHECK(contains(recorded[0][1].value_or(""), "add_audit"));
  CHECK(recorded[0][2] == "applied");
  CHECK(recorded[0][3] == "64"); // sha256 hex
  CHECK(recorded[0][4] == k_true[engine]);
  CHECK(recorded[0][5] == k_true[engine]);

  const auto history = ws->run("history", {"--dir", "migrations"});
  require_exit(history, 0);
  CHECK(contains(history.out, version));
  CHECK(contains(history.out, "add_audit"));

  require_exit(ws->run("status", {"--dir", "migrations"}), 0);
  // Applying again is a no-op.
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws->history() == std::vector<std::string>{version + "|applied"});
  CHECK(ws->count("audit_events") == 2);

  // Rolled back by its down file.
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws->table_exists("audit_events"));
  CHECK(ws->history().empty());
}

TEMPLATE_TEST_CASE("an applied file edited afterwards is refused by status and apply by name",
                   "[e2e][hand-written][checksum]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "001", "init", "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n",
                     "DROP TABLE items;\n");
  REQUIRE(ws->history() == std::vector<std::string>{"001|applied"});
  const auto schema_before = ws->schema_dump();

  // Edited after it was applied; a new pending file arrives too.
  write_text(ws->dir() / "001_init.up.sql",
             "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\nCREATE TABLE sneaky (x INTEGER);\n");
  write_migration(*ws, "002", "more", "CREATE TABLE more_items (id INTEGER PRIMARY KEY);\n", "DROP TABLE more_items;\n");

  // status and apply both refuse, naming the edited file; returns apply's result.
  const auto refused_by_name = [&] {
    const auto status = ws->run("status", {"--dir", "migrations"});
    INFO(status.describe());
    CHECK(status.exit_code == 1);
    CHECK(contains(status.output(), "001_init.up.sql"));

    auto apply = ws->run("apply", {"--dir", "migrations", "--yes"});
    INFO(apply.describe());
    CHECK(apply.exit_code == 1);
    CHECK(contains(apply.output(), "001_init.up.sql"));
    return apply;
  };

  SECTION("without strata hash: the strata.sum mismatch names the file")
  {
    const auto apply = refused_by_name();
    INFO(apply.describe());
    CHECK(contains(apply.err, "strata.sum"));

    const auto validate = ws->strata({"validate", "--dir", "migrations"});
    INFO(validate.describe());
    CHECK(validate.exit_code == 1);
    CHECK(contains(validate.output(), "001_init.up.sql"));
  }

  SECTION("after strata hash: the history checksum still names the file")
  {
    require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

    const auto apply = refused_by_name();
    INFO(apply.describe());
    CHECK(contains(lower(apply.err), "checksum")); // refused by the history row's checksum
  }

  // Nothing ran: neither the edit nor the pending file.
  CHECK(ws->schema_dump() == schema_before);
  CHECK_FALSE(ws->table_exists("sneaky"));
  CHECK_FALSE(ws->table_exists("more_items"));
  CHECK(ws->history() == std::vector<std::string>{"001|applied"});
}
