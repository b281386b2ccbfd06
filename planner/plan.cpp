#include "planner/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::planner {

bool Plan::reversible() const
{
  return std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.reversible; });
}

std::map<std::string, int> Plan::operations_by_kind() const
{
  std::map<std::string, int> counts;
  for (const auto& step : steps) {
    ++counts[schemas::operation_kind(step.operation)];
  }
  return counts;
}

std::map<schemas::RiskLevel, int> Plan::risks_by_level() const
{
  std::map<schemas::RiskLevel, int> counts;
  for (const auto& step : steps) {
    for (const auto& risk : step.risks) {
      ++counts[risk.level];
    }
  }
  return counts;
}

bool Plan::has_destructive() const
{
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) {
    return std::any_of(s.risks.begin(), s.risks.end(),
                       [](const schemas::Risk& r) { return r.kind == schemas::RiskKind::destructive; });
  });
}

std::string Plan::summary() const
{
  if (steps.empty()) {
    return "no changes";
  }
  std::string out = fmt::format("{} change{}:", steps.size(), steps.size() == 1 ? "" : "s");
  bool first = true;
  for (const auto& [kind, count] : operations_by_kind()) {
    out += fmt::format("{} {} {}", first ? "" : ",", count, kind);
    first = false;
  }
  const auto levels = risks_by_level();
  int total = 0;
  for (const auto& [level, count] : levels) {
    total += count;
  }
  if (total > 0) {
    out += fmt::format(" ({} risk{}:", total, total == 1 ? "" : "s");
    first = true;
    for (auto level : {schemas::RiskLevel::high, schemas::RiskLevel::medium, schemas::RiskLevel::low}) {
      if (const auto it = levels.find(level); it != levels.end()) {
        out += fmt::format("{} {} {}", first ? "" : ",", it->second, schemas::to_string(level));
        first = false;
      }
    }
    out += ")";
  }
  return out;
}

} // namespace strata::planner
