#pragma once
// Risk records attached to operations: plain data. Codes are stable strings documented in the
// README (e.g. "D101" drop table), defined once in risk_codes.hpp; the planner and the dialects
// assign them.

#include <optional>
#include <string>
#include <string_view>

namespace strata::schemas {

enum class RiskKind { destructive, data_dependent, locking, backward_incompatible, irreversible };
enum class RiskLevel { low, medium, high };

struct Risk {
  RiskKind kind = RiskKind::destructive;
  RiskLevel level = RiskLevel::low;
  std::string code;    // stable, e.g. "D101"
  std::string message; // human sentence naming the object
  // With a live database: how many rows are affected / would violate (rows lost, NULLs, duplicate
  // groups, orphans). Empty when not measured.
  std::optional<long long> count;
  std::string count_label; // what count counts: "rows", "non-null values", "NULL rows", ...

  friend bool operator==(const Risk&, const Risk&) = default;
};

// "destructive", "data-dependent", "locking", "backward-incompatible", "irreversible"
std::string_view to_string(RiskKind kind);
// "low", "medium", "high"
std::string_view to_string(RiskLevel level);
bool parse_risk_kind(std::string_view text, RiskKind& kind);
bool parse_risk_level(std::string_view text, RiskLevel& level);

} // namespace strata::schemas
