#pragma once
// The lock timeout of migration statements (apply, rollback, repair --continue), per engine: a
// statement waits at most a given time for a lock on what it changes, so that it never queues the
// table's other queries behind its own lock request for longer; the executor retries it.

#include "dialects/administration.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace strata::dialects {

struct StatementLocks {
  // Sets the timeout for what follows: `transaction_only`, for the current transaction alone
  // (PostgreSQL SET LOCAL), else for the session until reset restores the server's default.
  void (*set)(Connection& connection, std::chrono::milliseconds timeout, bool transaction_only) = nullptr;
  void (*reset)(Connection& connection) = nullptr;
  // True when a statement failed because its lock wait ran out (`message` and `code` of the
  // DatabaseError).
  bool (*timed_out)(const std::string& message, const std::string& code) = nullptr;
  // A probe whose sample() names the sessions holding the lock a statement of `running` waits for
  // ("pid 4242 (application "psql", idle in transaction): SELECT ..."), "" when it waits for
  // none. Sampled from another thread while the statement runs, on its own connection to `url`.
  std::unique_ptr<ProgressProbe> (*holders)(Connection& running, const DbUrl& url) = nullptr;
};

// Each engine that has one defines it in its folder.
namespace postgres {
const StatementLocks& statement_locks(); // progress.cpp: lock_timeout, SQLSTATE 55P03, pg_blocking_pids
}
namespace mysql {
const StatementLocks& statement_locks(); // lock.cpp: lock_wait_timeout, error 1205, open transactions
}

// The engine's, or null (SQLite: a write waits on the connection's busy timeout instead).
inline const StatementLocks* statement_locks(const std::string& engine)
{
  if (engine == "postgres") {
    return &postgres::statement_locks();
  }
  if (engine == "mysql") {
    return &mysql::statement_locks();
  }
  return nullptr;
}

} // namespace strata::dialects
