// The migration lock (GET_LOCK), executor catalog questions and integrity checks.
// SCAFFOLD (groundwork): table_exists and check_integrity are real; the lock belongs to the
// executor-side owner.

#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::mysql {

void check_integrity(Connection& /*connection*/)
{
  // InnoDB enforces foreign keys statement by statement; nothing is deferred to check.
}

bool table_exists(Connection& connection, const std::string& name)
{
  const auto result = connection.query(
    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " +
    quote_literal(name));
  return !result.rows.empty() && result.rows[0][0].value_or("0") != "0";
}

std::unique_ptr<Lock> acquire_lock(Connection& /*connection*/, const DbUrl& /*url*/, std::chrono::milliseconds /*timeout*/)
{
  throw Error(ErrorKind::internal, "the MySQL migration lock is not written yet");
}

} // namespace strata::dialects::mysql
