#include "dialects/column_trial.hpp"

#include "schemas/engines.hpp"

#include <map>

namespace strata::dialects {

using ColumnTrial = std::optional<std::vector<std::string>> (*)(Connection& target,
                                                               const std::vector<schemas::Table>& tables);

// dialects::<engine>::try_columns_on_target, declared for every engine of the list.
#define STRATA_DECLARE_COLUMN_TRIAL(engine)                                                                          \
  namespace engine {                                                                                                   \
  std::optional<std::vector<std::string>> try_columns_on_target(Connection& target,                                   \
                                                                const std::vector<schemas::Table>& tables);           \
  }
STRATA_ENGINES(STRATA_DECLARE_COLUMN_TRIAL)
#undef STRATA_DECLARE_COLUMN_TRIAL

std::optional<std::vector<std::string>> try_columns_on_target(const std::string& engine, Connection& target,
                                                              const std::vector<schemas::Table>& tables)
{
#define STRATA_COLUMN_TRIAL(engine) {#engine, &engine::try_columns_on_target},
  static const std::map<std::string, ColumnTrial> trials{STRATA_ENGINES(STRATA_COLUMN_TRIAL)};
#undef STRATA_COLUMN_TRIAL
  const auto found = trials.find(engine);
  return found == trials.end() ? std::nullopt : found->second(target, tables);
}

} // namespace strata::dialects
