// SQLite only: virtual tables (FTS5 with external content and its sync triggers, FTS4, R*Tree)
// through the real binary. `inspect` writes them under `virtual_tables:` and never their shadow
// tables; the file plans empty against the same database; applied to an empty database it creates
// them before the triggers that write to them, and the search index works.
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

const char* const k_search_sql = R"sql(
CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT);
CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, content='posts', content_rowid='id');
CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE VIRTUAL TABLE legacy_docs USING fts4(subject, body, tokenize=porter);
CREATE VIRTUAL TABLE places USING rtree(id, min_x, max_x, min_y, max_y);
CREATE VIEW post_hits AS SELECT rowid AS id, title FROM posts_fts;
INSERT INTO posts (title, body) VALUES ('hello world', 'first'), ('running shoes', 'second');
INSERT INTO legacy_docs (subject, body) VALUES ('a', 'b');
INSERT INTO places VALUES (1, 0, 10, 0, 10);
)sql";

std::string scalar(const SqliteWorkspace& ws, const std::string& sql)
{
  const auto rows = query_rows(ws.db_path(), sql);
  REQUIRE(rows.size() == 1);
  return rows[0].at(0).value_or("NULL");
}

} // namespace

TEST_CASE("sqlite: virtual tables are inspected by declaration, plan empty, and are created on an empty database",
          "[e2e][round-trip]")
{
  SqliteWorkspace source;
  source.exec(k_search_sql);
  const auto before = source.schema_dump();
  require_exit(source.run("inspect", {"-o", "schema.yaml"}), 0);
  const std::string yaml = source.read("schema.yaml");
  INFO(yaml);
  CHECK(contains(yaml, "virtual_tables:\n"));
  CHECK(contains(yaml, "{name: posts_fts, using: fts5, arguments: \"title, body, content='posts', content_rowid='id'\"}"));
  CHECK(contains(yaml, "{name: legacy_docs, using: fts4, arguments: \"subject, body, tokenize=porter\"}"));
  CHECK(contains(yaml, "{name: places, using: rtree, arguments: \"id, min_x, max_x, min_y, max_y\"}"));
  for (const char* shadow : {"posts_fts_data", "posts_fts_idx", "posts_fts_docsize", "posts_fts_config",
                             "legacy_docs_segments", "legacy_docs_segdir", "legacy_docs_content", "places_node",
                             "places_rowid", "places_parent"}) {
    CHECK_FALSE(contains(yaml, shadow));
  }

  const auto plan = source.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
  CHECK(contains(plan.out, "no changes"));
  require_exit(source.run("drift", {"--schema", "schema.yaml"}), 0);
  CHECK(source.schema_dump() == before);

  const auto sql = source.run("inspect", {"--format", "sql"});
  require_exit(sql, 0);
  CHECK(contains(sql.out, "CREATE VIRTUAL TABLE \"posts_fts\" USING \"fts5\"(title, body, content='posts', "
                          "content_rowid='id');"));

  SqliteWorkspace target;
  target.write("schema.yaml", yaml);
  require_exit(target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations"}), 2);
  require_exit(target.run("apply", {"--dir", "migrations", "--yes"}), 0);
  target.exec("INSERT INTO posts (title, body) VALUES ('running late', 'third');");
  CHECK(scalar(target, "SELECT title FROM post_hits WHERE id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH "
                       "'running')") == "running late");
  target.exec("INSERT INTO places VALUES (7, 1, 2, 1, 2);");
  CHECK(scalar(target, "SELECT id FROM places WHERE min_x <= 1.5 AND max_x >= 1.5") == "7");
  const auto again = target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
}
