// Issue 4, test 1 on MariaDB: inspect -> YAML -> plan against the same database is empty, drift
// reports nothing; and the inspected YAML planned onto an empty database rebuilds the same catalog.

#include "tests/e2e/support/my_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEST_CASE("mysql: inspect then plan on the same database is empty, drift is clean", "[e2e][mysql][round-trip]")
{
  MyWorkspace ws;
  ws.exec(k_my_shop_sql);

  require_exit(ws.run("inspect", {"-o", "schema.yaml"}), 0);
  const std::string yaml = ws.read("schema.yaml");
  INFO(yaml);
  CHECK(contains(yaml, "enum('pending','paid','shipped','cancelled')"));
  CHECK(contains(yaml, "on_update"));
  CHECK(contains(yaml, "fulltext"));
  CHECK(contains(yaml, "length: 20"));
  CHECK(contains(yaml, "MyISAM"));
  CHECK(contains(yaml, "latin1"));
  CHECK(contains(yaml, "utf8mb4_bin"));
  CHECK_FALSE(contains(yaml, "strata"));
  CHECK_FALSE(contains(yaml, ws.database().name()));

  const auto plan = ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
  CHECK(ws.migration_files().empty());
  require_exit(ws.run("drift", {"--schema", "schema.yaml"}), 0);
}

TEST_CASE("mysql: the inspected YAML applied to an empty database rebuilds the same catalog",
          "[e2e][mysql][round-trip]")
{
  MyWorkspace source;
  source.exec(k_my_shop_sql);
  require_exit(source.run("inspect", {"-o", "schema.yaml"}), 0);

  MyWorkspace target;
  target.write("schema.yaml", source.read("schema.yaml"));
  const auto plan = target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "init"});
  INFO(plan.describe());
  REQUIRE(plan.exit_code == 2);
  const auto apply = target.run("apply", {"--dir", "migrations"});
  INFO(apply.describe());
  REQUIRE(apply.exit_code == 0);
  CHECK(target.schema_dump() == source.schema_dump());

  // Idempotent: nothing left to plan, no drift.
  const auto again = target.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(target.run("drift", {"--schema", "schema.yaml"}), 0);
}
