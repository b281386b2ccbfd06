#include "cli/output/plan_view_builder.hpp"

#include "cli/output/diagram.hpp"
#include "workflows/touched.hpp"

#include "cli/output/definition.hpp"
#include "cli/output/difference.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <algorithm>

namespace strata::cli {

namespace {

RiskView risk_view(const schemas::Risk& risk)
{
  RiskView view{std::string(schemas::to_string(risk.kind)), std::string(schemas::to_string(risk.level)),
                risk.code, risk.message, risk.count, risk.count_label};
  view.table_bytes = risk.table_bytes;
  view.table_rows_estimate = risk.table_rows_estimate;
  return view;
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

PlanView build_plan_view(const workflows::Planned& planned, const migrations::RenderedPlan& rendered,
                         const dialects::Rendering& dialect, const std::string& command, bool differences)
{
  const auto& [live, desired, plan] = planned;
  PlanView view;
  view.command = command;
  view.engine = plan.engine.empty() ? dialect.name : plan.engine;
  view.summary = plan.summary();
  view.reversible = plan.reversible();
  view.hints = plan.hints;
  view.operations_by_kind = plan.operations_by_kind();
  for (const auto& [level, count] : plan.risks_by_level()) {
    view.risks_by_level[std::string(schemas::to_string(level))] = count;
  }
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& step = plan.steps[i];
    StepView out;
    out.index = static_cast<int>(i) + 1;
    out.kind = schemas::operation_kind(step.operation);
    out.target = schemas::operation_target(step.operation);
    out.description = schemas::describe(step.operation);
    for (const auto& statement : rendered.steps.at(i).up.statements) {
      out.sql.push_back(statement.sql);
    }
    for (size_t r = 0; r < step.risks.size(); ++r) {
      out.risks.push_back(risk_view(step.risks[r]));
      out.risks.back().will_fail = step.will_fail(r);
    }
    out.reversible = step.reversible;
    out.irreversible_reason = step.irreversible_reason;
    out.order_reasons = step.order_reasons;
    for (const size_t before : step.after) {
      // Each edge's reason reads "after <the earlier step>: <why>" (planner::Step::order_reasons).
      const std::string prefix = "after " + schemas::describe(plan.steps.at(before).operation) + ": ";
      const auto reason = std::find_if(step.order_reasons.begin(), step.order_reasons.end(),
                                       [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
      out.after.push_back(static_cast<int>(before) + 1);
      out.after_reasons.push_back(reason == step.order_reasons.end() ? std::string() : reason->substr(prefix.size()));
    }
    if (differences) {
      auto difference = difference_of(step.operation, view.engine, &live, &desired);
      out.object = std::move(difference.object);
      out.expected = std::move(difference.expected);
      out.actual = std::move(difference.actual);
    }
    view.steps.push_back(std::move(out));
  }
  if (differences) {
    pair_drops_with_creates(view.steps);
    view.differences = differences_of(view.steps);
    view.diagram = render_mermaid_er(workflows::touched_schema(plan, desired, live));
  }
  return view;
}

void place_steps(PlanView& view, const migrations::RenderedPlan& rendered, const migrations::WrittenFiles& files)
{
  view.files = FilesView{files.up.string(), files.down.string()};
  for (size_t i = 0; i < view.steps.size() && i < rendered.steps.size(); ++i) {
    const auto& step = rendered.steps[i];
    // followers holds the up and the down file of each follower.
    const size_t up_file = 2 * (step.file - 1);
    view.steps[i].file = step.file > 0 && up_file < files.followers.size() ? files.followers[up_file].string()
                                                                            : files.up.string();
    view.steps[i].line = step.line;
  }
}

} // namespace strata::cli
