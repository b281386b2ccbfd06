// PostgreSQL schemas (namespaces) through the planner: created before what goes into them (an
// extension too), dropped after what leaves them, the down file dropping only the schemas its up
// file created, comments in place; plans applied up and down on the real server, read back
// through the reader with the schemas it reads.
#include "dialects/postgres/postgres_dialect.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "tests/unit/planner/postgres/plan_fixture.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

namespace {

// Position of the first step of `kind` (the end when there is none).
long at(const std::vector<std::string>& order, const std::string& kind)
{
  return std::find(order.begin(), order.end(), kind) - order.begin();
}

const char* k_namespaces = "SELECT coalesce(string_agg(nspname || '=' || coalesce(obj_description(oid, 'pg_namespace'), ''), "
                           "',' ORDER BY nspname), '') FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname "
                           "NOT IN ('information_schema', 'public')";

schemas::Schema read(dialects::postgres::PostgresConnection& c, std::vector<std::string> extra)
{
  introspect::ReadOptions options;
  options.extra_schemas = std::move(extra);
  return introspect::read_schema(c, dialects::postgres::dialect(), options);
}

} // namespace

TEST_CASE("a schema is created before the table, domain and extension put in it, the down file drops it after them",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  const schemas::Schema live = read(c, {"audit", "ext", "empty"});
  CHECK(live.namespaces.empty()); // none of them exists yet
  schemas::Schema desired;
  desired.namespaces = {schemas::Namespace{"audit", "the audit trail", {}}, schemas::Namespace{"empty", "", {}}};
  auto events = make_table("events", {make_column("id", "integer", false)}, {"id"});
  events.schema = "audit";
  desired.tables = {events};
  desired.extensions = {schemas::Extension{"citext", "ext", "", {}}};
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  const auto order = kinds(plan);
  REQUIRE(std::count(order.begin(), order.end(), "CreateSchema") == 3); // audit and empty listed, ext named
  CHECK(at(order, "CreateSchema") < at(order, "CreateExtension"));
  CHECK(std::find(order.begin() + at(order, "CreateExtension"), order.end(), "CreateSchema") == order.end());
  CHECK(at(order, "CreateExtension") < at(order, "AddTable"));
  for (const auto& step : plan.steps) {
    if (std::holds_alternative<schemas::CreateSchema>(step.operation)) {
      REQUIRE(step.inverse.size() == 1);
      CHECK(std::holds_alternative<schemas::DropSchema>(step.inverse[0]));
    }
  }
  apply_plan(c, plan, live, desired, false);
  CHECK(pg_value(c, k_namespaces) == "audit=the audit trail,empty=,ext=");
  const auto after = read(c, {"audit", "ext", "empty"});
  CHECK(after.namespaces == std::vector<schemas::Namespace>{{"audit", "the audit trail", {}}, {"empty", "", {}},
                                                            {"ext", "", {}}});
  CHECK(planner::plan(after, desired, dialects::postgres::dialect()).empty()); // ext implicit: not dropped
  apply_plan(c, plan, live, desired, true);
  CHECK(pg_value(c, k_namespaces).empty());
}

TEST_CASE("a schema read but no longer listed or named goes after its last table (BI401), one listed stays, the "
          "down file puts both back",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE SCHEMA audit; COMMENT ON SCHEMA audit IS 'trail'; CREATE TABLE audit.events (id integer PRIMARY "
            "KEY); CREATE VIEW audit.recent AS SELECT id FROM audit.events; CREATE SCHEMA keep;");
  const schemas::Schema live = read(c, {"audit", "keep"}); // as --schema-name public,audit,keep reads them
  REQUIRE(live.namespaces.size() == 2);
  schemas::Schema desired;
  desired.namespaces = {schemas::Namespace{"keep", "", {}}};
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  const auto order = kinds(plan);
  CHECK(order == std::vector<std::string>{"DropView", "DropTable", "DropSchema"});
  const auto& drop = plan.steps.back();
  REQUIRE(drop.risks.size() == 1);
  CHECK(drop.risks[0].code == "BI401");
  CHECK(std::get<schemas::DropSchema>(drop.operation).schema.name == "audit");
  apply_plan(c, plan, live, desired, false);
  CHECK(pg_value(c, k_namespaces) == "keep=");
  CHECK(planner::plan(read(c, {"audit", "keep"}), desired, dialects::postgres::dialect()).empty());
  apply_plan(c, plan, live, desired, true);
  CHECK(pg_value(c, k_namespaces) == "audit=trail,keep=");
  CHECK(pg_value(c, "SELECT count(*) FROM audit.recent") == "0");
}

TEST_CASE("DROP SCHEMA has no CASCADE: a schema holding what strata does not read makes the step fail, naming it",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE SCHEMA handmade; CREATE COLLATION handmade.mine FROM \"C\";");
  const schemas::Schema live = read(c, {"handmade"});
  const auto plan = planner::plan(live, schemas::Schema{}, dialects::postgres::dialect());
  REQUIRE(kinds(plan) == std::vector<std::string>{"DropSchema"});
  dialects::RenderContext ctx{&live, nullptr};
  const auto statements = dialects::postgres::dialect().render(plan.steps[0].operation, ctx);
  CHECK(pg_sql(statements) == "DROP SCHEMA \"handmade\";\n");
  try {
    pg_apply(c, statements);
    FAIL("DROP SCHEMA of a schema holding a collation succeeded");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("handmade") != std::string::npos);
  }
  CHECK(pg_value(c, k_namespaces) == "handmade=");
}

TEST_CASE("the default schema: never created or dropped, its comment compared only when the YAML sets one",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  const schemas::Schema live = read(c, {});
  CHECK(live.namespaces.empty()); // 'standard public schema' is PostgreSQL's, not the user's
  schemas::Schema desired;
  desired.namespaces = {schemas::Namespace{"", "", {}}}; // `- public` alone
  CHECK(planner::plan(live, desired, dialects::postgres::dialect()).empty());
  desired.namespaces = {schemas::Namespace{"", "The application", {}}};
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  REQUIRE(kinds(plan) == std::vector<std::string>{"SetObjectComment"});
  apply_plan(c, plan, live, desired, false);
  CHECK(pg_value(c, "SELECT obj_description('public'::regnamespace, 'pg_namespace')") == "The application");
  const auto after = read(c, {});
  CHECK(after.namespaces == std::vector<schemas::Namespace>{{"", "The application", {}}});
  CHECK(planner::plan(after, desired, dialects::postgres::dialect()).empty());
  CHECK(planner::plan(after, schemas::Schema{}, dialects::postgres::dialect()).empty()); // not listed: kept
}
