// Issue 2, tests 8 and 9: a failing statement rolls its whole file back and is reported by file,
// statement and line; bad YAML of each kind is reported with file:line:col and changes nothing.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace strata::e2e;

TEST_CASE("a failing statement rolls the whole file back and names file and statement and line", "[e2e][failure]")
{
  Workspace ws;
  const auto db = ws.db_path();
  write_migration(ws, "001", "ok", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\nINSERT INTO keep VALUES (1);\n",
                  "DROP TABLE keep;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"}), 0);
  REQUIRE(history_versions(db) == std::vector<std::string>{"001|applied"});

  // Statement 3 starts on line 7 and violates NOT NULL.
  write_migration(ws, "002", "gadgets",
                  "-- Gadgets, with a bad row.\n"
                  "CREATE TABLE gadgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                  "\n"
                  "INSERT INTO gadgets (id, name) VALUES (1, 'fine');\n"
                  "\n"
                  "-- the next statement fails\n"
                  "INSERT INTO gadgets (id, name)\n"
                  "  VALUES (2, NULL);\n"
                  "INSERT INTO keep VALUES (2);\n",
                  "DROP TABLE gadgets;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto before = schema_dump(db);

  const auto apply = ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"});
  INFO(apply.describe());
  CHECK(apply.exit_code == 1);
  CHECK(contains(apply.err, "002_gadgets.up.sql"));
  CHECK(contains(lower(apply.err), "statement 3"));
  CHECK(contains(lower(apply.err), "line 7"));
  CHECK(contains(apply.err, "NOT NULL"));

  CHECK_FALSE(table_exists(db, "gadgets"));
  CHECK(schema_dump(db) == before);
  CHECK(count_rows(db, "keep") == 1);
  CHECK(history_versions(db) == std::vector<std::string>{"001|applied"});
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
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns: [ { name: id, type: integer }\n"
   "    primary_key: [id]\n",
   0},
  {"unknown key",
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns:\n"
   "      - { name: id, type: integer, nullabel: false }\n"
   "    primary_key: [id]\n",
   5},
  {"duplicate name",
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns:\n"
   "      - { name: id, type: integer }\n"
   "      - { name: id, type: text }\n"
   "    primary_key: [id]\n",
   6},
  {"unknown referenced table",
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns:\n"
   "      - { name: id, type: integer }\n"
   "      - { name: owner_id, type: integer }\n"
   "    primary_key: [id]\n"
   "    foreign_keys:\n"
   "      - { name: things_owner_fk, columns: [owner_id], references: { table: owners, columns: [id] } }\n",
   9},
  {"unknown column",
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns:\n"
   "      - { name: id, type: integer }\n"
   "    primary_key: [id]\n"
   "    indexes:\n"
   "      - { name: things_label_idx, columns: [label] }\n",
   8},
  {"bad type",
   "version: 1\n"
   "tables:\n"
   "  - name: things\n"
   "    columns:\n"
   "      - { name: id, type: integer }\n"
   "      - { name: label, type: varchar(abc) }\n"
   "    primary_key: [id]\n",
   6},
};

} // namespace

TEST_CASE("bad YAML of each kind: exit 1 with file:line:col and the database untouched", "[e2e][yaml]")
{
  for (const auto& bad : k_bad_yaml) {
    DYNAMIC_SECTION(bad.kind)
    {
      Workspace ws;
      const auto db = ws.db_path();
      exec_sql(db, "CREATE TABLE existing (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO existing VALUES (1, 'x');");
      const auto before = schema_dump(db);
      ws.write("bad.yaml", bad.text);

      const auto plan = ws.strata({"plan", "--schema", "bad.yaml", "--db", ws.db_url(), "--dir", "migrations",
                                   "--name", "bad", "--version", "20260101000000"});
      INFO(plan.describe());
      CHECK(plan.exit_code == 1);
      const std::string line = bad.line == 0 ? "[0-9]+" : std::to_string(bad.line);
      CHECK(std::regex_search(plan.err, std::regex("bad\\.yaml:" + line + ":[0-9]+")));

      CHECK(ws.migration_files().empty());
      CHECK(schema_dump(db) == before);
      CHECK(count_rows(db, "existing") == 1);

      const auto validate = ws.strata({"validate", "--schema", "bad.yaml"});
      INFO(validate.describe());
      CHECK(validate.exit_code == 1);
      CHECK(std::regex_search(validate.output(), std::regex("bad\\.yaml:" + line + ":[0-9]+")));
    }
  }
}

TEST_CASE("validate accepts a good schema and folder and refuses a tampered strata.sum", "[e2e][validate]")
{
  Workspace ws;
  ws.write("v1.yaml", k_books_v1_yaml);
  require_exit(ws.strata({"plan", "--schema", "v1.yaml", "--db", ws.db_url(), "--dir", "migrations", "--name", "v1",
                          "--version", k_v1_version}),
               2);
  require_exit(ws.strata({"validate", "--schema", "v1.yaml", "--dir", "migrations"}), 0);

  const auto down = ws.migration_file_ending("_v1.down.sql");
  write_text(down, read_text(down) + "-- edited by hand\n");
  const auto validate = ws.strata({"validate", "--schema", "v1.yaml", "--dir", "migrations"});
  INFO(validate.describe());
  CHECK(validate.exit_code == 1);
  CHECK(contains(validate.output(), down.filename().string()));
}
