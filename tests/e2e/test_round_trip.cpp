// Issue 2, test 1, on the three engines: a realistic shop database is inspected, and planning the
// YAML against the same database is empty, drift in sync; and on the servers the inspected YAML
// planned onto an empty database rebuilds the same catalog.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

struct Shop {
  // The scripts that create the shop and its rows, in order.
  std::vector<const char*> sql;
  // How many tables the shop has, counted in the engine's catalog.
  Probe tables;
  // `strata inspect` arguments that read the whole shop.
  std::vector<std::string> inspect;
  // What the YAML must say (each engine's own features) and must not (strata's own tables).
  std::vector<std::string> said;
  std::vector<std::string> said_in_any_case;
  std::vector<std::string> unsaid;
};

const PerEngine<Shop> k_shops{
  {{k_shop_sql, k_shop_order_rows_sql},
   {"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    {row({std::to_string(k_shop_table_count)})}},
   {},
   {"name: organizations", "name: users", "name: roles", "name: user_roles", "name: categories", "name: products",
    "name: product_tags", "name: warehouses", "name: stock", "name: customers", "name: addresses", "name: orders",
    "name: order_items", "name: payments", "name: shipments", "name: reviews", "name: audit_log", "name: coupons",
    "users_lower_email_idx", "deleted_at IS NULL", "active_users"},
   {"set null", "cascade", "restrict"},
   {"sqlite_sequence", "strata_schema_history"}},
  {{k_pg_shop_sql},
   {"SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'audit')", {row({"14"})}},
   {"--schema-name", "public,audit,archive"},
   {"schema: audit", "gin", "order_status", "not_valid: true", "opclass: text_pattern_ops", "nulls: last",
    "nulls: first", "nulls_not_distinct: true", "no_inherit: true", "sequence_type: integer",
    "name: log_order", "name: archive_orders", "CREATE OR REPLACE PROCEDURE", "CREATE CONSTRAINT TRIGGER orders_audit_deferred",
    "UPDATE OF status, total", "name: pg_trgm", "name: citext", "opclass: gin_trgm_ops", "type: citext",
    "materialized_views:", "name: product_sales", "with_data: false", "name: product_sales_sold", "name: user_totals",
    "schemas:", "  - archive", "{name: audit, comment: Changes kept for audits}", "{name: public, comment: The shop}"},
   {},
   {"strata"}},
  {{k_my_shop_sql, k_shop_order_rows_sql},
   {"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
    {row({std::to_string(k_my_shop_table_count)})}},
   {},
   {"enum('pending','paid','shipped','cancelled')", "on_update", "fulltext", "length: 20", "MyISAM", "latin1",
    "utf8mb4_bin", "security: invoker", "collation: latin1_swedish_ci", "on_delete: restrict", "orders_status_audit", "row_format: compact",
    "expression: to_days(viewed_on)", "comment: last year", "LESS THAN MAXVALUE", "FOR EACH ROW SET NEW.unit_price = ROUND(NEW.unit_price, 2)"},
   {},
   {"strata"}}};

void create_shop(DbWorkspace& ws)
{
  for (const char* sql : k_shops[ws.engine()].sql) {
    ws.exec(sql);
  }
}

// `strata inspect <the shop's arguments> -o <file>`
ProcessResult inspect(const DbWorkspace& ws, const std::string& file)
{
  auto args = k_shops[ws.engine()].inspect;
  args.insert(args.end(), {"-o", file});
  return ws.run("inspect", args);
}

} // namespace

TEMPLATE_TEST_CASE("round trip: inspect then plan against the same database is empty and drift is in sync",
                   "[e2e][round-trip]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto& shop = k_shops[engine];
  auto ws = engine.workspace();
  create_shop(*ws);
  check_probes(*ws, {shop.tables});
  const auto before = ws->schema_dump();

  require_exit(inspect(*ws, "schema.yaml"), 0);
  const auto yaml = ws->read("schema.yaml");
  INFO(yaml);
  for (const auto& text : shop.said) {
    CHECK(contains(yaml, text));
  }
  for (const auto& text : shop.said_in_any_case) {
    CHECK(contains(lower(yaml), text));
  }
  for (const auto& text : shop.unsaid) {
    CHECK_FALSE(contains(yaml, text));
  }
  CHECK_FALSE(contains(yaml, ws->database_name()));

  const auto plan = ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
  CHECK(contains(lower(plan.out), "no changes"));
  require_exit(ws->run("drift", {"--schema", "schema.yaml"}), 0);

  // Nothing was written or changed (SQLite: the trigger is still there).
  CHECK(ws->migration_files().empty());
  CHECK(ws->schema_dump() == before);

  // Inspecting again (on PostgreSQL: every schema, without --schema-name) gives the same file.
  require_exit(ws->run("inspect", {"-o", "again.yaml"}), 0);
  CHECK(ws->read("again.yaml") == yaml);

  // drift is not vacuous: a change made by hand is reported.
  ws->exec("ALTER TABLE coupons ADD COLUMN note TEXT");
  const auto drifted = ws->run("drift", {"--schema", "schema.yaml"});
  INFO(drifted.describe());
  CHECK(drifted.exit_code == 2);
  CHECK(contains(drifted.output(), "coupons"));
}

// SQLite keeps each CREATE statement's own text, which a rebuild from YAML does not reproduce:
// the catalogs compared are the servers'.
TEMPLATE_TEST_CASE("round trip: the inspected YAML applied to an empty database rebuilds the same catalog",
                   "[e2e][round-trip]", postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto source = engine.workspace();
  create_shop(*source);
  require_exit(inspect(*source, "schema.yaml"), 0);

  auto target = engine.workspace();
  target->write("schema.yaml", source->read("schema.yaml"));
  require_exit(target->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "init"}), 2);
  require_exit(target->run("apply", {"--dir", "migrations"}), 0);
  CHECK(target->schema_dump() == source->schema_dump());

  // Idempotent: nothing left to plan, no drift.
  const auto again = target->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(target->run("drift", {"--schema", "schema.yaml"}), 0);
}
