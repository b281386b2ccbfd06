// SCAFFOLD: replaced by the real implementation during issue 3 (never ships like this).
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

Capabilities capabilities() { Capabilities c; c.transactional_ddl = true; return c; }
bool can_alter_in_place(const AlterQuestion&) { return true; }
std::vector<schemas::Risk> engine_risks(const schemas::Operation&) { return {}; }
std::string probe_sql(const ProbeQuery&) { throw Error(ErrorKind::internal, "postgres: not implemented yet"); }

} // namespace strata::dialects::postgres
