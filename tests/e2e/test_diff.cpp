// Issue 16: `strata diff FROM TO` with every pair of source kinds (a schema file or folder, a
// database, a migration folder), on each engine: the printed SQL, run on a database holding FROM,
// gives TO's catalog; equal sides exit 0. Neither side being a database needs no live database
// (SQLite in memory; a server engine's --dev-db).

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/engine.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace strata::e2e;

namespace {

const char* const k_diff_v1 = R"(version: 1
tables:
  - name: authors
    columns:
      - { name: id, type: bigint }
      - { name: name, type: varchar(100), nullable: false }
    primary_key: [id]
    indexes:
      - { name: authors_name_idx, columns: [name] }
)";

// v2, as a folder of two files: a wider column, a new column with a default and a check, an index
// dropped and another added, a new table with a foreign key, a view.
const char* const k_v2_authors = R"(version: 1
tables:
  - name: authors
    columns:
      - { name: id, type: bigint }
      - { name: name, type: varchar(200), nullable: false }
      - { name: rating, type: integer, nullable: false, default: "0" }
    primary_key: [id]
    indexes:
      - { name: authors_rating_idx, columns: [rating, name] }
    checks:
      - { name: authors_rating_ck, expression: "rating >= 0" }
)";
const char* const k_v2_books = R"(version: 1
tables:
  - name: books
    columns:
      - { name: id, type: bigint }
      - { name: author_id, type: bigint, nullable: false }
      - { name: title, type: text }
    primary_key: [id]
    foreign_keys:
      - { name: books_author_fk, columns: [author_id], references: { table: authors, columns: [id] }, on_delete: cascade }
views:
  - { name: book_titles, query: "SELECT title FROM books" }
)";

// What the catalog holds: the engine's own catalog facts on the servers; on SQLite (whose catalog
// keeps each table's CREATE text, which ALTER TABLE edits) the schema strata reads back.
std::string catalog(DbWorkspace& ws)
{
  if (ws.engine().id != EngineId::sqlite) {
    return ws.schema_dump();
  }
  const auto inspected = ws.run("inspect");
  REQUIRE(inspected.exit_code == 0);
  return inspected.out;
}

} // namespace

TEMPLATE_TEST_CASE("diff turns any source into any other, and the printed SQL gets there", "[e2e][diff]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto from_db = engine.workspace(); // v1, through its migration folder
  from_db->write("v1.yaml", k_diff_v1);
  require_exit(from_db->run("plan", {"--schema", "v1.yaml", "--version", "1", "--name", "v1"}), 2);
  require_exit(from_db->run("apply"), 0);
  auto to_db = engine.workspace(); // v2, through v1 and then v2
  to_db->write("v1.yaml", k_diff_v1);
  to_db->write("v2/authors.yaml", k_v2_authors);
  to_db->write("v2/books.yaml", k_v2_books);
  require_exit(to_db->run("plan", {"--schema", "v1.yaml", "--version", "1", "--name", "v1"}), 2);
  require_exit(to_db->run("apply"), 0);
  require_exit(to_db->run("plan", {"--schema", "v2", "--version", "2", "--name", "v2"}), 2);
  require_exit(to_db->run("apply", {"--yes"}), 0);
  const std::string v1_catalog = catalog(*from_db);
  const std::string v2_catalog = catalog(*to_db);
  REQUIRE(v1_catalog != v2_catalog);

  // Without a database side: SQLite in memory, a server engine on an empty --dev-db.
  auto dev = engine.workspace();
  const std::vector<std::string> offline = engine.id == EngineId::sqlite
                                             ? std::vector<std::string>{"--engine", "sqlite"}
                                             : std::vector<std::string>{"--dev-db", dev->url()};
  struct Side {
    std::string text;
    bool database;
  };
  const Side froms[] = {{from_db->path("v1.yaml").string(), false},
                        {from_db->url(), true},
                        {from_db->dir().string(), false}};
  const Side tos[] = {{to_db->path("v2").string(), false}, {to_db->url(), true}, {to_db->dir().string(), false}};
  auto diff = [&](const Side& from, const Side& to, const std::string& format) {
    std::vector<std::string> args{"diff", from.text, to.text, "--format", format};
    if (!from.database && !to.database) {
      args.insert(args.end(), offline.begin(), offline.end());
    }
    return from_db->strata(args);
  };
  for (const auto& from : froms) {
    for (const auto& to : tos) {
      INFO(from.text << " -> " << to.text);
      const auto sql = diff(from, to, "sql");
      INFO(sql.describe());
      REQUIRE(sql.exit_code == 2);
      CHECK_FALSE(contains(sql.out, "strata_schema_history"));
      from_db->exec(sql.out);
      CHECK(catalog(*from_db) == v2_catalog);
      // Back to v1 for the next pair: the diff from the database to the schema file.
      const auto back = diff({from_db->url(), true}, froms[0], "sql");
      INFO(back.describe());
      REQUIRE(back.exit_code == 2);
      from_db->exec(back.out);
      REQUIRE(catalog(*from_db) == v1_catalog);
    }
  }

  // Equal sides, each kind against another: exit 0, nothing to run.
  const auto same_sql = diff(froms[2], froms[0], "sql");
  INFO(same_sql.describe());
  CHECK(same_sql.exit_code == 0);
  CHECK(same_sql.out.empty());
  const auto same_text = diff(froms[1], froms[2], "text");
  CHECK(same_text.exit_code == 0);
  CHECK(same_text.out == "no differences\n");
  const auto same_json = diff(tos[0], tos[1], "json");
  INFO(same_json.describe());
  REQUIRE(same_json.exit_code == 0);
  const auto json = nlohmann::json::parse(same_json.out);
  CHECK(json["command"] == "diff");
  CHECK(json["engine"] == engine.name);
  CHECK(json["equal"] == true);
  CHECK(json["from"]["kind"] == "schema");
  CHECK(json["to"]["kind"] == "database");
  CHECK_FALSE(contains(same_json.out, "strata:strata@")); // a URL's password is never shown

  // The formats of plan: markdown with its title and sides, json with the steps and differences.
  const auto markdown = diff(froms[0], tos[1], "markdown");
  CHECK(markdown.exit_code == 2);
  CHECK(markdown.out.rfind(std::string("## strata diff (") + engine.name + ")", 0) == 0);
  CHECK(contains(markdown.out, "(schema) to `"));
  CHECK(contains(markdown.out, "create table books"));
  const auto changes = nlohmann::json::parse(diff(froms[2], tos[2], "json").out);
  CHECK(changes["equal"] == false);
  CHECK(changes["from"]["kind"] == "migrations");
  CHECK(changes["operations_by_kind"]["AddTable"] == 1);
  CHECK_FALSE(changes["differences"].empty());
}

TEST_CASE("diff names what it cannot use", "[e2e][diff]")
{
  Workspace ws;
  ws.write("a.yaml", k_diff_v1);
  const auto no_engine = ws.strata({"diff", "a.yaml", "a.yaml"});
  CHECK(no_engine.exit_code == 64);
  CHECK(contains(no_engine.err, "--engine"));
  const auto missing = ws.strata({"diff", "a.yaml", "nothing.yaml", "--engine", "sqlite"});
  CHECK(missing.exit_code == 64);
  CHECK(contains(missing.err, "nothing.yaml: no such file or folder"));
  const auto server = ws.strata({"diff", "a.yaml", "a.yaml", "--engine", "postgres"});
  CHECK(server.exit_code == 64);
  CHECK(contains(server.err, "--dev-db"));
  const auto engines = ws.strata({"diff", "sqlite:" + ws.path("x.db").string(), "postgres://u@127.0.0.1:1/db"});
  CHECK(engines.exit_code == 64);
  CHECK(contains(engines.err, "one engine"));
  // A --dev-db of another engine (a project's dev_db) is not in the way until a scratch database
  // is needed.
  exec_sql(ws.path("x.db"), "CREATE TABLE t (id integer PRIMARY KEY)");
  const std::string other_dev = "--dev-db=postgres://u@127.0.0.1:1/scratch";
  CHECK(ws.strata({"diff", "sqlite:" + ws.path("x.db").string(), "x.db", other_dev}).exit_code == 0);
  const auto scratch = ws.strata({"diff", "a.yaml", "sqlite:" + ws.path("x.db").string(), other_dev});
  CHECK(scratch.exit_code == 64);
  CHECK(contains(scratch.err, "schema file a.yaml is built on the scratch database, but --dev-db"));
}
