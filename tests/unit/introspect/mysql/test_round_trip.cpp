// The round-trip invariant on MariaDB: read -> YAML -> load -> normalize equals normalize(read)
// and plans to nothing; and a hand-written YAML equivalent to a live schema plans to nothing
// after normalize + canonicalize.
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "schemas/operation.hpp"
#include "schemas/yaml.hpp"
#include "tests/unit/introspect/round_trip_checks.hpp"
#include "tests/unit/introspect/mysql/realistic.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;

TEST_CASE("MySQL round trip: read, write YAML, load: equal after normalize and an empty plan",
          "[mysql][introspect][yaml]")
{
  test::MysqlDatabase db;
  test::check_round_trip_of(db, "mysql", test::k_my_realistic_schema);
}

TEST_CASE("MySQL: a hand-written YAML equivalent to the live schema plans to nothing", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  db.connection().execute(test::k_my_realistic_schema);
  // Keep part of the realistic schema: the YAML below describes what is left.
  db.connection().execute("DROP VIEW order_totals; DROP TABLE order_items, orders, memberships, teams, article_tags, "
                          "articles, sessions, users; DROP FUNCTION org_label; DROP PROCEDURE touch_org; DROP PROCEDURE org_label; "
                          "DROP FUNCTION spent_total");
  const schemas::Schema live = test::check_written_equals_live(db, "mysql", R"YAML(version: 1
enums:
  - { name: plan_kind, values: [free, pro, enterprise] }
tables:
  - name: orgs
    comment: Customer organisations
    columns:
      - { name: id, type: int unsigned, identity: true }
      - { name: name, type: varchar(100), nullable: false }
      - { name: slug, type: varchar(60), nullable: false, collation: utf8mb4_bin }
      - { name: active, type: boolean, nullable: false, default: "true" }
      - { name: plan, type: plan_kind, nullable: false, default: "'free'" }
      - { name: features, type: "SET('sso', 'audit', 'api')" }
      - { name: settings, type: json }
      - { name: created_at, type: datetime(3), nullable: false, default: "CURRENT_TIMESTAMP(3)" }
      - { name: updated_at, type: DATETIME(3), nullable: false, default: "now(3)", on_update: "current_timestamp(3)" }
    primary_key: [id]
    indexes:
      - { name: orgs_slug, columns: [slug], constraint: true }
  - name: categories
    columns:
      - { name: id, type: smallint unsigned, identity: true }
      - { name: parent_id, type: smallint unsigned }
      - { name: name, type: varchar(64), nullable: false }
    primary_key: [id]
    indexes:
      - { name: categories_parent, columns: [parent_id] }
    foreign_keys:
      - { name: categories_parent_fk, columns: [parent_id], references: { table: categories }, on_delete: set null }
  - name: products
    columns:
      - { name: id, type: integer, identity: true }
      - { name: category_id, type: smallint unsigned }
      - { name: sku, type: varchar(32), nullable: false }
      - { name: name, type: varchar(200), nullable: false }
      - { name: description, type: mediumtext }
      - { name: price, type: "numeric(10,2)", nullable: false, default: "0" }
      - { name: weight_grams, type: mediumint unsigned }
      - { name: in_stock, type: boolean, nullable: false, default: "false" }
      - { name: tax_rate, type: "decimal(5,4)", nullable: false, default: "0.2" }
      - { name: price_with_tax, type: "decimal(12,2)", generated: "ROUND(price * (1 + tax_rate), 2)" }
    primary_key: [id]
    indexes:
      - { name: products_sku, columns: [sku], unique: true }
      - { name: products_search, columns: [name, description], method: FULLTEXT }
    foreign_keys:
      - { name: products_category_fk, columns: [category_id], references: { table: categories, columns: [id] } }
    checks:
      - { name: products_price_ok, expression: "(price >= 0) AND (tax_rate < 1)" }
  - name: tags
    comment: Free-form labels
    columns:
      - { name: id, type: int unsigned, identity: true }
      - { name: label, type: varchar(40), nullable: false, collation: utf8mb4_unicode_ci }
    primary_key: [id]
    indexes:
      - { name: tags_label, columns: [label], unique: true }
  - name: legacy_log
    comment: Old log, not transactional
    options: { engine: MyISAM, charset: latin1 }
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: message, type: varchar(255), default: "'it\\'s'" }
      - { name: flags, type: bit(8), default: "b'101'" }
      - { name: delta, type: integer, default: "-3" }
      - { name: logged, type: year }
    primary_key: [id]
views:
  - name: active_orgs
    query: |
      SELECT o.id, o.name
      FROM orgs o
      WHERE o.active = 1
)YAML");
  // The probes left nothing behind: no strata_probe_* view, and the live tables are unchanged.
  CHECK(db.connection().query("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                              "AND TABLE_NAME LIKE 'strata\\_probe%'").rows[0][0] == std::optional<std::string>("0"));
  CHECK(test::normalized_live(db, "mysql") == live);
}

TEST_CASE("MySQL canonicalize keeps a desired expression the server rejects", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  db.connection().execute("CREATE TABLE t (a int, CONSTRAINT t_a CHECK (a > 0))");
  const schemas::Schema live = test::normalized_live(db, "mysql");
  schemas::Schema desired = live;
  desired.tables[0].checks[0].expression = "no_such_function(a) > 0";
  const schemas::Schema before = desired;
  test::canonicalize_on(db, "mysql", desired, live);
  CHECK(desired == before);
  // A spelling the server stores like the live one is adopted.
  desired.tables[0].checks[0].expression = "((a) > (0))";
  test::canonicalize_on(db, "mysql", desired, live);
  CHECK(desired.tables[0].checks[0].expression == live.tables[0].checks[0].expression);
}

TEST_CASE("MySQL round trip: MariaDB system-versioned tables in both forms, with history and a column left out of it",
          "[mysql][introspect][yaml][versioning]")
{
  test::MysqlDatabase db;
  test::check_round_trip_of(db, "mysql", R"SQL(
CREATE TABLE accounts (id int NOT NULL PRIMARY KEY, balance int, note text WITHOUT SYSTEM VERSIONING)
  WITH SYSTEM VERSIONING;
CREATE TABLE prices (id int NOT NULL, sku varchar(20), UNIQUE KEY prices_sku_uq (sku),
  vf timestamp(6) GENERATED ALWAYS AS ROW START, vt timestamp(6) GENERATED ALWAYS AS ROW END,
  PERIOD FOR SYSTEM_TIME (vf, vt), PRIMARY KEY (id)) WITH SYSTEM VERSIONING;
CREATE TABLE ledger (id int NOT NULL PRIMARY KEY, s bigint unsigned GENERATED ALWAYS AS ROW START,
  e bigint unsigned GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING;
INSERT INTO accounts VALUES (1, 10, 'x');
UPDATE accounts SET balance = 20;
)SQL");
}
