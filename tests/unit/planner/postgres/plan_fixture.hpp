#pragma once
// Helpers of the PostgreSQL planner tests: a plan's operation kinds in step order, and a plan run
// up (its steps) or down (the steps' inverses, last first) on the real test server.

#include "dialects/postgres/postgres_dialect.hpp"
#include "planner/plan.hpp"
#include "tests/unit/dialects/postgres/write_fixture.hpp"

#include <string>
#include <vector>

namespace strata::test {

// "CreateSchema", "AddTable", ... in step order.
inline std::vector<std::string> kinds(const planner::Plan& plan)
{
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(schemas::operation_kind(step.operation));
  }
  return out;
}

// Renders and runs the plan's up steps (`down` false) or its down file's (`down` true).
inline void apply_plan(dialects::postgres::PostgresConnection& c, const planner::Plan& plan,
                       const schemas::Schema& live, const schemas::Schema& desired, bool down)
{
  const auto& dialect = dialects::postgres::dialect();
  dialects::RenderContext ctx{down ? &desired : &live, down ? &live : &desired};
  if (!down) {
    for (const auto& step : plan.steps) {
      pg_apply(c, dialect.render(step.operation, ctx));
    }
    return;
  }
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& op : step->inverse) {
      pg_apply(c, dialect.render(op, ctx));
    }
  }
}

} // namespace strata::test
