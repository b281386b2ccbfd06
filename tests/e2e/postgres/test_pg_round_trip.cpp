// Issue 3, test 1 on PostgreSQL: inspect -> YAML -> plan against the same database is empty, drift
// reports nothing; and the inspected YAML planned onto an empty database rebuilds the same catalog.

#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEST_CASE("postgres: inspect then plan on the same database is empty, drift is clean", "[e2e][postgres][round-trip]")
{
  PgWorkspace ws;
  ws.exec(k_pg_shop_sql);

  require_exit(ws.run("inspect", {"--schema-name", "public,audit", "-o", "schema.yaml"}), 0);
  const std::string yaml = ws.read("schema.yaml");
  CHECK(contains(yaml, "schema: audit"));
  CHECK(contains(yaml, "gin"));
  CHECK(contains(yaml, "order_status"));
  CHECK_FALSE(contains(yaml, "strata"));

  const auto plan = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
  CHECK(ws.migration_files().empty());
  require_exit(ws.run("drift", {"--schema", "schema.yaml"}), 0);

  // Without --schema-name, inspect reads every schema of the database: the same file.
  require_exit(ws.run("inspect", {"-o", "all.yaml"}), 0);
  CHECK(ws.read("all.yaml") == yaml);
}

TEST_CASE("postgres: the inspected YAML applied to an empty database rebuilds the same catalog",
          "[e2e][postgres][round-trip]")
{
  PgWorkspace source;
  source.exec(k_pg_shop_sql);
  require_exit(source.run("inspect", {"--schema-name", "public,audit", "-o", "schema.yaml"}), 0);

  PgWorkspace target;
  target.write("schema.yaml", source.read("schema.yaml"));
  require_exit(target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "init"}), 2);
  require_exit(target.run("apply", {"--dir", "migrations"}), 0);
  CHECK(target.schema_dump() == source.schema_dump());

  // Idempotent: nothing left to plan, no drift.
  const auto again = target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(target.run("drift", {"--schema", "schema.yaml"}), 0);
}
