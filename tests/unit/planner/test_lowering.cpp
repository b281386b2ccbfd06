// Capability-driven lowering on the real SQLite dialect: changes ALTER TABLE cannot express
// become one RebuildTable holding every change of that table.

#include "planner_support.hpp"

#include "tests/support/model.hpp"
#include "tests/support/schema_yaml.hpp"

namespace {

using namespace strata;
using namespace strata::test;

const std::string k_orders =
  keyed_table("orders", {"{ name: user_id, type: integer }", "{ name: total, type: integer }"});

const std::string k_lowering_live = schema_yaml(
  {keyed_table("users", {"{ name: email, type: varchar(255) }", "{ name: name, type: text }"},
               "indexes:\n  - { name: users_name_idx, columns: [name] }"),
   k_orders});

schemas::Schema live()
{
  return yaml(k_lowering_live);
}

} // namespace

TEST_CASE("a type change rebuilds the table on SQLite", "[planner][lowering]")
{
  auto desired = live();
  desired.tables[0].columns[1].type = schemas::ColumnType::parse("varchar(100)");
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"rebuild table users"});
  const auto& rebuild = op<schemas::RebuildTable>(plan.steps[0]);
  CHECK(rebuild.before.columns[1].type.str() == "varchar(255)");
  CHECK(rebuild.after.columns[1].type.str() == "varchar(100)");
  CHECK(rebuild.column_sources ==
        std::vector<std::pair<std::string, std::string>>{{"id", "id"}, {"email", "email"}, {"name", "name"}});
  CHECK(rebuild.reasons == std::vector<std::string>{"alter column users.email"});
  CHECK(codes(plan.steps[0]) == std::vector<std::string>{"D103", "DD205", "L301"});
}

TEST_CASE("NOT NULL, foreign key and check changes rebuild, the rebuild holds them all", "[planner][lowering]")
{
  auto desired = live();
  auto& orders = desired.tables[1];
  orders.columns[1].nullable = false;
  orders.foreign_keys.push_back(test::foreign_key("orders_user_fk", {"user_id"}, "users", {"id"}));
  orders.checks.push_back(schemas::Check{"orders_total_positive", "total >= 0", {}});
  orders.columns.push_back(make_column("note", "text"));
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"rebuild table orders"});
  const auto& rebuild = op<schemas::RebuildTable>(plan.steps[0]);
  CHECK(rebuild.reasons.size() == 3);
  CHECK(rebuild.column_sources.size() == 3); // note is new: no source
  CHECK(codes(plan.steps[0]) == std::vector<std::string>{"DD201", "DD203", "DD204", "L301"});
}

TEST_CASE("an ALTER-friendly change stays in place", "[planner][lowering]")
{
  auto desired = live();
  desired.tables[1].columns.push_back(make_column("note", "text", true, "'none'"));
  desired.tables[0].indexes.clear();
  const auto plan = planner::plan(live(), desired, sqlite());
  CHECK(described(plan) ==
        std::vector<std::string>{"drop index users_name_idx on users", "add column orders.note"});
}

TEST_CASE("a rebuilt table's plain indexes come with the rebuild", "[planner][lowering]")
{
  auto desired = live();
  desired.tables[0].columns[2].nullable = false;
  desired.tables[0].indexes.push_back(schemas::Index{"users_email_idx", {{"email", "", false, ""}}, false, false, "",
                                                     "", {}, {}});
  const auto plan = planner::plan(live(), desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"rebuild table users"});
  CHECK(op<schemas::RebuildTable>(plan.steps[0]).after.indexes.size() == 2);
}

TEST_CASE("a renamed table is renamed first and rebuilt under its new name", "[planner][lowering]")
{
  // users renamed to members, its email made NOT NULL (a rebuild), its name renamed.
  const auto desired = yaml(schema_yaml(
    {keyed_table("members",
                 {"{ name: email, type: varchar(255), nullable: false }",
                  "{ name: full_name, type: text, renamed_from: name }"},
                 "renamed_from: users\nindexes:\n  - { name: users_name_idx, columns: [full_name] }"),
     k_orders}));
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"rename table users to members", "rebuild table members"});
  const auto& rebuild = op<schemas::RebuildTable>(plan.steps[1]);
  CHECK(rebuild.before.name == "members");
  CHECK(rebuild.before.columns[2].name == "name");
  CHECK(rebuild.column_sources == std::vector<std::pair<std::string, std::string>>{
                                    {"id", "id"}, {"email", "email"}, {"full_name", "name"}});
  // The probe runs on the live database, before the rename: live names.
  const auto& measurements = plan.steps[1].measurements;
  REQUIRE(measurements.size() == 1);
  CHECK(measurements[0].probe.table.name == "users");
  CHECK(measurements[0].probe.columns == std::vector<std::string>{"email"});
  CHECK(position(plan, "rename table users to members") < position(plan, "rebuild table members"));
}

TEST_CASE("a primary key change rebuilds", "[planner][lowering]")
{
  auto desired = live();
  desired.tables[1].primary_key = {"id", "user_id"};
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"rebuild table orders"});
  // Primary key columns keep their declared nullability in SQLite's normal form (the catalog
  // records NOT NULL only when written), so the key change is the only reason.
  CHECK(op<schemas::RebuildTable>(plan.steps[0]).reasons ==
        std::vector<std::string>{"primary key of orders changes"});
}

TEST_CASE("an engine without ALTER and without rebuild refuses clearly", "[planner][lowering]")
{
  struct NoAlterDialect final : dialects::Dialect {
    NoAlterDialect() : dialects::Dialect(sqlite())
    {
      name = "noalter";
      capabilities = {};
      can_alter_in_place = [](const dialects::AlterQuestion&) { return false; };
      engine_risks_in_context = [](const schemas::Operation&, const dialects::RiskContext&) {
        return std::vector<schemas::Risk>{};
      };
    }
  };
  auto desired = live();
  desired.tables[0].columns[1].nullable = false;
  const NoAlterDialect dialect;
  CHECK_THROWS_WITH(planner::plan(live(), desired, dialect),
                    Catch::Contains("noalter cannot express these changes of table users: alter column users.email"));
}

TEST_CASE("names differing only in case are one object on SQLite", "[planner][case]")
{
  // SQLite refuses CREATE TABLE users next to USERS: the plan must change USERS, not add users.
  schemas::Schema live_schema;
  live_schema.tables.push_back(make_table("USERS", {make_column("Id", "integer"), make_column("Old", "text")}, {"Id"}));

  auto desired = live_schema;
  desired.tables[0].name = "users";
  desired.tables[0].columns[0].name = "id";
  desired.tables[0].primary_key = {"id"};
  desired.tables[0].columns[1].name = "old";
  CHECK(planner::plan(live_schema, desired, sqlite()).empty());

  desired.tables[0].columns.pop_back();
  const auto plan = planner::plan(live_schema, desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"drop column USERS.Old"});
}

TEST_CASE("a backfilled column is added in place before the rebuild that makes it NOT NULL", "[planner][lowering][backfill]")
{
  const auto desired = yaml(schema_yaml(
    {keyed_table("users", {"{ name: email, type: varchar(255) }", "{ name: name, type: text }"},
                 "indexes:\n  - { name: users_name_idx, columns: [name] }"),
     keyed_table("orders", {"{ name: user_id, type: integer }", "{ name: total, type: bigint }",
                            "{ name: total_cents, type: bigint, nullable: false, backfill: \"total * 100\", "
                            "backfill_batch: 500 }"})}));
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"add column orders.total_cents",
                                                      "backfill column orders.total_cents in batches of 500 keys of id",
                                                      "rebuild table orders"});
  const auto& added = op<schemas::AddColumn>(plan.steps[0]).column;
  CHECK(added.nullable);
  const auto& fill = op<schemas::BackfillColumn>(plan.steps[1]);
  CHECK(fill.expression == "total * 100");
  CHECK(fill.keys == std::vector<std::string>{"id"});
  CHECK(fill.batch == 500);
  // The rebuild (the NOT NULL, total widened) copies the filled column with the others.
  const auto& rebuild = op<schemas::RebuildTable>(plan.steps[2]);
  REQUIRE(rebuild.before.find_column("total_cents") != nullptr);
  CHECK(rebuild.before.find_column("total_cents")->nullable);
  CHECK_FALSE(rebuild.after.find_column("total_cents")->nullable);
  CHECK(rebuild.column_sources == std::vector<std::pair<std::string, std::string>>{
                                    {"id", "id"}, {"user_id", "user_id"}, {"total", "total"},
                                    {"total_cents", "total_cents"}});
  // The NOT NULL fails only where the expression is NULL: counted, and checked before apply.
  CHECK(codes(plan.steps[2]) == std::vector<std::string>{"DD201", "L301"});
  REQUIRE(plan.steps[2].measurements.size() >= 1);
  const auto& probe = plan.steps[2].measurements.back();
  CHECK(probe.preflight);
  CHECK(probe.probe.kind == dialects::ProbeQuery::Kind::violating_check);
  CHECK(probe.probe.expression == "(total * 100) IS NOT NULL");
  // The step itself has nothing to undo: the down file drops the column.
  CHECK(plan.steps[1].inverse.empty());
  CHECK(plan.steps[1].reversible);
  REQUIRE(plan.steps[0].inverse.size() == 1);
  CHECK(std::holds_alternative<schemas::DropColumn>(plan.steps[0].inverse[0]));
}

TEST_CASE("a rebuild that only makes backfilled columns NOT NULL is undone by dropping them", "[planner][lowering][backfill]")
{
  const auto desired = yaml(schema_yaml(
    {keyed_table("users", {"{ name: email, type: varchar(255) }", "{ name: name, type: text }"},
                 "indexes:\n  - { name: users_name_idx, columns: [name] }"),
     keyed_table("orders", {"{ name: user_id, type: integer }", "{ name: total, type: integer }",
                            "{ name: total_cents, type: bigint, nullable: false, backfill: \"total * 100\" }"})}));
  const auto plan = planner::plan(live(), desired, sqlite());
  REQUIRE(described(plan) == std::vector<std::string>{"add column orders.total_cents",
                                                      "backfill column orders.total_cents in batches of 5000 keys of id",
                                                      "rebuild table orders"});
  CHECK(plan.steps[2].inverse.empty());
  CHECK(plan.steps[2].reversible);
  REQUIRE(plan.steps[0].inverse.size() == 1);
  CHECK(std::holds_alternative<schemas::DropColumn>(plan.steps[0].inverse[0]));
  // With another change of the table in the rebuild, the down file rebuilds it back first.
  auto retyped = desired;
  retyped.tables[1].columns[2].type = schemas::ColumnType::parse("text");
  const auto other = planner::plan(live(), retyped, sqlite());
  const auto& rebuild = step(other, "rebuild table orders");
  REQUIRE(rebuild.inverse.size() == 1);
  CHECK(std::holds_alternative<schemas::RebuildTable>(rebuild.inverse[0]));
}
