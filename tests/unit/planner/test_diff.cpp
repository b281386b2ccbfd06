// Name-matched diff of two schemas: no changes for equal schemas, and each operation kind.

#include "planner_support.hpp"

#include "tests/support/model.hpp"
#include "tests/support/schema_yaml.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace {

using namespace strata;
using namespace strata::test;

const std::string k_shop = schema_yaml(
  {keyed_table("users", {"{ name: email, type: varchar(255), nullable: false }", "{ name: name, type: text }"}, R"Y(
indexes:
  - { name: users_email_uq, columns: [email], unique: true }
  - { name: users_lower_email_idx, expressions: ["lower(email)"] }
checks:
  - { name: users_email_at, expression: "email LIKE '%@%'" }
)Y"),
   keyed_table("orders",
               {"{ name: user_id, type: integer, nullable: false }", "{ name: total, type: integer, default: \"0\" }"},
               R"Y(
foreign_keys:
  - { name: orders_user_fk, columns: [user_id], references: { table: users, columns: [id] }, on_delete: cascade }
triggers:
  - { name: orders_guard, definition: "CREATE TRIGGER orders_guard BEFORE DELETE ON orders BEGIN SELECT 1; END" }
)Y")},
  R"Y(views:
  - { name: big_orders, query: "SELECT id, total FROM orders WHERE total > 100" }
)Y");

} // namespace

TEST_CASE("equal schemas give an empty plan", "[planner][diff]")
{
  const auto schema = yaml(k_shop);
  const auto plan = planner::plan(schema, schema, sqlite());
  CHECK(plan.empty());
  CHECK(plan.hints.empty());
  CHECK(plan.summary() == "no changes");
  CHECK(plan.engine == "sqlite");
}

TEST_CASE("a new table carries its constraints, plain indexes are separate steps", "[planner][diff]")
{
  const auto plan = planner::plan({}, yaml(k_shop), sqlite());
  const auto& users = op<schemas::AddTable>(step(plan, "create table users"));
  CHECK(users.table.indexes.empty()); // a unique index (not a constraint) is its own step
  step(plan, "create index users_email_uq on users");
  const auto& orders = op<schemas::AddTable>(step(plan, "create table orders"));
  REQUIRE(orders.table.foreign_keys.size() == 1);
  CHECK(orders.table.foreign_keys[0].name == "orders_user_fk");
  CHECK(orders.table.triggers.size() == 1);
  CHECK(orders.table.indexes.empty());
  step(plan, "create index users_lower_email_idx on users");
  step(plan, "create view big_orders");
  CHECK(plan.steps.size() == 5);
}

TEST_CASE("unique constraints stay inside CREATE TABLE", "[planner][diff]")
{
  const auto desired = yaml(R"Y(
version: 1
tables:
  - name: t
    columns:
      - { name: id, type: integer }
      - { name: code, type: text }
    indexes:
      - { name: t_code_key, columns: [code], constraint: true }
)Y");
  const auto plan = planner::plan({}, desired, sqlite());
  REQUIRE(plan.steps.size() == 1);
  CHECK(op<schemas::AddTable>(plan.steps[0]).table.indexes.size() == 1);
}

TEST_CASE("dropped tables, columns, indexes, triggers and views", "[planner][diff]")
{
  const auto live = yaml(k_shop);
  // users without its name column and expression index; orders and the view gone.
  auto desired = live;
  desired.tables[0].columns.pop_back();
  desired.tables[0].indexes.pop_back();
  desired.tables.pop_back();
  desired.views.clear();
  const auto plan = planner::plan(live, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{
                             "drop view big_orders",
                             "drop index users_lower_email_idx on users",
                             "drop column users.name",
                             "drop table orders",
                           });
  CHECK(op<schemas::DropTable>(step(plan, "drop table orders")).table.triggers.size() == 1);
}

TEST_CASE("added column keeps its place and simple changes stay in place on SQLite", "[planner][diff]")
{
  auto live = yaml(k_shop);
  auto desired = live;
  desired.tables[0].columns.insert(desired.tables[0].columns.begin() + 2, make_column("nickname", "text"));
  desired.tables[0].indexes.push_back(schemas::Index{"users_name_idx", {{"name", "", false, ""}}, false, false, "", "",
                                                     {}, {}});
  desired.views[0].query = "SELECT id, total FROM orders WHERE total > 500";
  desired.tables[1].triggers[0].definition =
    "CREATE TRIGGER orders_guard BEFORE DELETE ON orders BEGIN SELECT 2; END";
  const auto plan = planner::plan(live, desired, sqlite());
  CHECK(op<schemas::AddColumn>(step(plan, "add column users.nickname")).after_column == "email");
  step(plan, "create index users_name_idx on users");
  step(plan, "drop view big_orders");
  step(plan, "create view big_orders");
  step(plan, "drop trigger orders_guard on orders");
  step(plan, "create trigger orders_guard on orders");
  CHECK(plan.steps.size() == 6);
}

TEST_CASE("a changed index is dropped and created again", "[planner][diff]")
{
  auto live = yaml(k_shop);
  auto desired = live;
  desired.tables[0].indexes[1].where = "email IS NOT NULL";
  const auto plan = planner::plan(live, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"drop index users_lower_email_idx on users",
                                                     "create index users_lower_email_idx on users"});
}

TEST_CASE("in-place engines get column, constraint and comment operations", "[planner][diff]")
{
  const test::AlterEverythingDialect dialect;
  auto live = yaml(k_shop);
  auto desired = live;
  auto& users = desired.tables[0];
  users.columns[2].nullable = false;
  users.columns[2].default_value = "'x'";
  users.checks[0].expression = "email LIKE '%@%.%'";
  desired.tables[1].foreign_keys[0].on_delete = "restrict";
  const auto plan = planner::plan(live, desired, dialect);
  const auto& alter = op<schemas::AlterColumn>(step(plan, "alter column users.name"));
  CHECK(alter.changes.nullability);
  CHECK(alter.changes.default_value);
  CHECK_FALSE(alter.changes.type);
  CHECK(alter.before.nullable);
  CHECK_FALSE(alter.after.nullable);
  CHECK(position(plan, "drop check users_email_at on users") < position(plan, "add check users_email_at on users"));
  CHECK(position(plan, "drop foreign key orders_user_fk on orders") <
        position(plan, "add foreign key orders_user_fk on orders"));
  CHECK(plan.steps.size() == 5);
}

TEST_CASE("two tables with an index of the same name: planned on MySQL, refused where index names are per schema",
          "[planner][diff]")
{
  const auto desired = yaml(schema_yaml(
    {keyed_table("users", {"{ name: org_id, type: integer }"}, "indexes:\n  - { name: index_on_org_id, columns: [org_id] }"),
     keyed_table("teams", {"{ name: org_id, type: integer }"},
                 "indexes:\n  - { name: INDEX_ON_ORG_ID, columns: [org_id] }")}));
  const auto steps = described(planner::plan({}, desired, dialects::dialect_for("mysql")));
  CHECK(std::count(steps.begin(), steps.end(), "create table users") == 1);
  try {
    (void)planner::plan({}, desired, sqlite());
    FAIL("SQLite planned two indexes named alike");
  } catch (const SchemaError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message ==
          "table \"teams\": index \"INDEX_ON_ORG_ID\": name already used by table \"users\": index \"index_on_org_id\" at "
          "test.yaml:9:9 (index names are unique per database)");
  }
  // PostgreSQL compares names as written: these two differ there.
  CHECK_FALSE(planner::plan({}, desired, dialects::dialect_for("postgres")).empty());
}

TEST_CASE("a backfilled column of a live table: added NULL-able, filled, then NOT NULL and default", "[planner][diff][backfill]")
{
  const auto live = yaml(schema_yaml({keyed_table("orders", {"{ name: price, type: integer }"})}));
  const auto desired = yaml(schema_yaml(
    {keyed_table("orders", {"{ name: price, type: integer }",
                            "{ name: tier, type: integer, nullable: false, default: \"0\", backfill: \"price / 10\" }"},
                 "checks:\n  - { name: orders_tier, expression: \"tier >= 0\" }")}));
  const auto plan = planner::plan(live, desired, AlterEverythingDialect());
  REQUIRE(described(plan) == std::vector<std::string>{"add column orders.tier",
                                                      "backfill column orders.tier in batches of 5000 keys of id",
                                                      "alter column orders.tier", "add check orders_tier on orders"});
  const auto& added = op<schemas::AddColumn>(plan.steps[0]).column;
  CHECK(added.nullable);
  CHECK_FALSE(added.default_value.has_value());
  const auto& alter = op<schemas::AlterColumn>(plan.steps[2]);
  CHECK(alter.changes.nullability);
  CHECK(alter.changes.default_value);
  CHECK_FALSE(alter.changes.type);
  CHECK(alter.after.default_value == std::optional<std::string>("0"));
  CHECK(codes(plan.steps[2]) == std::vector<std::string>{"DD201"});
  // The down file only drops the column.
  CHECK(plan.steps[2].inverse.empty());
  CHECK(plan.steps[1].inverse.empty());
  REQUIRE(plan.steps[0].inverse.size() == 1);
  CHECK(std::holds_alternative<schemas::DropColumn>(plan.steps[0].inverse[0]));
  // A backfill is not compared: the same table live, with the column, plans nothing.
  auto applied = desired;
  applied.tables[0].columns[2].backfill.reset();
  CHECK(planner::plan(applied, desired, AlterEverythingDialect()).empty());
}

TEST_CASE("a backfilled column of a new table, or a nullable one, needs no NOT NULL step", "[planner][diff][backfill]")
{
  const auto live = yaml(schema_yaml({keyed_table("orders", {"{ name: price, type: integer }"})}));
  const auto desired = yaml(schema_yaml(
    {keyed_table("orders", {"{ name: price, type: integer }", "{ name: note, type: text, backfill: \"'none'\" }"}),
     keyed_table("items", {"{ name: n, type: integer, nullable: false, backfill: \"1\" }"})}));
  const auto plan = planner::plan(live, desired, AlterEverythingDialect());
  CHECK(described(plan) == std::vector<std::string>{"create table items", "add column orders.note",
                                                    "backfill column orders.note in batches of 5000 keys of id"});
}

TEST_CASE("backfill needs a primary key, named at its YAML line, and walks a composite one whole",
          "[planner][diff][backfill]")
{
  const auto live = yaml(R"Y(version: 1
tables:
  - name: ledger
    columns:
      - { name: entry, type: integer }
      - { name: line, type: integer }
  - name: lines
    columns:
      - { name: entry, type: integer }
      - { name: line, type: integer }
    primary_key: [entry, line]
)Y");
  const auto with_backfill = [&](const std::string& table) {
    auto desired = live;
    const auto target = std::find_if(desired.tables.begin(), desired.tables.end(),
                                     [&](const schemas::Table& t) { return t.name == table; });
    REQUIRE(target != desired.tables.end());
    auto column = make_column("doubled", "integer");
    column.backfill = schemas::Backfill{"line * 2", 5000, schemas::SourceLocation{"schema.yaml", 9, 7}};
    target->columns.push_back(column);
    return desired;
  };
  try {
    (void)planner::plan(live, with_backfill("ledger"), AlterEverythingDialect());
    FAIL("planned");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("backfill of column ledger.doubled needs a primary key on ledger") !=
          std::string::npos);
    CHECK(e.location().line == 9);
  }
  const auto plan = planner::plan(live, with_backfill("lines"), AlterEverythingDialect());
  CHECK(described(plan) == std::vector<std::string>{"add column lines.doubled",
                                                    "backfill column lines.doubled in batches of 5000 keys of (entry, line)"});
}

TEST_CASE("a schema of 1200 tables: only the changed tables are diffed, wherever they sit", "[planner][diff]")
{
  // From 1,000 tables the unchanged ones are found in two halves and the two schemas'
  // foreign-key cycles at once: the plan must hold what a table-by-table diff finds.
  const auto tables = [](bool changed) {
    std::vector<std::string> out;
    for (int i = 0; i < 1200; ++i) {
      const std::string name = fmt::format("t{:04}", i);
      if (changed && i == 1199) {
        continue; // dropped
      }
      std::vector<std::string> columns = {"{ name: parent_id, type: integer }", "{ name: label, type: text }"};
      if (changed && i % 100 == 50) {
        columns.push_back("{ name: extra, type: integer }"); // in the first half and in the second
      }
      std::string extra;
      if (i % 10 == 1 || i == 500) { // 500 -> 501 -> 500: a cycle on both sides
        const std::string parent = i == 500 ? "t0501" : fmt::format("t{:04}", i - 1);
        extra = "foreign_keys:\n  - { name: " + name + "_parent, columns: [parent_id], references: { table: " + parent +
                ", columns: [id] } }";
      }
      out.push_back(keyed_table(name, columns, extra));
    }
    if (changed) {
      out.push_back(keyed_table("t1200", {"{ name: label, type: text }"}));
    }
    return schema_yaml(out);
  };
  const auto plan = planner::plan(yaml(tables(false)), yaml(tables(true)), sqlite());
  std::map<std::string, int> kinds;
  std::set<std::string> targets;
  for (const auto& step : plan.steps) {
    ++kinds[std::string(schemas::operation_kind(step.operation))];
    targets.insert(schemas::operation_target(step.operation));
  }
  CHECK(kinds == std::map<std::string, int>{{"AddColumn", 12}, {"AddTable", 1}, {"DropTable", 1}});
  CHECK(targets.contains("t0050.extra"));
  CHECK(targets.contains("t1150.extra"));
  const auto same = yaml(tables(true));
  CHECK(planner::plan(same, same, sqlite()).empty());
}
