#include "migrations/confirm.hpp"

#include "schemas/error.hpp"

namespace strata::migrations {

void confirm_or_refuse(const ExecutorOptions& options, const std::string& question,
                       const std::string& without_terminal, const std::string& declined)
{
  if (options.yes) {
    return;
  }
  if (!options.confirm) {
    throw SafetyRefusal(without_terminal);
  }
  if (!options.confirm(question)) {
    throw SafetyRefusal(declined);
  }
}

} // namespace strata::migrations
