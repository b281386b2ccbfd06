#include "schemas/risk.hpp"

#include <array>
#include <utility>

namespace strata::schemas {

namespace {
constexpr std::array<std::pair<RiskKind, std::string_view>, 5> k_kinds{{
  {RiskKind::destructive, "destructive"},
  {RiskKind::data_dependent, "data-dependent"},
  {RiskKind::locking, "locking"},
  {RiskKind::backward_incompatible, "backward-incompatible"},
  {RiskKind::irreversible, "irreversible"},
}};
constexpr std::array<std::pair<RiskLevel, std::string_view>, 3> k_levels{{
  {RiskLevel::low, "low"}, {RiskLevel::medium, "medium"}, {RiskLevel::high, "high"},
}};
} // namespace

std::string_view to_string(RiskKind kind)
{
  for (const auto& [k, s] : k_kinds) {
    if (k == kind) {
      return s;
    }
  }
  return "unknown";
}

std::string_view to_string(RiskLevel level)
{
  for (const auto& [l, s] : k_levels) {
    if (l == level) {
      return s;
    }
  }
  return "unknown";
}

bool parse_risk_kind(std::string_view text, RiskKind& kind)
{
  for (const auto& [k, s] : k_kinds) {
    if (s == text) {
      kind = k;
      return true;
    }
  }
  return false;
}

bool parse_risk_level(std::string_view text, RiskLevel& level)
{
  for (const auto& [l, s] : k_levels) {
    if (s == text) {
      level = l;
      return true;
    }
  }
  return false;
}

} // namespace strata::schemas
