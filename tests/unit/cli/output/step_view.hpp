#pragma once
// What the output tests build their plan views from: a step with its number, operation kind,
// description and statements (the rest is set where a test needs it).

#include "cli/output/plan_view.hpp"

#include <string>
#include <utility>
#include <vector>

namespace strata::cli {

inline StepView step_view(int index, std::string kind, std::string description, std::vector<std::string> sql = {})
{
  StepView step;
  step.index = index;
  step.kind = std::move(kind);
  step.description = std::move(description);
  step.sql = std::move(sql);
  return step;
}

} // namespace strata::cli
