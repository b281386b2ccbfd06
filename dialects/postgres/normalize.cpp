// SCAFFOLD: replaced by the real implementation during issue 3 (never ships like this).
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

schemas::Schema normalize(const schemas::Schema& s) { return s; }

} // namespace strata::dialects::postgres
