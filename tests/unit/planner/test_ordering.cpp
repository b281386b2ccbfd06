// Dependency graph and deterministic ordering: FKs to new tables, views around column changes,
// renames, FK cycles, determinism and cycle reports.

#include "planner_support.hpp"

#include "planner/graph.hpp"
#include "schemas/error.hpp"
#include "tests/support/schema_yaml.hpp"

namespace {

using namespace strata;
using namespace strata::test;

// Two new tables whose foreign keys point at each other.
const char* const k_team_cycle = R"Y(
version: 1
tables:
  - name: employees
    columns: [{ name: id, type: integer }, { name: team_id, type: integer }]
    foreign_keys: [{ name: employees_team_fk, columns: [team_id], references: { table: teams, columns: [id] } }]
  - name: teams
    columns: [{ name: id, type: integer }, { name: lead_id, type: integer }]
    foreign_keys: [{ name: teams_lead_fk, columns: [lead_id], references: { table: employees, columns: [id] } }]
)Y";

} // namespace

TEST_CASE("a referenced new table is created before the table whose FK points at it", "[planner][ordering]")
{
  const auto desired = yaml(schema_yaml(
    {keyed_table("a_orders", {"{ name: user_id, type: integer }"}, R"Y(
foreign_keys:
  - { name: a_orders_user_fk, columns: [user_id], references: { table: z_users, columns: [id] } }
)Y"),
     keyed_table("z_users", {})}));
  const auto plan = planner::plan({}, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"create table z_users", "create table a_orders"});
  REQUIRE(plan.steps[1].order_reasons.size() == 1);
  CHECK(plan.steps[1].order_reasons[0] ==
        "after create table z_users: a referenced table is in place before foreign keys point at it");
}

TEST_CASE("a view is dropped before the column it reads and created again after", "[planner][ordering]")
{
  const auto live =
    yaml(schema_yaml({keyed_table("items", {"{ name: price, type: integer }", "{ name: legacy, type: text }"})}, R"Y(
views:
  - { name: cheap_items, query: "SELECT id, price FROM items WHERE price < 10" }
  - { name: cheapest, query: "SELECT id FROM cheap_items WHERE price < 2" }
)Y"));
  auto desired = live;
  desired.tables[0].columns.pop_back();
  const auto plan = planner::plan(live, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"drop view cheapest", "drop view cheap_items",
                                                     "drop column items.legacy", "create view cheap_items",
                                                     "create view cheapest"});
}

TEST_CASE("planning twice gives the identical order", "[planner][ordering]")
{
  const auto live = yaml(R"Y(
version: 1
tables:
  - { name: t1, columns: [{ name: id, type: integer }, { name: a, type: text }] }
  - { name: t2, columns: [{ name: id, type: integer }, { name: b, type: text }] }
  - { name: t3, columns: [{ name: id, type: integer }] }
views:
  - { name: v1, query: "SELECT a FROM t1" }
)Y");
  const auto desired = yaml(R"Y(
version: 1
tables:
  - name: t1
    columns: [{ name: id, type: integer }, { name: a, type: varchar(20) }, { name: c, type: text }]
    indexes: [{ name: t1_c_idx, columns: [c] }]
  - name: t2
    columns: [{ name: id, type: integer }]
  - name: t4
    columns: [{ name: id, type: integer }, { name: t1_id, type: integer }]
    foreign_keys: [{ name: t4_t1_fk, columns: [t1_id], references: { table: t1, columns: [id] } }]
    indexes: [{ name: t4_t1_idx, columns: [t1_id] }]
views:
  - { name: v1, query: "SELECT a, c FROM t1" }
)Y");
  const auto first = planner::plan(live, desired, sqlite());
  const auto second = planner::plan(live, desired, sqlite());
  CHECK(described(first) == described(second));
  CHECK(described(first) == std::vector<std::string>{"drop view v1", "rebuild table t1", "create table t4",
                                                      "drop column t2.b", "create index t4_t1_idx on t4",
                                                      "drop table t3", "create view v1"});
  // t4's foreign key points at t1: t1 is rebuilt first.
  CHECK(step(first, "create table t4").order_reasons ==
        std::vector<std::string>{"after rebuild table t1: a referenced table is in place before foreign keys point at it"});
  for (size_t i = 0; i < first.steps.size(); ++i) {
    CHECK(first.steps[i].order_reasons == second.steps[i].order_reasons);
  }
}

TEST_CASE("an FK cycle between new tables stays inline on SQLite", "[planner][ordering]")
{
  const auto desired = yaml(k_team_cycle);
  const auto plan = planner::plan({}, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"create table employees", "create table teams"});
  CHECK(op<schemas::AddTable>(plan.steps[0]).table.foreign_keys.size() == 1);
  CHECK(op<schemas::AddTable>(plan.steps[1]).table.foreign_keys.size() == 1);
}

TEST_CASE("an FK cycle between new tables is detached where ALTER can add FKs", "[planner][ordering]")
{
  const auto desired = yaml(k_team_cycle);
  const test::AlterEverythingDialect dialect;
  const auto plan = planner::plan({}, desired, dialect);
  CHECK(described(plan) == std::vector<std::string>{
                             "create table employees", "create table teams",
                             "add foreign key employees_team_fk on employees", "add foreign key teams_lead_fk on teams"});
  CHECK(op<schemas::AddTable>(plan.steps[0]).table.foreign_keys.empty());
  // Down: inverses in reverse order drop the FKs before the tables.
  const auto back = planner::plan(desired, {}, dialect);
  CHECK(described(back) == std::vector<std::string>{
                             "drop foreign key employees_team_fk on employees",
                             "drop foreign key teams_lead_fk on teams", "drop table employees", "drop table teams"});
}

TEST_CASE("foreign keys are dropped before the table they reference", "[planner][ordering]")
{
  const auto live = yaml(R"Y(
version: 1
tables:
  - name: a_parent
    columns: [{ name: id, type: integer }]
    primary_key: [id]
  - name: b_child
    columns: [{ name: id, type: integer }, { name: parent_id, type: integer }]
    foreign_keys: [{ name: b_child_parent_fk, columns: [parent_id], references: { table: a_parent, columns: [id] } }]
)Y");
  const auto plan = planner::plan(live, {}, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"drop table b_child", "drop table a_parent"});
  CHECK(plan.steps[1].order_reasons ==
        std::vector<std::string>{"after drop table b_child: foreign keys are dropped before the table they reference"});
}

TEST_CASE("a remaining cycle names its objects and reasons", "[planner][ordering]")
{
  schemas::Table a;
  a.name = "a";
  schemas::Table b;
  b.name = "b";
  planner::detail::OperationGraph graph({schemas::AddTable{a}, schemas::AddTable{b}});
  graph.add_order(0, 1, "first reason");
  graph.add_order(1, 0, "second reason");
  try {
    static_cast<void>(graph.order());
    FAIL("expected a cycle error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::internal);
    const std::string text = e.what();
    CHECK_THAT(text, Catch::Contains("cycle between table:a:create, table:b:create"));
    CHECK_THAT(text, Catch::Contains("table:a:create before table:b:create: first reason"));
    CHECK_THAT(text, Catch::Contains("table:b:create before table:a:create: second reason"));
  }
}

TEST_CASE("ties break by priority, then by stable key", "[planner][ordering]")
{
  schemas::Table t;
  t.name = "t";
  schemas::View v;
  v.name = "v";
  planner::detail::OperationGraph graph({schemas::CreateView{v}, schemas::DropTable{t}, schemas::DropView{v},
                                         schemas::AddTable{t}});
  CHECK(graph.order() == std::vector<size_t>{2, 3, 1, 0});
}
