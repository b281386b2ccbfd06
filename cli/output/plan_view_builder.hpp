#pragma once
// Builds the PlanView every output format renders from a plan and its one rendering.

#include "cli/output/plan_view.hpp"
#include "dialects/dialect.hpp"
#include "migrations/rendered_plan.hpp"
#include "migrations/writer.hpp"
#include "workflows/planning.hpp"

#include <string>

namespace strata::cli {

// `rendered` is the plan rendered with the settings it was planned with (its statements are the
// steps' SQL); `planned` holds the plan and the normalized schemas it was made from. Without
// `differences`, the steps' differences and the diagram of the tables touched are left out, for
// a format that prints neither (sql).
PlanView build_plan_view(const workflows::Planned& planned, const migrations::RenderedPlan& rendered,
                         const dialects::Rendering& dialect, const std::string& command, bool differences = true);

// The written files, and where each step's SQL sits in them (for --format github): the main up
// file or the no-transaction follower's, at the line render_migration recorded.
void place_steps(PlanView& view, const migrations::RenderedPlan& rendered, const migrations::WrittenFiles& files);

} // namespace strata::cli
