// SCAFFOLD (being written this session): strata verify.
#include "cli/commands.hpp"

namespace strata::cli {

void register_verify(CLI::App& /*app*/, Globals& /*globals*/) {}

} // namespace strata::cli
