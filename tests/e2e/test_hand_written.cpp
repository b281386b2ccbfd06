// Issue 2, tests 4 and 5: hand-written migrations run by the same executor, and applied files
// that were edited afterwards are refused by name.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const char* const k_audit_up = R"sql(-- Audit trail for notes, written by hand.
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
)sql";

const char* const k_audit_down = R"sql(DROP TRIGGER notes_audit;
DROP TABLE audit_events;
)sql";

} // namespace

TEST_CASE("a hand-written migration is applied and recorded", "[e2e][hand-written]")
{
  Workspace ws;
  exec_sql(ws.db_path(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

  require_exit(ws.strata({"new", "add_audit", "--dir", "migrations"}), 0);
  const auto up = ws.migration_file_ending("_add_audit.up.sql");
  const auto down = ws.migration_file_ending("_add_audit.down.sql");
  const auto file_name = up.filename().string();
  const auto version = file_name.substr(0, file_name.find('_'));
  REQUIRE_FALSE(version.empty());
  REQUIRE(std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; }));

  write_text(up, k_audit_up);
  write_text(down, k_audit_down);
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.strata({"validate", "--dir", "migrations"}), 0); // a folder alone, no schema

  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  const auto db = ws.db_path();
  CHECK(query_rows(db, "SELECT note_id, what FROM audit_events") == Rows{row({"0", "audit enabled"})});
  exec_sql(db, "INSERT INTO notes (id, body) VALUES (7, 'hello')");
  CHECK(query_rows(db, "SELECT note_id, what FROM audit_events ORDER BY id") ==
        Rows{row({"0", "audit enabled"}), row({"7", "insert; by trigger"})});

  const auto recorded = query_rows(db, "SELECT version, name, status, length(checksum), duration_ms >= 0, "
                                       "applied_at <> '' FROM strata_schema_history");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][0] == version);
  CHECK(contains(recorded[0][1].value_or(""), "add_audit"));
  CHECK(recorded[0][2] == "applied");
  CHECK(recorded[0][3] == "64"); // sha256 hex
  CHECK(recorded[0][4] == "1");
  CHECK(recorded[0][5] == "1");

  const auto history = ws.strata({"history", "--db", ws.db_url(), "--dir", "migrations"});
  require_exit(history, 0);
  CHECK(contains(history.out, version));
  CHECK(contains(history.out, "add_audit"));

  require_exit(ws.strata({"status", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  // Applying again is a no-op.
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  CHECK(history_versions(db) == std::vector<std::string>{version + "|applied"});
  CHECK(count_rows(db, "audit_events") == 2);
}

TEST_CASE("an applied file edited afterwards is refused by status and apply by name", "[e2e][hand-written][checksum]")
{
  Workspace ws;
  const auto db = ws.db_path();
  write_migration(ws, "001", "init", "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n",
                  "DROP TABLE items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  REQUIRE(history_versions(db) == std::vector<std::string>{"001|applied"});
  const auto schema_before = schema_dump(db);

  // Edited after it was applied; a new pending file arrives too.
  write_text(ws.dir() / "001_init.up.sql",
             "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\nCREATE TABLE sneaky (x INTEGER);\n");
  write_migration(ws, "002", "more", "CREATE TABLE more_items (id INTEGER PRIMARY KEY);\n", "DROP TABLE more_items;\n");

  SECTION("without strata hash: the strata.sum mismatch names the file")
  {
    const auto status = ws.strata({"status", "--db", ws.db_url(), "--dir", "migrations"});
    INFO(status.describe());
    CHECK(status.exit_code == 1);
    CHECK(contains(status.output(), "001_init.up.sql"));

    const auto apply = ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations", "--yes"});
    INFO(apply.describe());
    CHECK(apply.exit_code == 1);
    CHECK(contains(apply.output(), "001_init.up.sql"));
    CHECK(contains(apply.err, "strata.sum"));

    const auto validate = ws.strata({"validate", "--dir", "migrations"});
    INFO(validate.describe());
    CHECK(validate.exit_code == 1);
    CHECK(contains(validate.output(), "001_init.up.sql"));
  }

  SECTION("after strata hash: the history checksum still names the file")
  {
    require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

    const auto status = ws.strata({"status", "--db", ws.db_url(), "--dir", "migrations"});
    INFO(status.describe());
    CHECK(status.exit_code == 1);
    CHECK(contains(status.output(), "001_init.up.sql"));

    const auto apply = ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations", "--yes"});
    INFO(apply.describe());
    CHECK(apply.exit_code == 1);
    CHECK(contains(apply.output(), "001_init.up.sql"));
    CHECK(contains(lower(apply.err), "checksum")); // refused by the history row's checksum
  }

  // Nothing ran: neither the edit nor the pending file.
  CHECK(schema_dump(db) == schema_before);
  CHECK_FALSE(table_exists(db, "sneaky"));
  CHECK_FALSE(table_exists(db, "more_items"));
  CHECK(history_versions(db) == std::vector<std::string>{"001|applied"});
}
