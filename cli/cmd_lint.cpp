// SCAFFOLD (being written this session): strata lint.
#include "cli/commands.hpp"

namespace strata::cli {

void register_lint(CLI::App& /*app*/, Globals& /*globals*/) {}

} // namespace strata::cli
