#pragma once
// A schema change rolled through a cluster one node at a time instead of in the cluster's total
// order (MariaDB Galera Cluster's rolling schema upgrade, wsrep_OSU_method = RSU), for the files
// whose header asks for it (`-- strata: galera-osu rsu`). The executor drives it: it checks every
// statement first, then on each node in turn connects, waits until the node is in sync, switches
// the session, runs the file, switches back and waits until the node caught up again; a failure
// on a later node undoes the earlier ones with the file's other half. The engine says which
// statements may run so, whether its server can, and which nodes there are.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace strata::dialects {

// One node of the cluster, with a session of its own (opened by begin).
class RollingNode {
public:
  virtual ~RollingNode() = default;
  // "node2 (127.0.0.1:3312)"
  virtual std::string describe() const = 0;
  // Connects (again, when an earlier session was lost), waits at most `timeout` until the node is
  // in sync with the cluster, and switches the session so that its DDL changes this node alone.
  // Throws Error naming the node.
  virtual Connection& begin(std::chrono::milliseconds timeout) = 0;
  // Switches the session back to cluster-wide DDL and waits at most `timeout` until the node has
  // caught up with what the cluster did meanwhile; returns the milliseconds it waited. Throws
  // Error naming the node when it does not catch up in time.
  virtual long long end(std::chrono::milliseconds timeout) = 0;
};

// The nodes a rolling change goes through, in order, for one run; what the run changed for its
// duration (the migration lock's lease) is restored when it goes.
class RollingCluster {
public:
  virtual ~RollingCluster() = default;
  std::vector<std::unique_ptr<RollingNode>> nodes;
};

struct RollingUpgrade {
  // Why `statement` (one statement of a migration file) may not run node by node, "" when it may.
  std::string (*refuse_statement)(const std::string& statement) = nullptr;
  // Why the server of `connection` cannot take a rolling change (not a cluster node, or one
  // outside the primary component), "" when it can.
  std::string (*unavailable)(Connection& connection) = nullptr;
  // Every node of the cluster of `connection` (reached with `url`'s user, password, database and
  // options), each checked to answer and be in sync, their number the cluster's size; throws
  // Error naming the node that is not (nothing has run yet).
  std::unique_ptr<RollingCluster> (*cluster)(Connection& connection, const DbUrl& url) = nullptr;
};

namespace mysql {
const RollingUpgrade& rolling_upgrade(); // galera_rsu.cpp: Galera's wsrep_OSU_method = RSU
}

// The engine's, or null (it has no such thing).
inline const RollingUpgrade* rolling_upgrade(const std::string& engine)
{
  if (engine == "mysql") {
    return &mysql::rolling_upgrade();
  }
  return nullptr;
}

} // namespace strata::dialects
