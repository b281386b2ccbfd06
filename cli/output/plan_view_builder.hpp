#pragma once
// Builds the PlanView every output format renders from a plan and the dialect's SQL per step.

#include "cli/output/plan_view.hpp"
#include "dialects/dialect.hpp"
#include "planner/plan.hpp"

#include <string>

namespace strata::cli {

// `live` and `desired` are the normalized schemas the plan was made from (for the render context).
PlanView build_plan_view(const planner::Plan& plan, const dialects::Dialect& dialect,
                         const schemas::Schema& live, const schemas::Schema& desired, const std::string& command,
                         bool concurrent_indexes = true);

} // namespace strata::cli
