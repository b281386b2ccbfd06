// SQLite only: drift both ways, against the desired YAML and against the applied migrations
// (replayed in memory), after a column is added and an index dropped by hand. (The PostgreSQL and
// MariaDB twins also change an enum and a retyped column, which SQLite cannot ALTER: see
// postgres/test_pg_drift.cpp and mysql/test_my_drift.cpp; the scenarios all engines share are in
// test_drift.cpp.)
#include "tests/e2e/drift_checks.hpp"
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

// The bookshop at v2, then a column added and an index dropped by hand.
const char* const k_sqlite_hand_changes = "ALTER TABLE books ADD COLUMN nickname TEXT;\nDROP INDEX books_isbn_uq;\n";

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

} // namespace

TEST_CASE("sqlite: drift both ways: in sync after apply, then a column added and an index dropped by hand", "[e2e][drift]")
{
  SqliteWorkspace ws;
  apply_books(ws);

  const auto clean = drift(ws, {"--against", "migrations"});
  require_exit(clean, 0);
  CHECK(clean.out == std::string("in sync with migrations applied up to ") + k_v2_version + "\n");
  const auto clean_json = drift_json(drift(ws, {"--schema", "schema.yaml", "--format", "json"}), 0);
  CHECK(clean_json["in_sync"] == true);
  CHECK(clean_json["against"] == "schema");
  CHECK(clean_json["steps"].empty());

  exec_sql(ws.db_path(), k_sqlite_hand_changes);

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
