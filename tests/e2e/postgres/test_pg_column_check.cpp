// plan's column check on PostgreSQL: the scratch database it tries new columns on gets the
// extensions the schema declares (and the target has), so a type from one (citext) is accepted; a
// misspelt type is still refused naming its line, and so is a type change with no cast.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEST_CASE("postgres: plan accepts an extension's type the scratch database lacks and refuses a misspelt one",
          "[e2e][postgres][plan]")
{
  PgWorkspace ws;
  ws.exec("CREATE EXTENSION IF NOT EXISTS citext");
  const std::string extensions = "extensions: [citext]\n";
  const std::string v1 = one_table_yaml("users", "\n      - { name: id, type: bigint }\n", extensions);
  ws.write("schema.yaml", v1);
  require_exit(ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "v1"}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  const auto before = ws.schema_dump();

  // No live column is citext yet: the check cannot skip it as known; the scratch database has it.
  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: bigint }\n"
                                                  "      - { name: email, type: citext }\n", extensions));
  const auto known = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run", "--format", "sql"});
  INFO(known.describe());
  CHECK(known.exit_code == 2);
  CHECK(contains(known.out, "ADD COLUMN \"email\" citext"));

  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: bigint }\n"
                                                  "      - { name: email, type: citxt }\n", extensions));
  const auto misspelt = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations"});
  INFO(misspelt.describe());
  CHECK(misspelt.exit_code == 1);
  CHECK(contains(misspelt.err, "schema.yaml:6:9: column users.email (type citxt) is refused by the engine"));
  CHECK(contains(misspelt.err, "type \"citxt\" does not exist"));
  CHECK(ws.schema_dump() == before);

  // A type change PostgreSQL has no cast for fails at apply even on an empty table: refused at
  // the column's line before anything is written.
  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: inet }\n", extensions));
  const auto files = ws.migration_files();
  const auto no_cast = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "v2"});
  INFO(no_cast.describe());
  CHECK(no_cast.exit_code == 1);
  CHECK(contains(no_cast.err, "schema.yaml:5:9: column users.id: the type changes from bigint to inet, but "
                              "PostgreSQL has no cast from bigint to inet"));
  CHECK(ws.migration_files() == files);
  CHECK(ws.schema_dump() == before);
}

// Without a scratch database: when the target already holds every type, sequence and function the
// new columns name, they are tried on the target itself as temporary tables in a transaction that
// is rolled back (nothing stays there); a schema that adds a type the columns name still goes to a
// scratch database, which gets that type first.
TEST_CASE("postgres: plan tries new columns on the target in a rolled-back transaction when it has their types",
          "[e2e][postgres][plan]")
{
  PgWorkspace ws;
  const std::string enums = "enums:\n  - { name: mood, values: [calm, glad] }\n";
  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: bigint }\n", enums));
  require_exit(ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "v1"}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  const auto before = ws.schema_dump();

  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: bigint }\n"
                                                  "      - { name: feeling, type: mood, default: \"'glad'\" }\n"
                                                  "      - { name: seen, type: integr }\n", enums));
  const auto refused = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--verbose"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "on the target (temporary tables, rolled back)"));
  CHECK_FALSE(contains(refused.err, "strata_scratch_"));
  CHECK(contains(refused.err, "schema.yaml:7:9: column users.seen (type integr) is refused by the engine"));
  CHECK(contains(refused.err, "type \"integr\" does not exist"));
  CHECK_FALSE(contains(refused.err, "column users.feeling"));
  CHECK(ws.schema_dump() == before);

  // A value the live enum lacks: the target answers no longer as the schema means; the scratch
  // database, given the desired enum, does.
  const std::string more = "enums:\n  - { name: mood, values: [calm, glad, proud] }\n";
  ws.write("schema.yaml", one_table_yaml("users", "\n      - { name: id, type: bigint }\n"
                                                  "      - { name: feeling, type: mood, default: \"'proud'\" }\n",
                                         more));
  const auto scratch = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run", "--format",
                                       "sql", "--verbose"});
  INFO(scratch.describe());
  CHECK(scratch.exit_code == 2);
  CHECK(contains(scratch.err, "strata_scratch_"));
  CHECK_FALSE(contains(scratch.err, "on the target (temporary tables"));
  CHECK(contains(scratch.out, "ADD COLUMN \"feeling\" mood DEFAULT 'proud'"));
  CHECK(ws.schema_dump() == before);
}
