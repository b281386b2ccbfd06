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

bool RenderedOperation::batched() const
{
  return std::any_of(statements.begin(), statements.end(),
                     [](const dialects::Statement& statement) { return statement.batched; });
}

bool RenderedPlan::split() const
{
  return file_count > 1;
}

bool RenderedPlan::file_no_transaction(size_t file) const
{
  return std::any_of(steps.begin(), steps.end(),
                     [file](const RenderedStep& step) { return step.file == file && step.up.no_transaction(); });
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

// Cuts the plan into runs of one kind: run r holds transactional steps when r is even and steps
// that cannot run in a transaction when r is odd. Each step goes to the first run of its kind
// that is not before a run holding a step it depends on (a dependency in the same run is fine:
// plan order is kept within a run). Empty runs are dropped, so a plan of one kind stays one
// file, and a plan whose transactional steps need none of the others is two files, as before.
void assign_files(const planner::Plan& plan, RenderedPlan& rendered)
{
  const size_t count = plan.steps.size();
  std::vector<size_t> run(count, 0);
  for (size_t i = 0; i < count; ++i) {
    const bool outside = rendered.steps[i].up.no_transaction();
    size_t lowest = 0;
    for (const size_t before : plan.steps[i].after) {
      if (before < i) { // plan order is a topological order: dependencies come first
        lowest = std::max(lowest, run[before]);
      }
    }
    run[i] = lowest + ((lowest % 2 == 1) == outside ? 0 : 1);
  }
  std::vector<size_t> used = run;
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  rendered.file_count = std::max<size_t>(used.size(), 1);
  for (size_t i = 0; i < count; ++i) {
    rendered.steps[i].file = static_cast<size_t>(std::lower_bound(used.begin(), used.end(), run[i]) - used.begin());
  }
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
  const schemas::TableIndex live_index = live != nullptr ? schemas::TableIndex(live->tables) : schemas::TableIndex();
  const schemas::TableIndex desired_index =
    desired != nullptr ? schemas::TableIndex(desired->tables) : schemas::TableIndex();
  const auto context = [&](bool down) {
    dialects::RenderContext made{down ? desired : live, down ? live : desired};
    made.live_index = (down ? desired : live) != nullptr ? (down ? &desired_index : &live_index) : nullptr;
    made.desired_index = (down ? live : desired) != nullptr ? (down ? &live_index : &desired_index) : nullptr;
    made.concurrent_indexes = settings.concurrent_indexes;
    return made;
  };
  auto up = context(false);
  for (const auto& step : plan.steps) {
    rendered.steps.push_back(RenderedStep{render_operation(step.operation, dialect, up), {}, 0, 0});
  }
  assign_files(plan, rendered);
  if (rendered.split()) {
    // The files run one after the other, file by file: render the up side again in that order
    // with one context, so a namespace is created (CREATE SCHEMA IF NOT EXISTS) by the first
    // file that needs it even when a later step in plan order landed in an earlier file. The
    // bookkeeping adds or drops only transactional statements, so no step changes kind.
    auto again = context(false);
    for (size_t file = 0; file < rendered.file_count; ++file) {
      for (size_t i = 0; i < plan.steps.size(); ++i) {
        if (rendered.steps[i].file == file) {
          rendered.steps[i].up = render_operation(plan.steps[i].operation, dialect, again);
        }
      }
    }
  }
  auto down = context(true);
  for (size_t file = 0; file < rendered.file_count; ++file) {
    render_down(plan, dialect, down, file, rendered);
  }
  return rendered;
}

} // namespace strata::migrations
