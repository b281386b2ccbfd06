// strata drift on the three engines, against the applied migrations (replayed in memory or in a
// temporary database on the server) and against the desired YAML: a schema.yaml that moved on and
// files not yet applied do not count against the history; a late, edited or removed file is
// refused by name; with nothing applied the database is expected empty. The "both ways" scenarios
// with each engine's own hand changes are in test_sqlite_drift.cpp, postgres/ and mysql/.
#include "tests/e2e/drift_checks.hpp"
#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace strata::e2e;

namespace {

// v2 plus a table nobody has planned yet: the YAML moves on, the database does not.
std::string books_v3_yaml()
{
  std::string yaml = k_books_v2_yaml;
  const auto views = yaml.find("\nviews:");
  REQUIRE(views != std::string::npos);
  return yaml.insert(views, R"yaml(
  - name: series
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: title, type: varchar(120), nullable: false }
    primary_key: [id]
)yaml");
}

// A column added by hand, as drift describes it. On the servers it goes to publishers: a column
// added to authors there also lists the view over authors (recreated around the column's drop) as
// a difference, its query compared as written against the server's normal form.
struct HandColumn {
  const char* sql;
  const char* object;
  const char* actual;
  const char* undo;
};
const PerEngine<HandColumn> k_hand_column{
  {"ALTER TABLE authors ADD COLUMN twitter VARCHAR(40) NOT NULL DEFAULT ''", "column authors.twitter",
   "twitter varchar(40) NOT NULL DEFAULT ''", "ALTER TABLE authors DROP COLUMN twitter"},
  {"ALTER TABLE publishers ADD COLUMN country CHAR(2) NOT NULL DEFAULT 'US'", "column publishers.country",
   "country char(2) NOT NULL DEFAULT 'US'", "ALTER TABLE publishers DROP COLUMN country"},
  {"ALTER TABLE publishers ADD COLUMN country CHAR(2) NOT NULL DEFAULT 'US'", "column publishers.country",
   "country char(2) NOT NULL DEFAULT 'US'", "ALTER TABLE publishers DROP COLUMN country"}};

// Tables left in a --dev-db after a replay (SQLite's own sqlite_sequence aside).
const PerEngine<const char*> k_user_tables{
  "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
  "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"};

// A table created by hand, as drift describes it.
const PerEngine<const char*> k_notes_table{
  "TABLE notes (id integer NOT NULL, body text NOT NULL, PRIMARY KEY (id))",
  "TABLE notes (id integer NOT NULL, body text NOT NULL, PRIMARY KEY (id))",
  "TABLE notes (id integer NOT NULL, body text NOT NULL, PRIMARY KEY (id))"};

} // namespace

TEMPLATE_TEST_CASE("drift against migrations ignores a schema.yaml that moved on and files not yet applied",
                   "[e2e][drift]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books(*ws);
  const auto applied = newest_version(*ws);
  const auto& hand = k_hand_column[engine];
  ws->exec(hand.sql);
  ws->write("schema.yaml", books_v3_yaml());

  // Against the YAML: the hand change and the unplanned table.
  const nlohmann::json schema_doc = drift_json(drift(*ws, {"--schema", "schema.yaml", "--format", "json"}), 2);
  INFO(schema_doc.dump(2));
  // On SQLite four steps (the view over authors is recreated around the column drop) but two
  // differences.
  CHECK(schema_doc["differences"].size() == 2);
  CHECK(difference_named(schema_doc, hand.object)["actual"] == hand.actual);
  const auto table = difference_named(schema_doc, "table series");
  CHECK(table["expected"] == "TABLE series (id integer NOT NULL, title varchar(120) NOT NULL, PRIMARY KEY (id))");
  CHECK(table["actual"] == "(absent)");

  // v3 planned but not applied: a pending file is not part of the applied history.
  require_exit(ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "v3", "--version",
                                "20260103000000"}),
               2);
  const nlohmann::json history_doc = drift_json(drift(*ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(history_doc.dump(2));
  REQUIRE(history_doc["differences"].size() == 1);
  const auto column = history_doc["differences"][0];
  CHECK(column["object"] == hand.object);
  CHECK(column["expected"] == "(absent)");
  CHECK(column["actual"] == hand.actual);
  CHECK(history_doc["applied_version"] == applied);

  // The same replay on a --dev-db database of our own, which is left empty again.
  const auto dev = engine.workspace();
  const auto on_dev =
    drift_json(drift(*ws, {"--against", "migrations", "--format", "json", "--dev-db", dev->url()}), 2);
  CHECK(on_dev["differences"] == history_doc["differences"]);
  CHECK(dev->scalar(k_user_tables[engine]) == "0");

  // Once the hand change is undone, the history agrees even though the YAML does not.
  ws->exec(hand.undo);
  require_exit(drift(*ws, {"--against", "migrations"}), 0);
  require_exit(drift(*ws, {"--schema", "schema.yaml"}), 2);
}

TEMPLATE_TEST_CASE("drift against migrations fails naming a late file and an applied file edited or removed afterwards",
                   "[e2e][drift]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books(*ws);
  // A file merged late, older than the newest applied version: replaying would run it.
  // Each change is hashed (strata.sum agrees with the folder): what fails is the history check.
  const auto hash = [&] { require_exit(ws->strata({"hash", "--dir", "migrations"}), 0); };
  write_migration(*ws, "20260101120000", "late", "CREATE TABLE late (id INTEGER PRIMARY KEY);\n", "DROP TABLE late;\n");
  hash();
  const auto late = drift(*ws, {"--against", "migrations"});
  require_exit(late, 1);
  CHECK(contains(late.err, "20260101120000_late.up.sql is not applied but is older than the applied version"));
  std::filesystem::remove(ws->migration_file_ending("20260101120000_late.up.sql"));
  std::filesystem::remove(ws->migration_file_ending("20260101120000_late.down.sql"));

  const auto v1_up = ws->migration_file_ending(std::string(k_v1_version) + "_v1.up.sql");
  write_text(v1_up, read_text(v1_up) + "CREATE TABLE sneaky (id INTEGER);\n");
  hash();

  const auto edited = drift(*ws, {"--against", "migrations"});
  require_exit(edited, 1);
  CHECK(contains(edited.err, v1_up.filename().string()));
  CHECK(contains(edited.err, "edited after it was applied"));
  CHECK(edited.out.empty());

  std::filesystem::remove(v1_up);
  std::filesystem::remove(ws->migration_file_ending(std::string(k_v1_version) + "_v1.down.sql"));
  hash();
  const auto missing = drift(*ws, {"--against", "migrations"});
  require_exit(missing, 1);
  CHECK(contains(missing.err, std::string("version ") + k_v1_version));
  CHECK(contains(missing.err, "missing"));

  // The YAML baseline does not read the folder and still works.
  require_exit(drift(*ws, {"--schema", "schema.yaml"}), 0);
}

TEMPLATE_TEST_CASE("drift against migrations with nothing applied expects an empty database", "[e2e][drift]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->exec("CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL)");
  const nlohmann::json doc = drift_json(drift(*ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(doc.dump(2));
  CHECK(doc["engine"] == engine.name);
  CHECK(doc["applied_version"].is_null());
  REQUIRE(doc["steps"].size() == 1);
  CHECK(doc["steps"][0]["object"] == "table notes");
  CHECK(doc["steps"][0]["expected"] == "(absent)");
  CHECK(doc["steps"][0]["actual"] == k_notes_table[engine]);
}
