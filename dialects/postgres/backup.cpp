// SCAFFOLD: replaced by the real implementation during issue 3 (never ships like this).
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

BackupRecord backup(Connection&, const BackupTarget&, const std::filesystem::path&, const std::string&) { throw Error(ErrorKind::internal, "postgres: not implemented yet"); }
void restore(Connection&, const BackupRecord&) { throw Error(ErrorKind::internal, "postgres: not implemented yet"); }

} // namespace strata::dialects::postgres
