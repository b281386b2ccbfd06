// canonicalize: the server's own spelling of desired expressions.
// SCAFFOLD (groundwork): nothing yet; the write-side owner decides whether MySQL needs it.

#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

void canonicalize(Connection& /*connection*/, schemas::Schema& /*desired*/, const schemas::Schema& /*live*/) {}

} // namespace strata::dialects::mysql
