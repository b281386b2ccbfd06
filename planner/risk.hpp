#pragma once
// Risk classification and inverse operations of single steps (planner internals).

#include "planner/diff.hpp"
#include "planner/plan.hpp"

#include <string>
#include <vector>

namespace strata::planner::detail {

struct Classified {
  std::vector<schemas::Risk> risks;
  std::vector<Measurement> measurements;
  std::vector<dialects::BackupTarget> backups;
};

// risk.cpp, risk_classifier.cpp, risk_types.cpp: generic risks of `op` (with probes in live names and backups), then
// the dialect's engine risks. `all` is every operation of the plan.
Classified classify(const schemas::Operation& op, const DiffState& state, const std::vector<schemas::Operation>& all);

// How a column type change behaves on existing values.
enum class TypeChange { widening, narrowing, incompatible };
struct TypeChangeInfo {
  TypeChange change = TypeChange::widening;
  long long limit = 0; // > 0: the new type holds text of at most this many characters
  // Inline ENUM types (MySQL) on both sides: the members the change removes, and the members the
  // new type keeps (rows holding a removed member make the change fail).
  std::vector<std::string> removed_members{};
  std::vector<std::string> kept_members{};
};
TypeChangeInfo classify_type_change(const schemas::ColumnType& before, const schemas::ColumnType& after,
                                    const std::string& engine);

struct Inverse {
  std::vector<schemas::Operation> operations;
  bool reversible = true;
  std::string irreversible_reason;
};
// inverse.cpp. `state` places a dropped column back after the column it followed.
Inverse invert(const schemas::Operation& op, const DiffState* state = nullptr);

} // namespace strata::planner::detail
