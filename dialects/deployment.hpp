#pragma once
// How a server is deployed, per engine: a primary with standbys replaying it, a standby itself,
// a connection pooler between strata and the server. The executor asks before it migrates (a
// standby is refused), after (the standbys have replayed what it did), and before it sets a
// session-level setting (a transaction pooler would leave it on a server session other clients
// use).

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace strata::dialects {

// What waiting for the standbys found.
struct ReplicaWait {
  int standbys = 0;     // standbys streaming from the server when the wait began
  std::string position; // the server's position every standby had to replay (PostgreSQL: an LSN)
  long long waited_ms = 0;
  // One line per standby that had not replayed it when the wait ended ("15/standby at
  // 127.0.0.1: replayed up to 0/3000060, 1.2 kB behind, streaming"), or why strata cannot tell.
  std::vector<std::string> lagging;
};

struct Deployment {
  // Why the server takes no writes ("is a hot standby (pg_is_in_recovery())"), empty when it does.
  std::string (*read_only_server)(Connection& connection) = nullptr;
  // Waits at most `timeout` until every standby streaming from the connection's server has
  // replayed everything the server wrote so far; `progress` gets a line when it begins to wait.
  ReplicaWait (*await_replicas)(Connection& connection, std::chrono::milliseconds timeout,
                                const std::function<void(const std::string&)>& progress) = nullptr;
  // Why a session-level setting must not be used on this connection (PostgreSQL: a transaction
  // pooler, which hands the server session to other clients between transactions), empty when
  // it may. `url` is the connection's.
  std::string (*no_session_settings)(Connection& connection, const DbUrl& url) = nullptr;
};

namespace postgres {
const Deployment& deployment(); // deployment.cpp: pg_is_in_recovery, pg_stat_replication, PgBouncer
}

// The engine's, or null (nothing to ask).
inline const Deployment* deployment(const std::string& engine)
{
  if (engine == "postgres") {
    return &postgres::deployment();
  }
  return nullptr;
}

} // namespace strata::dialects
