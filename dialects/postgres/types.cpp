// SCAFFOLD: replaced by the real implementation during issue 3 (never ships like this).
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

std::string format_type(const schemas::ColumnType&) { throw Error(ErrorKind::internal, "postgres: not implemented yet"); }

} // namespace strata::dialects::postgres
