// The planner and the PostgreSQL renderer on the real server, up and down: a migration creating an
// enum and the tables/columns using it rolls back (tables and columns before the enum), and a
// bit(8) default written as PostgreSQL prints it ('...'::"bit") keeps its value through
// normalize/plan/render/apply.
#include "dialects/postgres/postgres_dialect.hpp"
#include "planner/plan.hpp"
#include "tests/unit/dialects/pg_write_fixture.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

namespace {

void apply_up(dialects::postgres::PostgresConnection& c, const planner::Plan& plan, const dialects::Dialect& dialect,
              const schemas::Schema& live, const schemas::Schema& desired)
{
  dialects::RenderContext ctx{&live, &desired};
  for (const auto& step : plan.steps) {
    pg_apply(c, dialect.render(step.operation, ctx));
  }
}

// As the writer builds the down file: steps in reverse, each step's inverse in its own order.
void apply_down(dialects::postgres::PostgresConnection& c, const planner::Plan& plan,
                const dialects::Dialect& dialect, const schemas::Schema& live, const schemas::Schema& desired)
{
  dialects::RenderContext ctx{&desired, &live};
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& op : step->inverse) {
      pg_apply(c, dialect.render(op, ctx));
    }
  }
}

} // namespace

TEST_CASE("postgres down file drops the tables and columns using an enum before the enum", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE people (id integer PRIMARY KEY)");
  schemas::Schema live;
  live.tables = {make_table("people", {make_column("id", "integer", false)}, {"id"})};

  schemas::Schema desired = live;
  desired.enums = {schemas::Enum{"", "country", {"fr", "de"}, {}},
                   schemas::Enum{"geo", "region", {"north", "south"}, {}}};
  desired.tables.push_back(make_table("addresses",
                                    {make_column("id", "integer", false), make_column("country", "country", false),
                                     make_column("visited", "country[]"), make_column("region", "geo.region")},
                                    {"id"}, "geo"));
  desired.tables[0].columns.push_back(make_column("home", "country", true, "'fr'::country"));

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  apply_up(c, plan, *dialect, live, desired);
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname IN ('country', 'region')") == "2");

  apply_down(c, plan, *dialect, live, desired);
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname IN ('country', 'region')") == "0");
  CHECK(pg_value(c, "SELECT to_regclass('geo.addresses') IS NULL") == "t");
  CHECK(pg_value(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'people'") == "1");

  // The down file's own plan order agrees: every DropTable/DropColumn comes before the DropEnum.
  std::vector<std::string> down;
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& op : step->inverse) {
      down.push_back(schemas::operation_kind(op));
    }
  }
  const auto first_drop_enum = std::find(down.begin(), down.end(), "DropEnum");
  CHECK(std::find(first_drop_enum, down.end(), "DropTable") == down.end());
  CHECK(std::find(first_drop_enum, down.end(), "DropColumn") == down.end());
}

TEST_CASE("postgres bit(8) default '00011111'::\"bit\" keeps its value through plan, render and apply",
          "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  schemas::Schema desired;
  desired.tables = {make_table("flags", {make_column("id", "integer", false),
                                       make_column("mask", "bit(8)", false, "'00011111'::\"bit\"")},
                             {"id"})};
  const auto* dialect = &dialects::postgres::dialect();
  const auto normalized = dialect->normalize(desired);
  CHECK(*normalized.tables[0].columns[1].default_value == "'00011111'::\"bit\"");

  const auto plan = planner::plan(live, desired, *dialect);
  apply_up(c, plan, *dialect, live, desired);
  c.execute("INSERT INTO flags (id) VALUES (1)");
  CHECK(pg_value(c, "SELECT mask::text FROM flags") == "00011111");
  const std::string stored =
    pg_value(c, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'flags'::regclass");
  CHECK(stored == "'00011111'::\"bit\"");

  // The catalog read back equals the desired schema: nothing to plan.
  schemas::Schema after = desired;
  after.tables[0].columns[1].default_value = stored;
  CHECK(planner::plan(after, desired, *dialect).empty());
  // Other keywords that read differently bare stay quoted as well; plain names lose their quotes.
  schemas::Schema keywords;
  keywords.tables = {make_table("k", {make_column("a", "integer", true, "\"int\"(1)"),
                                    make_column("b", "text", true, "\"user\""), make_column("c", "text", true, "\"plain\"")})};
  const auto k = dialect->normalize(keywords);
  CHECK(*k.tables[0].columns[0].default_value == "\"int\"(1)");
  CHECK(*k.tables[0].columns[1].default_value == "\"user\"");
  CHECK(*k.tables[0].columns[2].default_value == "plain");
}

TEST_CASE("postgres enum value rename plans as a recreate that keeps the column and its rows", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TYPE mood AS ENUM ('ok', 'meh'); CREATE TABLE t (id integer PRIMARY KEY, m mood DEFAULT "
            "'ok'::mood); INSERT INTO t VALUES (1, 'ok'), (2, NULL)");
  schemas::Schema live;
  live.enums = {schemas::Enum{"", "mood", {"ok", "meh"}, {}}};
  live.tables = {make_table("t", {make_column("id", "integer", false), make_column("m", "mood", true, "'ok'::mood")},
                          {"id"})};
  schemas::Schema desired = live;
  desired.enums[0].values = {"ok", "fine"}; // 'meh' renamed: PostgreSQL's RENAME VALUE is not modeled

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  std::vector<std::string> kinds;
  for (const auto& step : plan.steps) {
    kinds.push_back(schemas::operation_kind(step.operation));
  }
  CHECK(kinds == std::vector<std::string>{"DropEnum", "CreateEnum"});
  apply_up(c, plan, *dialect, live, desired);
  CHECK(pg_value(c, "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t "
                    "ON t.oid = e.enumtypid WHERE t.typname = 'mood'") == "ok,fine");
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname LIKE 'mood%'") == "1");
  c.execute("INSERT INTO t (id) VALUES (3)");
  CHECK(pg_value(c, "SELECT string_agg(coalesce(m::text, '-'), ',' ORDER BY id) FROM t") == "ok,-,ok");

  apply_down(c, plan, *dialect, live, desired);
  CHECK(pg_value(c, "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t "
                    "ON t.oid = e.enumtypid WHERE t.typname = 'mood'") == "ok,meh");
}
