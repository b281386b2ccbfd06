// Issue 2, tests 8 to 10, on the three engines: a failing statement is named by file, statement
// and line; where DDL is transactional its whole file is rolled back, on MariaDB the file is left
// dirty at that statement until `strata repair` says what happened. Bad YAML of each kind is
// reported with file:line:col and changes nothing; the same inputs give byte-identical files.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace strata::e2e;

namespace {

// The engine's words for a NULL in a NOT NULL column.
const PerEngine<const char*> k_not_null_message{"NOT NULL", "not-null", "null"};

} // namespace

TEMPLATE_TEST_CASE("a failing statement is named by file, statement and line and nothing half-applied is recorded",
                   "[e2e][failure]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "001", "ok", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\nINSERT INTO keep VALUES (1);\n",
                     "DROP TABLE keep;\n");
  REQUIRE(ws->history() == std::vector<std::string>{"001|applied"});

  // Statement 3 starts on line 7 and violates NOT NULL.
  write_migration(*ws, "002", "gadgets",
                  "-- Gadgets, with a bad row.\n"
                  "CREATE TABLE gadgets (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
                  "\n"
                  "INSERT INTO gadgets (id, name) VALUES (1, 'fine');\n"
                  "\n"
                  "-- the next statement fails\n"
                  "INSERT INTO gadgets (id, name)\n"
                  "  VALUES (2, NULL);\n"
                  "INSERT INTO keep VALUES (2);\n",
                  "DROP TABLE IF EXISTS gadgets;\nDELETE FROM keep WHERE id = 2;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto before = ws->schema_dump();

  const auto apply = ws->run("apply", {"--dir", "migrations"});
  INFO(apply.describe());
  CHECK(apply.exit_code == 1);
  CHECK(contains(apply.err, "002_gadgets.up.sql"));
  CHECK(contains(lower(apply.err), "statement 3"));
  CHECK(contains(lower(apply.err), "line 7"));
  CHECK(contains(apply.err, k_not_null_message[engine]));
  CHECK(ws->count("keep") == 1);

  if (engine.transactional_ddl) {
    // The file's transaction took everything back.
    CHECK_FALSE(ws->table_exists("gadgets"));
    CHECK(ws->schema_dump() == before);
    CHECK(ws->history() == std::vector<std::string>{"001|applied"});
  } else {
    // What ran before the failure is there (the DDL committed) and the history says so.
    CHECK(ws->table_exists("gadgets"));
    CHECK(ws->count("gadgets") == 1);
    CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|dirty"});
    const auto status = ws->run("status", {"--dir", "migrations"});
    INFO(status.describe());
    CHECK(status.exit_code == 1);
    CHECK(contains(status.output(), "002"));
    CHECK(contains(lower(status.output()), "statement 3"));
    // The user undoes it by hand and tells strata; the file is pending again.
    ws->exec("DROP TABLE gadgets");
    const auto repair = ws->run("repair", {"--dir", "migrations", "--rolled-back", "--yes"});
    INFO(repair.describe());
    REQUIRE(repair.exit_code == 0);
    CHECK(ws->history() == std::vector<std::string>{"001|applied"});
  }

  // Fixed, the file applies.
  write_text(ws->dir() / "002_gadgets.up.sql",
             "CREATE TABLE gadgets (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
             "INSERT INTO gadgets (id, name) VALUES (1, 'fine'), (2, 'also fine');\n"
             "INSERT INTO keep VALUES (2);\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  CHECK(ws->history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws->count("gadgets") == 2);
  CHECK(ws->count("keep") == 2);
}

namespace {

struct BadYaml {
  const char* kind;
  const char* text;
  int line; // the line the error must name; 0: any line
};

// Every case is one valid table plus one mistake; `line` is the mistake's line.
const BadYaml k_bad_yaml[] = {
  {"malformed YAML",
   "version: 1\ntables:\n  - name: things\n    columns: [ { name: id, type: integer }\n    primary_key: [id]\n", 0},
  {"unknown key",
   "version: 1\ntables:\n  - name: things\n    columns:\n      - { name: id, type: integer, nullabel: false }\n"
   "    primary_key: [id]\n",
   5},
  {"duplicate name",
   "version: 1\ntables:\n  - name: things\n    columns:\n      - { name: id, type: integer }\n"
   "      - { name: id, type: text }\n    primary_key: [id]\n",
   6},
  {"unknown referenced table",
   "version: 1\ntables:\n  - name: things\n    columns:\n      - { name: id, type: integer }\n"
   "      - { name: owner_id, type: integer }\n    primary_key: [id]\n    foreign_keys:\n"
   "      - { name: things_owner_fk, columns: [owner_id], references: { table: owners, columns: [id] } }\n",
   9},
  {"unknown column",
   "version: 1\ntables:\n  - name: things\n    columns:\n      - { name: id, type: integer }\n"
   "    primary_key: [id]\n    indexes:\n      - { name: things_label_idx, columns: [label] }\n",
   8},
  {"bad type",
   "version: 1\ntables:\n  - name: things\n    columns:\n      - { name: id, type: integer }\n"
   "      - { name: label, type: varchar(abc) }\n    primary_key: [id]\n",
   6},
};

} // namespace

TEMPLATE_TEST_CASE("bad YAML of each kind: exit 1 with file:line:col and the database untouched", "[e2e][yaml]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  for (const auto& bad : k_bad_yaml) {
    DYNAMIC_SECTION(bad.kind)
    {
      auto ws = engine.workspace();
      ws->exec("CREATE TABLE existing (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO existing VALUES (1, 'x');");
      const auto before = ws->schema_dump();
      ws->write("bad.yaml", bad.text);

      const auto plan = ws->run("plan", {"--schema", "bad.yaml", "--dir", "migrations", "--name", "bad", "--version",
                                         "20260101000000"});
      INFO(plan.describe());
      CHECK(plan.exit_code == 1);
      const std::string line = bad.line == 0 ? "[0-9]+" : std::to_string(bad.line);
      CHECK(std::regex_search(plan.err, std::regex("bad\\.yaml:" + line + ":[0-9]+")));

      CHECK(ws->migration_files().empty());
      CHECK(ws->schema_dump() == before);
      CHECK(ws->count("existing") == 1);
      CHECK_FALSE(ws->table_exists("strata_schema_history"));

      const auto validate = ws->strata({"validate", "--schema", "bad.yaml"});
      INFO(validate.describe());
      CHECK(validate.exit_code == 1);
      CHECK(std::regex_search(validate.output(), std::regex("bad\\.yaml:" + line + ":[0-9]+")));
    }
  }
}

// plan loads the schema file on a second thread while it opens and reads the database: the file's
// error must still be the only thing reported, as when it was loaded first.
TEMPLATE_TEST_CASE("plan: a bad schema file is reported alone, before an unreachable database or a pending file",
                   "[e2e][yaml]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  const auto& bad = k_bad_yaml[1]; // unknown key, line 5
  ws->write("bad.yaml", bad.text);
  ws->write("good.yaml", one_table_yaml("things", "\n      - { name: id, type: integer, nullable: false }\n"));
  ws->write("not-a-database.db", "this file is not a database, but long enough to look like one at first\n");
  const PerEngine<std::string> unreachable{"sqlite:" + ws->path("not-a-database.db").string(),
                                           "postgres://strata:strata@127.0.0.1:1/nowhere",
                                           "mysql://strata:strata@127.0.0.1:1/nowhere"};
  const auto plan = [&](const std::string& yaml, const std::string& url) {
    return ws->strata({"plan", "--schema", yaml, "--dir", "migrations", "--dry-run", "--db", url});
  };

  const auto alone = plan("bad.yaml", ws->url());
  INFO(alone.describe());
  REQUIRE(alone.exit_code == 1);
  CHECK(std::regex_search(alone.err, std::regex("bad\\.yaml:5:[0-9]+")));

  const auto both_bad = plan("bad.yaml", unreachable[engine]);
  INFO(both_bad.describe());
  CHECK(both_bad.exit_code == 1);
  CHECK(both_bad.err == alone.err);
  CHECK(both_bad.out == alone.out);

  // A good file lets the database's own error through.
  const auto database_bad = plan("good.yaml", unreachable[engine]);
  INFO(database_bad.describe());
  CHECK(database_bad.exit_code == 1);
  CHECK_FALSE(database_bad.err.empty());
  CHECK(database_bad.err != alone.err);

  // A pending file makes the dry run say so (an info line) before it plans from the folder; with
  // a bad schema file only the file's error is shown.
  write_migration(*ws, "20260101000000", "pending", "CREATE TABLE pending_one (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE pending_one;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto pending = plan("good.yaml", ws->url());
  INFO(pending.describe());
  CHECK(pending.exit_code == 2);
  CHECK(pending.err.find("pending") != std::string::npos);
  const auto pending_bad = plan("bad.yaml", ws->url());
  INFO(pending_bad.describe());
  CHECK(pending_bad.exit_code == 1);
  CHECK(pending_bad.err == alone.err);
  CHECK_FALSE(ws->table_exists("pending_one"));
  CHECK_FALSE(ws->table_exists("things"));
}

TEMPLATE_TEST_CASE("validate accepts a good schema and folder and refuses a tampered strata.sum", "[e2e][validate]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->write("v1.yaml", k_books_v1_yaml);
  require_exit(ws->run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--name", "v1", "--version", k_v1_version}),
               2);
  require_exit(ws->strata({"validate", "--schema", "v1.yaml", "--dir", "migrations"}), 0);

  const auto down = ws->migration_file_ending("_v1.down.sql");
  write_text(down, read_text(down) + "-- edited by hand\n");
  const auto validate = ws->strata({"validate", "--schema", "v1.yaml", "--dir", "migrations"});
  INFO(validate.describe());
  CHECK(validate.exit_code == 1);
  CHECK(contains(validate.output(), down.filename().string()));
}

TEMPLATE_TEST_CASE("the same inputs give byte-identical migration files", "[e2e][deterministic]", sqlite, postgres,
                   mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto a = engine.workspace();
  auto b = engine.workspace();
  for (auto* ws : {a.get(), b.get()}) {
    apply_books_v1(*ws);
    ws->write("v2.yaml", k_books_v2_yaml);
    require_exit(ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--version",
                                  k_v2_version}),
                 2);
  }
  REQUIRE(a->migration_files() == b->migration_files());
  for (const auto& name : a->migration_files()) {
    INFO(name);
    CHECK(read_text(a->dir() / name) == read_text(b->dir() / name));
  }
}
