#include "cli/output/plan_view_builder.hpp"

#include "cli/output/definition.hpp"
#include "cli/output/difference.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <algorithm>

namespace strata::cli {

namespace {

RiskView risk_view(const schemas::Risk& risk)
{
  return RiskView{std::string(schemas::to_string(risk.kind)), std::string(schemas::to_string(risk.level)),
                  risk.code, risk.message, risk.count, risk.count_label};
}

// A drop and a create of the same object are one change of its definition: both steps show the
// create's expected and the drop's actual definition (equal when the object is only recreated).
void pair_drops_with_creates(std::vector<StepView>& steps)
{
  for (auto& drop : steps) {
    if (drop.expected != k_absent || drop.actual == k_absent) {
      continue;
    }
    for (auto& create : steps) {
      if (&create != &drop && create.object == drop.object && create.actual == k_absent &&
          create.expected != k_absent) {
        drop.expected = create.expected;
        create.actual = drop.actual;
        break;
      }
    }
  }
}

std::vector<DifferenceView> differences_of(const std::vector<StepView>& steps)
{
  std::vector<DifferenceView> out;
  for (const auto& step : steps) {
    auto same = std::find_if(out.begin(), out.end(), [&](const DifferenceView& d) { return d.object == step.object; });
    if (same != out.end()) {
      same->steps.push_back(step.index);
    } else {
      out.push_back(DifferenceView{step.object, step.expected, step.actual, {step.index}});
    }
  }
  std::erase_if(out, [](const DifferenceView& d) { return d.expected == d.actual; });
  return out;
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
    auto difference = difference_of(step.operation, view.engine, &live, &desired);
    out.object = std::move(difference.object);
    out.expected = std::move(difference.expected);
    out.actual = std::move(difference.actual);
    view.steps.push_back(std::move(out));
  }
  pair_drops_with_creates(view.steps);
  view.differences = differences_of(view.steps);
  return view;
}

} // namespace strata::cli
