// strata drift on SQLite, both ways: against the desired YAML and against the applied migrations
// (replayed in memory). The bookshop is applied with strata in two versions, then changed by hand.
#include "tests/e2e/drift_checks.hpp"
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

// The bookshop at v2, then a column added and an index dropped by hand.
const char* const k_hand_changes = "ALTER TABLE books ADD COLUMN nickname TEXT;\nDROP INDEX books_isbn_uq;\n";

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

ProcessResult drift(const Workspace& ws, std::vector<std::string> args)
{
  std::vector<std::string> argv{"drift", "--db", ws.db_url(), "--dir", "migrations"};
  argv.insert(argv.end(), args.begin(), args.end());
  return ws.strata(argv);
}

void check_hand_changes(const nlohmann::json& doc)
{
  REQUIRE(doc["differences"].size() == 2);
  const auto column = difference_named(doc, "column books.nickname");
  CHECK(column["expected"] == "(absent)");
  CHECK(column["actual"] == "nickname text NULL");
  REQUIRE(column["steps"].size() == 1);
  const auto drop = step_at(doc, column["steps"][0]);
  CHECK(drop["kind"] == "DropColumn");
  CHECK(drop["object"] == "column books.nickname");
  CHECK(drop["sql"][0].get<std::string>().find("\"nickname\"") != std::string::npos);
  const auto index = difference_named(doc, "index books_isbn_uq on books");
  CHECK(index["expected"] == "UNIQUE INDEX books_isbn_uq ON books (isbn)");
  CHECK(index["actual"] == "(absent)");
  CHECK(step_at(doc, index["steps"][0])["kind"] == "AddIndex");
}

void apply_books(const Workspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("schema.yaml", k_books_v2_yaml);
}

} // namespace

TEST_CASE("drift both ways: in sync after apply, then a column added and an index dropped by hand", "[e2e][drift]")
{
  Workspace ws;
  apply_books(ws);

  const auto clean = drift(ws, {"--against", "migrations"});
  require_exit(clean, 0);
  CHECK(clean.out == std::string("in sync with migrations applied up to ") + k_v2_version + "\n");
  const auto clean_json = drift_json(drift(ws, {"--schema", "schema.yaml", "--format", "json"}), 0);
  CHECK(clean_json["in_sync"] == true);
  CHECK(clean_json["against"] == "schema");
  CHECK(clean_json["steps"].empty());

  exec_sql(ws.db_path(), k_hand_changes);

  const auto schema_doc = drift_json(drift(ws, {"--schema", "schema.yaml", "--format", "json"}), 2);
  INFO(schema_doc.dump(2));
  CHECK(schema_doc["command"] == "drift");
  CHECK(schema_doc["in_sync"] == false);
  CHECK(schema_doc["against"] == "schema");
  CHECK(schema_doc["baseline"] == "schema.yaml");
  CHECK(schema_doc["applied_version"].is_null());
  check_hand_changes(schema_doc);

  const auto history_doc = drift_json(drift(ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(history_doc.dump(2));
  CHECK(history_doc["against"] == "migrations");
  CHECK(history_doc["applied_version"] == k_v2_version);
  CHECK(history_doc["baseline"] == std::string("migrations applied up to ") + k_v2_version);
  check_hand_changes(history_doc);

  const auto text = drift(ws, {"--against", "migrations"});
  require_exit(text, 2);
  CHECK(text.out.rfind(std::string("drift: 2 differences against migrations applied up to ") + k_v2_version + "\n", 0) ==
        0);
  CHECK(contains(text.out, "column books.nickname\n     expected: (absent)\n     actual:   nickname text NULL\n"));
  CHECK(contains(text.out, "fix:      create index books_isbn_uq on books"));

  const auto markdown = drift(ws, {"--against", "migrations", "--format", "markdown"});
  require_exit(markdown, 2);
  INFO(markdown.out);
  CHECK(markdown.out.rfind("## strata drift (sqlite)\n", 0) == 0);
  CHECK(difference_rows(markdown.out) == 2);
  CHECK(contains(markdown.out, "| column books.nickname | *(absent)* | `nickname text NULL` |"));
  CHECK(contains(markdown.out, "```sql\nCREATE UNIQUE INDEX"));

  // Nothing was changed by looking: the hand-made column is still there.
  CHECK(column_names(ws.db_path(), "books").back() == "nickname");
}

TEST_CASE("drift against migrations ignores a schema.yaml that moved on and files not yet applied", "[e2e][drift]")
{
  Workspace ws;
  apply_books(ws);
  exec_sql(ws.db_path(), "ALTER TABLE authors ADD COLUMN twitter VARCHAR(40) NOT NULL DEFAULT ''");
  ws.write("schema.yaml", books_v3_yaml());

  // Against the YAML: the hand change and the unplanned table.
  const auto schema_doc = drift_json(drift(ws, {"--schema", "schema.yaml", "--format", "json"}), 2);
  INFO(schema_doc.dump(2));
  // Four steps (the view over authors is recreated around the column drop) but two differences.
  CHECK(schema_doc["differences"].size() == 2);
  CHECK(difference_named(schema_doc, "column authors.twitter")["actual"] == "twitter varchar(40) NOT NULL DEFAULT ''");
  const auto table = difference_named(schema_doc, "table series");
  CHECK(table["expected"] == "TABLE series (id integer NOT NULL, title varchar(120) NOT NULL, PRIMARY KEY (id))");
  CHECK(table["actual"] == "(absent)");

  // v3 planned but not applied: a pending file is not part of the applied history.
  require_exit(ws.strata({"plan", "--schema", "schema.yaml", "--db", ws.db_url(), "--dir", "migrations", "--name", "v3",
                          "--version", "20260103000000"}),
               2);
  const auto history_doc = drift_json(drift(ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(history_doc.dump(2));
  REQUIRE(history_doc["differences"].size() == 1);
  const auto column = history_doc["differences"][0];
  CHECK(column["object"] == "column authors.twitter");
  CHECK(column["expected"] == "(absent)");
  CHECK(column["actual"] == "twitter varchar(40) NOT NULL DEFAULT ''");
  CHECK(history_doc["applied_version"] == k_v2_version);

  // Once the hand change is undone, the history agrees even though the YAML does not.
  exec_sql(ws.db_path(), "ALTER TABLE authors DROP COLUMN twitter");
  require_exit(drift(ws, {"--against", "migrations"}), 0);
  require_exit(drift(ws, {"--schema", "schema.yaml"}), 2);
}

TEST_CASE("drift against migrations fails naming a late file and an applied file edited or removed afterwards", "[e2e][drift]")
{
  Workspace ws;
  apply_books(ws);
  // A file merged late, older than the newest applied version: replaying would run it.
  write_migration(ws, "20260101120000", "late", "CREATE TABLE late (id INTEGER PRIMARY KEY);\n", "DROP TABLE late;\n");
  const auto late = drift(ws, {"--against", "migrations"});
  require_exit(late, 1);
  CHECK(contains(late.err, "20260101120000_late.up.sql is not applied but is older than the applied version"));
  std::filesystem::remove(ws.migration_file_ending("20260101120000_late.up.sql"));
  std::filesystem::remove(ws.migration_file_ending("20260101120000_late.down.sql"));

  const auto v1_up = ws.migration_file_ending(std::string(k_v1_version) + "_v1.up.sql");
  write_text(v1_up, read_text(v1_up) + "CREATE TABLE sneaky (id INTEGER);\n");

  const auto edited = drift(ws, {"--against", "migrations"});
  require_exit(edited, 1);
  CHECK(contains(edited.err, v1_up.filename().string()));
  CHECK(contains(edited.err, "edited after it was applied"));
  CHECK(edited.out.empty());

  std::filesystem::remove(v1_up);
  std::filesystem::remove(ws.migration_file_ending(std::string(k_v1_version) + "_v1.down.sql"));
  const auto missing = drift(ws, {"--against", "migrations"});
  require_exit(missing, 1);
  CHECK(contains(missing.err, std::string("version ") + k_v1_version));
  CHECK(contains(missing.err, "missing"));

  // The YAML baseline does not read the folder and still works.
  require_exit(drift(ws, {"--schema", "schema.yaml"}), 0);
}

TEST_CASE("drift against migrations with nothing applied expects an empty database", "[e2e][drift]")
{
  Workspace ws;
  exec_sql(ws.db_path(), "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL)");
  const auto doc = drift_json(drift(ws, {"--against", "migrations", "--format", "json"}), 2);
  INFO(doc.dump(2));
  CHECK(doc["applied_version"].is_null());
  REQUIRE(doc["steps"].size() == 1);
  CHECK(doc["steps"][0]["object"] == "table notes");
  CHECK(doc["steps"][0]["expected"] == "(absent)");
  CHECK(doc["steps"][0]["actual"] == "TABLE notes (id integer NOT NULL, body text NOT NULL, PRIMARY KEY (id))");
}
