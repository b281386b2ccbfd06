#pragma once
// Builds the PlanView every output format renders from a plan and its one rendering.

#include "cli/output/plan_view.hpp"
#include "dialects/dialect.hpp"
#include "migrations/rendered_plan.hpp"
#include "migrations/writer.hpp"
#include "planner/plan.hpp"

#include <string>

namespace strata::cli {

// `rendered` is the plan rendered with the settings it was planned with (its statements are the
// steps' SQL); `live` and `desired` are the normalized schemas the plan was made from.
PlanView build_plan_view(const planner::Plan& plan, const migrations::RenderedPlan& rendered,
                         const dialects::Rendering& dialect, const schemas::Schema& live,
                         const schemas::Schema& desired, const std::string& command);

// The written files, and where each step's SQL sits in them (for --format github): the main up
// file or the no-transaction follower's, at the line render_migration recorded.
void place_steps(PlanView& view, const migrations::RenderedPlan& rendered, const migrations::WrittenFiles& files);

} // namespace strata::cli
