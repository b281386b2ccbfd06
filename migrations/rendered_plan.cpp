#include "migrations/rendered_plan.hpp"

#include <algorithm>

namespace strata::migrations {

std::string one_line(std::string text)
{
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return text;
}

bool RenderedOperation::no_transaction() const
{
  return std::any_of(statements.begin(), statements.end(),
                     [](const dialects::Statement& statement) { return statement.no_transaction; });
}

bool RenderedPlan::split() const
{
  return std::any_of(steps.begin(), steps.end(), [](const RenderedStep& step) { return step.file != 0; });
}

namespace {

RenderedOperation render_operation(const schemas::Operation& op, const dialects::Rendering& dialect,
                                   dialects::RenderContext& context)
{
  RenderedOperation out{one_line(schemas::describe(op)), dialect.render(op, context)};
  for (auto& statement : out.statements) {
    statement.comment = one_line(statement.comment);
  }
  return out;
}

// Moving the no-transaction steps behind all others is only sound when there are both kinds and
// no transactional step depends on one of them (so no down step of the main file needs the
// follower undone first); otherwise the plan stays one file, in plan order, run statement by
// statement.
bool separable(const planner::Plan& plan, const RenderedPlan& rendered)
{
  bool inside = false;
  bool outside = false;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const bool no_transaction = rendered.steps[i].up.no_transaction();
    (no_transaction ? outside : inside) = true;
    for (const size_t before : plan.steps[i].after) {
      if (!no_transaction && before < rendered.steps.size() && rendered.steps[before].up.no_transaction()) {
        return false;
      }
    }
  }
  return inside && outside;
}

// The inverses of the steps in `file`, in reverse plan order, with a context of their own: each
// down file is a file of its own for the dialect's bookkeeping.
void render_down(const planner::Plan& plan, const dialects::Rendering& dialect, dialects::RenderContext context,
                 size_t file, RenderedPlan& rendered)
{
  for (size_t i = plan.steps.size(); i-- > 0;) {
    if (rendered.steps[i].file != file) {
      continue;
    }
    for (const auto& op : plan.steps[i].inverse) {
      rendered.steps[i].down.push_back(render_operation(op, dialect, context));
    }
  }
}

} // namespace

RenderedPlan render_plan(const planner::Plan& plan, const dialects::Rendering& dialect, const schemas::Schema* live,
                         const schemas::Schema* desired, const planner::PlanSettings& settings)
{
  RenderedPlan rendered;
  rendered.merge_alter_table = dialect.capabilities.merge_alter_table;
  // One context in plan order: the statements that move to the follower (CONCURRENTLY,
  // VALIDATE) never open a schema, so the main file sees the bookkeeping it would see alone.
  dialects::RenderContext up{live, desired};
  up.concurrent_indexes = settings.concurrent_indexes;
  for (const auto& step : plan.steps) {
    rendered.steps.push_back(RenderedStep{render_operation(step.operation, dialect, up), {}, 0, 0});
  }
  if (separable(plan, rendered)) {
    for (auto& step : rendered.steps) {
      step.file = step.up.no_transaction() ? 1 : 0;
    }
  }
  dialects::RenderContext down{desired, live};
  down.concurrent_indexes = settings.concurrent_indexes;
  render_down(plan, dialect, down, 0, rendered);
  if (rendered.split()) {
    render_down(plan, dialect, down, 1, rendered);
  }
  return rendered;
}

} // namespace strata::migrations
