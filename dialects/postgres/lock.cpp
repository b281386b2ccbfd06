// SCAFFOLD: replaced by the real implementation during issue 3 (never ships like this).
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

void check_integrity(Connection&) {}
std::unique_ptr<Lock> acquire_lock(Connection&, const DbUrl&, std::chrono::milliseconds) { throw Error(ErrorKind::internal, "postgres: not implemented yet"); }

} // namespace strata::dialects::postgres
