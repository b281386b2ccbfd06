// strata drift on MariaDB, both ways: against the desired YAML and against the applied migrations
// (replayed in a temporary database on the same server). The bookshop is applied with strata (v1,
// v2), then a hand-written migration adds an events table with an ENUM, JSON and ON UPDATE column;
// the live database is then changed by hand.
#include "tests/e2e/drift_checks.hpp"
#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

constexpr const char* k_events_version = "20260103000000";

// v1, v2 and the hand-written events migration applied; schema.yaml is v2.
void apply_books_and_events(MyWorkspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  write_migration(ws, k_events_version, "events",
                  "CREATE TABLE events (\n"
                  "  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
                  "  kind ENUM('insert', 'update') NOT NULL,\n"
                  "  payload JSON,\n"
                  "  changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
                  "  book_id INT,\n"
                  "  CONSTRAINT events_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE\n"
                  ") ENGINE=InnoDB;\n",
                  "DROP TABLE events;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  ws.write("schema.yaml", k_books_v2_yaml);
}

ProcessResult drift(MyWorkspace& ws, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--dir", "migrations"});
  return ws.run("drift", args);
}

} // namespace

TEST_CASE("drift on MariaDB both ways: columns and an index changed by hand", "[e2e][mysql][drift]")
{
  MyWorkspace ws;
  apply_books_and_events(ws);

  const auto clean = drift(ws, {"--against", "migrations"});
  require_exit(clean, 0);
  CHECK(clean.out == std::string("in sync with migrations applied up to ") + k_events_version + "\n");

  ws.exec("ALTER TABLE books ADD COLUMN nickname TEXT");
  ws.exec("DROP INDEX books_isbn_uq ON books");
  ws.exec("ALTER TABLE publishers MODIFY name VARCHAR(100) NULL");
  ws.exec("ALTER TABLE events MODIFY kind ENUM('insert', 'update', 'delete') NOT NULL");

  const auto history_doc = drift_json(drift(ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(history_doc.dump(2));
  CHECK(history_doc["against"] == "migrations");
  CHECK(history_doc["engine"] == "mysql");
  CHECK(history_doc["applied_version"] == k_events_version);
  CHECK(history_doc["differences"].size() == 4);
  const auto column = difference_named(history_doc, "column books.nickname");
  CHECK(column["expected"] == "(absent)");
  CHECK(column["actual"] == "nickname text NULL");
  CHECK(step_at(history_doc, column["steps"][0])["kind"] == "DropColumn");
  const auto index = difference_named(history_doc, "index books_isbn_uq on books");
  CHECK(index["expected"] == "UNIQUE INDEX books_isbn_uq ON books (isbn)");
  CHECK(index["actual"] == "(absent)");
  const auto name = difference_named(history_doc, "column publishers.name");
  CHECK(name["expected"] == "name varchar(200) NOT NULL");
  CHECK(name["actual"] == "name varchar(100) NULL");
  const auto kind = difference_named(history_doc, "column events.kind");
  CHECK(contains(kind["expected"].get<std::string>(), "'update') NOT NULL"));
  CHECK(contains(kind["actual"].get<std::string>(), "'delete') NOT NULL"));

  // Against the YAML (which has no events table): the three bookshop changes, and the events
  // table the migrations made is unexpected there.
  const auto schema_doc = drift_json(drift(ws, {"--schema", "schema.yaml", "--format", "json"}), 2);
  INFO(schema_doc.dump(2));
  CHECK(schema_doc["against"] == "schema");
  CHECK(difference_named(schema_doc, "column books.nickname")["actual"] == "nickname text NULL");
  CHECK(difference_named(schema_doc, "column publishers.name")["actual"] == "name varchar(100) NULL");
  const auto events = difference_named(schema_doc, "table events");
  CHECK(events["expected"] == "(absent)");
  CHECK(contains(events["actual"].get<std::string>(), "TABLE events (id bigint"));
  CHECK(schema_doc["differences"].size() == 4);

  const auto markdown = drift(ws, {"--against", "migrations", "--format", "markdown"});
  require_exit(markdown, 2);
  INFO(markdown.out);
  CHECK(markdown.out.rfind("## strata drift (mysql)\n", 0) == 0);
  CHECK(difference_rows(markdown.out) == 4);
  CHECK(contains(markdown.out, "| column publishers.name | `name varchar(200) NOT NULL` | `name varchar(100) NULL` |"));

  const auto text = drift(ws, {"--against", "migrations", "--verbose"});
  require_exit(text, 2);
  CHECK(text.out.rfind(std::string("drift: 4 differences against migrations applied up to ") + k_events_version, 0) ==
        0);
  CHECK(contains(text.out, "column books.nickname\n     expected: (absent)\n     actual:   nickname text NULL\n"));

  // The replay ran in a temporary database that is gone again; the target kept its hand changes.
  const auto scratch = scratch_name(text.err);
  CHECK_FALSE(scratch.empty());
  CHECK_FALSE(ws.database_exists(scratch));
  CHECK(ws.columns("books").back() == "nickname");
}
