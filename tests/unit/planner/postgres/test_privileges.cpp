// Managed privileges through the planner: SetPrivileges only where both schemas manage them, after
// the object they name, REVOKE then GRANT, a new function's EXECUTE to PUBLIC revoked when not
// listed, BI407 on what a role loses (a recreated view's old grants included), the down file
// granting a dropped object's privileges again, and a grant to an unknown role refused at its line.
#include "dialects/postgres/postgres_dialect.hpp"
#include "schemas/error.hpp"
#include "tests/unit/planner/planner_support.hpp"
#include "tests/unit/planner/postgres/plan_fixture.hpp"

using namespace strata;
using namespace strata::test;

namespace {

const char* const k_live = R"y(
version: 1
privileges: managed
tables:
  - name: orders
    columns: [{ name: id, type: integer }]
    grants: [{ role: reader, privileges: [SELECT, INSERT] }]
  - name: old
    columns: [{ name: id, type: integer }]
    grants: [{ role: reader, privileges: [SELECT] }]
views:
  - { name: recent, query: "SELECT id FROM orders", grants: [{ role: reader, privileges: [SELECT] }, { role: writer, privileges: [SELECT] }] }
)y";

const char* const k_desired = R"y(
version: 1
privileges: managed
tables:
  - name: orders
    columns: [{ name: id, type: integer }]
    grants: [{ role: reader, privileges: [select] }, { role: writer, privileges: [DELETE], with_grant_option: true }]
views:
  - { name: recent, query: "SELECT id FROM orders WHERE id > 0", grants: [{ role: reader, privileges: [SELECT] }] }
functions:
  - name: touch
    definition: "CREATE FUNCTION touch() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$"
)y";

schemas::Schema live_schema()
{
  auto live = yaml(k_live);
  live.roles = {"reader", "writer"};
  return live;
}

std::string sql_of(const planner::Step& step)
{
  dialects::RenderContext ctx;
  return pg_sql(dialects::postgres::dialect().render(step.operation, ctx));
}

} // namespace

TEST_CASE("managed privileges plan GRANT and REVOKE after their objects, with BI407 on what a role loses",
          "[planner][postgres][privileges]")
{
  const auto plan = planner::plan(live_schema(), yaml(k_desired), dialects::postgres::dialect());
  const auto& orders = step(plan, "change privileges on table orders");
  CHECK(sql_of(orders) == "REVOKE INSERT ON TABLE \"orders\" FROM \"reader\";\n"
                          "GRANT DELETE ON TABLE \"orders\" TO \"writer\" WITH GRANT OPTION;\n");
  CHECK(codes(orders) == std::vector<std::string>{"BI407"});
  REQUIRE(orders.inverse.size() == 1);
  {
    dialects::RenderContext ctx;
    CHECK(pg_sql(dialects::postgres::dialect().render(orders.inverse[0], ctx)) ==
          "REVOKE DELETE ON TABLE \"orders\" FROM \"writer\";\nGRANT INSERT ON TABLE \"orders\" TO \"reader\";\n");
  }

  // A new function gets EXECUTE to PUBLIC from PostgreSQL: not listed, it is revoked, without a risk.
  const auto& touch = step(plan, "change privileges on function touch()");
  CHECK(position(plan, "create function touch()") < position(plan, "change privileges on function touch()"));
  CHECK(sql_of(touch) == "REVOKE EXECUTE ON ROUTINE \"touch\"() FROM PUBLIC;\n");
  CHECK(codes(touch).empty());

  // The view is created again (its query changes): its grants come back after it, and what the old
  // one had that the new one does not (writer's SELECT) is BI407.
  const auto& recent = step(plan, "change privileges on view recent");
  CHECK(position(plan, "create view recent") < position(plan, "change privileges on view recent"));
  CHECK(sql_of(recent) == "GRANT SELECT ON TABLE \"recent\" TO \"reader\";\n");
  REQUIRE(recent.risks.size() == 1);
  CHECK(recent.risks[0].message.find("SELECT revoked from writer") != std::string::npos);

  // The dropped table's down file creates it and grants again what it had.
  const auto& old = step(plan, "drop table old");
  REQUIRE_FALSE(old.inverse.empty());
  const auto* regrant = std::get_if<schemas::SetPrivileges>(&old.inverse.back());
  REQUIRE(regrant != nullptr);
  CHECK(regrant->after == std::vector<schemas::Grant>{schemas::Grant{"reader", {"SELECT"}, false, {}}});
}

TEST_CASE("privileges are compared only where both schemas manage them", "[planner][postgres][privileges]")
{
  auto live = live_schema();
  auto desired = yaml(k_desired);
  desired.privileges_managed = false; // the grants lists are then ignored (the loader refuses them in a file)
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  for (const auto& kind : kinds(plan)) {
    CHECK(kind != "SetPrivileges");
  }
  for (const auto& step : plan.steps) {
    for (const auto& inverse : step.inverse) {
      CHECK_FALSE(std::holds_alternative<schemas::SetPrivileges>(inverse));
    }
  }
  CHECK(planner::plan(live, live, dialects::postgres::dialect()).empty());
}

TEST_CASE("a grant to a role the server does not have is refused at plan time, at its line",
          "[planner][postgres][privileges]")
{
  auto live = live_schema();
  live.roles = {"reader"};
  try {
    (void)planner::plan(live, yaml(k_desired), dialects::postgres::dialect());
    FAIL("planned a grant to a missing role");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("table orders: grant to role \"writer\", which does not exist on the server") !=
          std::string::npos);
    CHECK(e.location().line == 7); // the writer grant (line 1 is the text's leading blank line)
  }
}
