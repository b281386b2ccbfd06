// The planner and the PostgreSQL renderer together on the real server: a view reading a column
// whose type changes is dropped first and created again after; an enum is created before the
// column that uses it. Every step's statements are executed in plan order.
#include "dialects/postgres/postgres_dialect.hpp"
#include "planner/plan.hpp"
#include "tests/unit/dialects/pg_write_fixture.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

TEST_CASE("postgres plan: view over a retyped column and an enum column apply in order", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id integer PRIMARY KEY, amount integer); INSERT INTO t VALUES (1, 10), (2, 20)");
  c.execute("CREATE VIEW v AS SELECT id, amount FROM t");

  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "integer", false), make_column("amount", "integer")}, {"id"})};
  live.views = {schemas::View{"", "v", "SELECT id, amount FROM t", {}, "", {}}};
  schemas::Schema desired = live;
  desired.tables[0].columns[1] = make_column("amount", "bigint");
  desired.tables[0].columns.push_back(make_column("m", "mood", true, "'ok'::mood"));
  desired.enums = {schemas::Enum{"", "mood", {"ok", "bad"}, {}}};

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  std::vector<std::string> kinds;
  for (const auto& step : plan.steps) {
    kinds.push_back(schemas::operation_kind(step.operation));
  }
  const auto at = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  REQUIRE(at("DropView") < at("AlterColumn"));
  REQUIRE(at("AlterColumn") < at("CreateView"));
  REQUIRE(at("CreateEnum") < at("AddColumn"));

  dialects::RenderContext ctx{&live, &desired};
  for (const auto& step : plan.steps) {
    pg_apply(c, dialect->render(step.operation, ctx));
  }
  CHECK(pg_value(c, "SELECT data_type FROM information_schema.columns WHERE table_name = 'v' AND "
                    "column_name = 'amount'") == "bigint");
  CHECK(pg_value(c, "SELECT sum(amount) || ':' || min(m::text) FROM t") == "30:ok");
  bool rewrite_flagged = false;
  for (const auto& step : plan.steps) {
    for (const auto& risk : step.risks) {
      rewrite_flagged = rewrite_flagged || risk.code == "L311";
    }
  }
  CHECK(rewrite_flagged); // integer -> bigint rewrites t
}
