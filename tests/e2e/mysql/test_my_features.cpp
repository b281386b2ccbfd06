// Issue 4, MySQL-specific behaviour on MariaDB: column order, ENUM changes, charset and collation
// changes, AUTO_INCREMENT and ON UPDATE columns, a foreign key whose index must be kept, and a
// generated file failing midway that `strata repair --continue` finishes.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

// plan (exit 2) then apply --yes; both must succeed.
void plan_and_apply(MyWorkspace& ws, const std::string& yaml, const std::string& name)
{
  ws.write(name + ".yaml", yaml);
  const auto plan = ws.run("plan", {"--schema", name + ".yaml", "--dir", "migrations", "--name", name});
  INFO(plan.describe());
  REQUIRE(plan.exit_code == 2);
  const auto apply = ws.run("apply", {"--dir", "migrations", "--yes"});
  INFO(apply.describe());
  REQUIRE(apply.exit_code == 0);
}

// plan --dry-run exits 0 (nothing to do; against an empty folder, as pending files of a rollback
// would stop it) and drift is clean.
void require_in_sync(MyWorkspace& ws, const std::string& name)
{
  const auto again = ws.run("plan", {"--schema", name + ".yaml", "--dir", "empty", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(ws.run("drift", {"--schema", name + ".yaml"}), 0);
}

std::string column_fact(MyWorkspace& ws, const std::string& table, const std::string& column, const std::string& what)
{
  return ws.scalar("SELECT " + what + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
                   table + "' AND COLUMN_NAME = '" + column + "'")
    .value_or("NULL");
}

} // namespace

TEST_CASE("mysql: new columns go where the YAML puts them, and the down file takes them out",
          "[e2e][mysql][features][order]")
{
  MyWorkspace ws;
  plan_and_apply(ws, one_table_yaml("people", R"yaml(
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: name, type: varchar(100), nullable: false }
)yaml"), "v1");
  ws.exec("INSERT INTO people (name) VALUES ('Ada'), ('Grace')");
  plan_and_apply(ws, one_table_yaml("people", R"yaml(
      - { name: nickname, type: varchar(40) }
      - { name: id, type: integer, nullable: false, identity: true }
      - { name: email, type: varchar(255) }
      - { name: name, type: varchar(100), nullable: false }
      - { name: created_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP }
)yaml"), "v2");
  CHECK(ws.columns("people") == std::vector<std::string>{"nickname", "id", "email", "name", "created_at"});
  CHECK(ws.rows("SELECT id, name FROM people ORDER BY id") == Rows{row({"1", "Ada"}), row({"2", "Grace"})});
  require_in_sync(ws, "v2");

  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(ws.columns("people") == std::vector<std::string>{"id", "name"});
  require_in_sync(ws, "v1");
}

TEST_CASE("mysql: ENUM values are added in place, removing a used value is flagged with its row count",
          "[e2e][mysql][features][enum]")
{
  MyWorkspace ws;
  plan_and_apply(ws, R"yaml(version: 1
enums:
  - { name: post_state, values: [draft, published] }
tables:
  - name: posts
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: state, type: post_state, nullable: false, default: "'draft'" }
    primary_key: [id]
)yaml", "v1");
  CHECK(column_fact(ws, "posts", "state", "COLUMN_TYPE") == "enum('draft','published')");
  ws.exec("INSERT INTO posts VALUES (1, 'draft'), (2, 'published'), (3, 'draft')");

  plan_and_apply(ws, one_table_yaml("posts", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: state, type: "enum('draft','published','archived')", nullable: false, default: "'draft'" }
)yaml"), "v2");
  CHECK(column_fact(ws, "posts", "state", "COLUMN_TYPE") == "enum('draft','published','archived')");
  CHECK(ws.rows("SELECT id, state FROM posts ORDER BY id") ==
        Rows{row({"1", "draft"}), row({"2", "published"}), row({"3", "draft"})});
  require_in_sync(ws, "v2");

  // Dropping 'draft' while two rows hold it: the plan says so, with the count.
  ws.write("v3.yaml", one_table_yaml("posts", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: state, type: "enum('published','archived')", nullable: false, default: "'published'" }
)yaml"));
  const auto plan = ws.run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--dry-run", "--format", "json"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 2);
  CHECK(contains(plan.out, "data-dependent"));
  CHECK(contains(plan.out, "\"count\": 2"));
}

TEST_CASE("mysql: a column collation and a table charset change, and stay in sync", "[e2e][mysql][features][charset]")
{
  MyWorkspace ws;
  plan_and_apply(ws, one_table_yaml("labels", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: title, type: varchar(100), nullable: false }
      - { name: code, type: varchar(20) }
)yaml", "    options: { charset: latin1, collation: latin1_swedish_ci }\n"), "v1");
  ws.exec("INSERT INTO labels VALUES (1, 'Caf\xC3\xA9', 'a'), (2, 'tea', 'B')");
  CHECK(ws.scalar("SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                  "TABLE_NAME = 'labels'") == "latin1_swedish_ci");

  plan_and_apply(ws, one_table_yaml("labels", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: title, type: varchar(100), nullable: false }
      - { name: code, type: varchar(20), collation: utf8mb4_bin }
)yaml"), "v2");
  CHECK(ws.scalar("SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                  "TABLE_NAME = 'labels'") == "utf8mb4_general_ci");
  CHECK(column_fact(ws, "labels", "title", "COLLATION_NAME") == "utf8mb4_general_ci");
  CHECK(column_fact(ws, "labels", "code", "COLLATION_NAME") == "utf8mb4_bin");
  CHECK(ws.rows("SELECT id, title, code FROM labels ORDER BY id") ==
        Rows{row({"1", "Caf\xC3\xA9", "a"}), row({"2", "tea", "B"})});
  // Binary collation: case matters now.
  CHECK(ws.scalar("SELECT COUNT(*) FROM labels WHERE code = 'b'") == "0");
  require_in_sync(ws, "v2");
}

TEST_CASE("mysql: AUTO_INCREMENT and ON UPDATE CURRENT_TIMESTAMP columns work and round-trip",
          "[e2e][mysql][features][auto-increment]")
{
  MyWorkspace ws;
  plan_and_apply(ws, one_table_yaml("events", R"yaml(
      - { name: id, type: bigint, nullable: false, identity: true }
      - { name: kind, type: varchar(20), nullable: false }
      - { name: updated_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP, on_update: CURRENT_TIMESTAMP }
)yaml"), "v1");
  ws.exec("INSERT INTO events (kind, updated_at) VALUES ('a', '2020-01-01 00:00:00'), ('b', '2020-01-01 00:00:00')");
  CHECK(ws.rows("SELECT id, kind FROM events ORDER BY id") == Rows{row({"1", "a"}), row({"2", "b"})});
  ws.exec("UPDATE events SET kind = 'c' WHERE id = 2");
  CHECK(ws.rows("SELECT id, updated_at > '2021-01-01' FROM events ORDER BY id") ==
        Rows{row({"1", "0"}), row({"2", "1"})});
  CHECK(contains(column_fact(ws, "events", "updated_at", "EXTRA"), "on update"));
  CHECK(contains(column_fact(ws, "events", "id", "EXTRA"), "auto_increment"));
  require_in_sync(ws, "v1");

  // inspect writes what the YAML said.
  require_exit(ws.run("inspect", {"-o", "inspected.yaml"}), 0);
  const auto inspected = ws.read("inspected.yaml");
  INFO(inspected);
  CHECK(contains(inspected, "identity: true"));
  CHECK(contains(inspected, "on_update:"));
}

namespace {

// customers (id) and orders (id, customer_id, placed_at), `orders_extras` (indexes, foreign
// keys) closing the orders table: the versions of the foreign-key index case.
std::string customers_orders(const std::string& orders_extras)
{
  return R"yaml(version: 1
tables:
  - name: customers
    columns:
      - { name: id, type: integer, nullable: false }
    primary_key: [id]
  - name: orders
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: customer_id, type: integer, nullable: false }
      - { name: placed_at, type: timestamp }
    primary_key: [id]
)yaml" + orders_extras;
}

const char* const k_orders_customer_idx = R"yaml(    indexes:
      - { name: orders_customer_idx, columns: [customer_id] }
)yaml";

const char* const k_orders_customer_fk = R"yaml(    foreign_keys:
      - { name: orders_customer_fk, columns: [customer_id], references: { table: customers, columns: [id] } }
)yaml";

} // namespace

TEST_CASE("mysql: the index a foreign key needs is kept or replaced before it goes", "[e2e][mysql][features][fk-index]")
{
  MyWorkspace ws;
  plan_and_apply(ws, customers_orders(std::string(k_orders_customer_idx) + k_orders_customer_fk), "v1");
  ws.exec("INSERT INTO customers VALUES (1), (2); INSERT INTO orders VALUES (1, 1, NULL), (2, 2, NULL)");

  // The explicit index goes; the foreign key still needs one, so one is created first.
  plan_and_apply(ws, customers_orders(k_orders_customer_fk), "v2");
  CHECK(ws.scalar("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                  "DATABASE() AND CONSTRAINT_NAME = 'orders_customer_fk'") == "1");
  CHECK(ws.scalar("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                  "TABLE_NAME = 'orders' AND INDEX_NAME = 'orders_customer_idx'") == "0");
  require_in_sync(ws, "v2");

  // Foreign key and its index both go: the key is dropped first.
  plan_and_apply(ws, customers_orders(R"yaml(    indexes:
      - { name: orders_customer_placed_idx, columns: [customer_id, placed_at] }
)yaml"), "v3");
  CHECK(ws.scalar("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                  "DATABASE()") == "0");
  require_in_sync(ws, "v3");
  CHECK(ws.count("orders") == 2);

  // Back down through every version.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "3", "--yes"}), 0);
  CHECK_FALSE(ws.table_exists("orders"));
}

TEST_CASE("mysql: a generated file that fails midway is dirty at its statement, repair --continue finishes it",
          "[e2e][mysql][features][dirty][repair]")
{
  MyWorkspace ws;
  plan_and_apply(ws, one_table_yaml("members", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: email, type: varchar(100), nullable: false }
)yaml"), "v1");
  ws.exec("INSERT INTO members VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'a@example.com')");

  ws.write("v2.yaml", R"yaml(version: 1
tables:
  - name: members
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: email, type: varchar(100), nullable: false }
      - { name: joined_on, type: date }
    primary_key: [id]
    indexes:
      - { name: members_email_uq, columns: [email], unique: true }
  - name: teams
    columns:
      - { name: id, type: integer, nullable: false }
    primary_key: [id]
)yaml");
  const auto plan = ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2"});
  INFO(plan.describe());
  REQUIRE(plan.exit_code == 2);
  CHECK(contains(plan.output(), "duplicate"));

  // The preflight count would refuse the file before it runs (exit 3); this test is about what a
  // failure midway leaves, so it runs the file anyway.
  const auto refused = ws.run("apply", {"--dir", "migrations", "--yes"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  const auto apply = ws.run("apply", {"--dir", "migrations", "--yes", "--no-preflight"});
  INFO(apply.describe());
  CHECK(apply.exit_code == 1);
  CHECK(contains(lower(apply.err), "duplicate"));
  const auto history = ws.history();
  REQUIRE(history.size() == 2);
  CHECK(contains(history[1], "|dirty"));
  CHECK(contains(lower(ws.run("status", {"--dir", "migrations"}).output()), "dirty"));
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 1);

  // Fix the data, then finish the file from the statement that failed.
  ws.exec("DELETE FROM members WHERE id = 3");
  const auto repair = ws.run("repair", {"--dir", "migrations", "--continue", "--yes"});
  INFO(repair.describe());
  REQUIRE(repair.exit_code == 0);
  CHECK(contains(ws.history()[1], "|applied"));
  CHECK(ws.table_exists("teams"));
  CHECK(ws.columns("members") == std::vector<std::string>{"id", "email", "joined_on"});
  require_in_sync(ws, "v2");
}

TEST_CASE("mysql: MariaDB system versioning is read, added, changed under KEEP, removed with its history counted, "
          "rolled back, and drift sees it",
          "[e2e][mysql][features][versioning]")
{
  MyWorkspace ws;
  ws.exec("CREATE TABLE accounts (id int NOT NULL PRIMARY KEY, balance int)");
  ws.exec("CREATE TABLE logs (id int NOT NULL PRIMARY KEY, msg varchar(20), "
          "vf timestamp(6) GENERATED ALWAYS AS ROW START, vt timestamp(6) GENERATED ALWAYS AS ROW END, "
          "PERIOD FOR SYSTEM_TIME (vf, vt)) WITH SYSTEM VERSIONING");
  ws.exec("INSERT INTO accounts VALUES (1, 10), (2, 20)");
  ws.exec("INSERT INTO logs (id, msg) VALUES (1, 'a'), (2, 'b')");
  ws.exec("UPDATE logs SET msg = 'c' WHERE id = 1");
  ws.exec("DELETE FROM logs WHERE id = 2");
  const auto type_of = [&](const std::string& table) {
    return ws.scalar("SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                     "TABLE_NAME = '" + table + "'");
  };
  const auto all_versions = [&](const std::string& table) {
    return ws.scalar("SELECT COUNT(*) FROM " + table + " FOR SYSTEM_TIME ALL");
  };
  // accounts versioned or not; logs in the explicit form with a column `level` more.
  const auto versioned_yaml = [](bool accounts) {
    return std::string("version: 1\ntables:\n  - name: accounts\n    columns:\n") +
           "      - { name: id, type: int }\n      - { name: balance, type: int }\n    primary_key: [id]\n" +
           (accounts ? "    system_versioning: true\n" : "") + R"yaml(  - name: logs
    columns:
      - { name: id, type: int }
      - { name: msg, type: varchar(20) }
      - { name: level, type: int }
      - { name: vf, type: timestamp(6) }
      - { name: vt, type: timestamp(6) }
    primary_key: [id]
    system_versioning: { row_start: vf, row_end: vt }
)yaml";
  };

  // Round trip: inspect writes the explicit form, planning it plans nothing.
  require_exit(ws.run("inspect", {"-o", "live.yaml"}), 0);
  CHECK(contains(ws.read("live.yaml"), "system_versioning: {row_start: vf, row_end: vt}"));
  require_in_sync(ws, "live");

  // accounts becomes versioned; logs gains a column under KEEP and keeps its history.
  plan_and_apply(ws, versioned_yaml(true), "v1");
  const auto up = read_text(ws.migration_file_ending("_v1.up.sql"));
  CHECK(contains(up, "ALTER TABLE `accounts` ADD SYSTEM VERSIONING;"));
  CHECK(contains(up, "SET STATEMENT system_versioning_alter_history=KEEP FOR ALTER TABLE `logs`"));
  CHECK(contains(up, "-- strata: risk low locking L410"));
  CHECK(type_of("accounts") == "SYSTEM VERSIONED");
  CHECK(all_versions("logs") == "3");
  CHECK(ws.columns("logs") == std::vector<std::string>{"id", "msg", "level", "vf", "vt"});
  require_in_sync(ws, "v1");
  ws.exec("UPDATE accounts SET balance = balance + 1");
  CHECK(all_versions("accounts") == "4");

  // Drift sees versioning removed by hand, and is clean once it is back.
  ws.exec("ALTER TABLE accounts DROP SYSTEM VERSIONING");
  const auto drifted = ws.run("drift", {"--schema", "v1.yaml"});
  INFO(drifted.describe());
  CHECK(drifted.exit_code == 2);
  CHECK(contains(drifted.output(), "system versioning of table accounts"));
  ws.exec("ALTER TABLE accounts ADD SYSTEM VERSIONING");
  ws.exec("UPDATE accounts SET balance = balance + 1");
  require_exit(ws.run("drift", {"--schema", "v1.yaml"}), 0);

  // Removing versioning deletes the history rows: counted, destructive, irreversible.
  ws.write("v2.yaml", versioned_yaml(false));
  const auto planned = ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2"});
  INFO(planned.describe());
  REQUIRE(planned.exit_code == 2);
  CHECK(contains(planned.output(), "D105"));
  CHECK(contains(planned.output(), "(2 history rows)"));
  CHECK(contains(read_text(ws.migration_file_ending("_v2.down.sql")), "ALTER TABLE `accounts` ADD SYSTEM VERSIONING"));
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
  CHECK(type_of("accounts") == "BASE TABLE");
  CHECK(ws.rows("SELECT id, balance FROM accounts ORDER BY id") == Rows{row({"1", "12"}), row({"2", "22"})});
  require_in_sync(ws, "v2");

  // The down file adds versioning back, without the history.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(type_of("accounts") == "SYSTEM VERSIONED");
  CHECK(all_versions("accounts") == "2");
  require_in_sync(ws, "v1");
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(type_of("accounts") == "BASE TABLE");
  CHECK(ws.columns("logs") == std::vector<std::string>{"id", "msg", "vf", "vt"});
  CHECK(all_versions("logs") == "3");
  require_in_sync(ws, "live");
}
