// Issue 2, test 1: inspect a realistic database, plan the YAML against the same database: empty.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEST_CASE("round trip: inspect then plan against the same database is empty and drift is in sync", "[e2e][round-trip]")
{
  Workspace ws;
  exec_sql(ws.db_path(), k_shop_sql);
  REQUIRE(scalar(ws.db_path(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") ==
          std::to_string(k_shop_table_count));
  const auto before = schema_dump(ws.db_path());

  require_exit(ws.strata({"inspect", "--db", ws.db_url(), "-o", "schema.yaml"}), 0);
  const auto yaml = ws.read("schema.yaml");
  INFO(yaml);
  for (const char* table : {"organizations", "users", "roles", "user_roles", "categories", "products", "product_tags",
                            "warehouses", "stock", "customers", "addresses", "orders", "order_items", "payments",
                            "shipments", "reviews", "audit_log", "coupons"}) {
    CHECK(contains(yaml, std::string("name: ") + table));
  }
  CHECK(contains(yaml, "users_lower_email_idx"));
  CHECK(contains(yaml, "deleted_at IS NULL"));
  CHECK(contains(yaml, "active_users"));
  CHECK(contains(lower(yaml), "set null"));
  CHECK(contains(lower(yaml), "cascade"));
  CHECK(contains(lower(yaml), "restrict"));
  CHECK_FALSE(contains(yaml, "sqlite_sequence"));
  CHECK_FALSE(contains(yaml, "strata_schema_history"));

  const auto plan = ws.strata({"plan", "--schema", "schema.yaml", "--db", ws.db_url(), "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
  CHECK(contains(lower(plan.out), "no changes"));

  const auto drift = ws.strata({"drift", "--schema", "schema.yaml", "--db", ws.db_url()});
  INFO(drift.describe());
  CHECK(drift.exit_code == 0);

  // Nothing was written or changed, and the trigger is still there.
  CHECK(ws.migration_files().empty());
  CHECK(schema_dump(ws.db_path()) == before);

  // drift is not vacuous: a change made by hand is reported.
  exec_sql(ws.db_path(), "ALTER TABLE coupons ADD COLUMN note TEXT");
  const auto drifted = ws.strata({"drift", "--schema", "schema.yaml", "--db", ws.db_url()});
  INFO(drifted.describe());
  CHECK(drifted.exit_code == 2);
  CHECK(contains(drifted.output(), "coupons"));
}
