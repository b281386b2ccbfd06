#include "cli/output/plan_view_builder.hpp"

#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

namespace strata::cli {

namespace {

RiskView risk_view(const schemas::Risk& risk)
{
  return RiskView{std::string(schemas::to_string(risk.kind)), std::string(schemas::to_string(risk.level)),
                  risk.code, risk.message, risk.count, risk.count_label};
}

} // namespace

PlanView build_plan_view(const planner::Plan& plan, const dialects::Dialect& dialect,
                         const schemas::Schema& live, const schemas::Schema& desired, const std::string& command,
                         bool concurrent_indexes)
{
  PlanView view;
  view.command = command;
  view.engine = plan.engine.empty() ? dialect.name() : plan.engine;
  view.summary = plan.summary();
  view.reversible = plan.reversible();
  view.hints = plan.hints;
  view.operations_by_kind = plan.operations_by_kind();
  for (const auto& [level, count] : plan.risks_by_level()) {
    view.risks_by_level[std::string(schemas::to_string(level))] = count;
  }
  dialects::RenderContext context{&live, &desired};
  context.concurrent_indexes = concurrent_indexes;
  int index = 0;
  for (const auto& step : plan.steps) {
    StepView out;
    out.index = ++index;
    out.kind = schemas::operation_kind(step.operation);
    out.target = schemas::operation_target(step.operation);
    out.description = schemas::describe(step.operation);
    for (const auto& statement : dialect.render(step.operation, context)) {
      out.sql.push_back(statement.sql);
    }
    for (const auto& risk : step.risks) {
      out.risks.push_back(risk_view(risk));
    }
    out.reversible = step.reversible;
    out.irreversible_reason = step.irreversible_reason;
    out.order_reasons = step.order_reasons;
    view.steps.push_back(std::move(out));
  }
  return view;
}

} // namespace strata::cli
