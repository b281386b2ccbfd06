#pragma once
// MariaDB Galera Cluster: whether a connection reaches a node of a cluster with replication on,
// and the migration lock strata takes there. GET_LOCK is local to the node that grants it, so on
// a cluster the lock is a row of strata_migration_lock (InnoDB, primary key `name`) inserted in
// autocommit: Galera certifies the insert cluster-wide, so of two strata processes on two nodes
// one commits and the other gets a duplicate key or a certification conflict. The holder keeps a
// lease on it with a heartbeat (its own connection and thread); a waiter that sees no heartbeat
// for the holder's lease takes the row over, so a killed process's lock does not outlive it long.

#include "dialects/administration.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::dialects::mysql {

inline const std::string k_cluster_lock_table = "strata_migration_lock";

// The node a connection reaches, as its own variables and status tell.
struct GaleraNode {
  std::string name;       // wsrep_node_name
  std::string address;    // host:port the node serves SQL on (@@hostname:@@port)
  int cluster_size = 0;   // wsrep_cluster_size
  bool ready = false;     // wsrep_ready: the node is in the primary component and takes queries
  std::string state;      // wsrep_local_state_comment: Synced, Donor/Desynced, Joining, ...
  std::string osu_method; // wsrep_OSU_method: TOI (total order isolation), RSU, NBO
  std::string instance;   // wsrep_gcomm_uuid: this run of the node (a restart changes it)
  std::string cluster;    // wsrep_cluster_state_uuid: the cluster's history, the same on every node
  // wsrep_incoming_addresses: the client address (host:port) of every node, comma-separated
  std::string incoming;

  // "node2 (127.0.0.1:3312)"
  std::string describe() const;
  // In the primary component and caught up with the cluster: where a rolling change may start.
  bool synced() const { return ready && state == "Synced"; }
  // "Donor/Desynced (wsrep_ready ON)", "in an unknown state (wsrep_ready OFF)"
  std::string sync_state() const;
};

// The node when the connection's session replicates through a Galera provider (wsrep_on = ON
// and a provider loaded), nullopt otherwise. On a server without wsrep (MySQL, or MariaDB with
// wsrep off) that costs one query, SHOW VARIABLES LIKE 'wsrep_on', which every server answers.
std::optional<GaleraNode> galera_node(Connection& connection);

// Takes the cluster-wide migration lock of the connection's database on `node` (creating
// strata_migration_lock when it is missing), waiting at most `timeout`; throws Error naming the
// holder, its node and since when it holds it. The lease is the URL's `lock_lease` (seconds,
// default 30): the holder refreshes it every fifth of it, and a holder silent for that long is
// taken over.
std::unique_ptr<Lock> acquire_cluster_lock(Connection& connection, const DbUrl& url, const GaleraNode& node,
                                           std::chrono::milliseconds timeout);

// Who holds the cluster lock of the connection's database ("strata pid 4242 on host build-7
// through node2 (127.0.0.1:3312), connection 17, since 2026-12-06 02:50:01 UTC, last heartbeat
// 0.8 s ago"), "" when it is free or the table is absent. Reads only.
std::string cluster_lock_holder(Connection& connection);

// The lease of `url` (its `lock_lease` parameter); throws Error(usage) for a value that is not a
// number of seconds of at least 1.
std::chrono::milliseconds cluster_lock_lease(const DbUrl& url);

// The lease of the migration lock `connection` took on `node` (its row names this connection),
// for a run whose heartbeats may stall: a rolling schema upgrade pauses the node while its DDL
// runs, and every commit there (the heartbeat's) waits until it is done. No-op without the row.
void set_cluster_lock_lease(Connection& connection, const GaleraNode& node, std::chrono::milliseconds lease);

// Why `statement` may not run node by node in a rolling schema upgrade (wsrep_OSU_method = RSU;
// galera_rsu.cpp), "" when it may: only CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX, DROP INDEX ... ON,
// ALTER TABLE with only ADD/DROP INDEX|KEY (UNIQUE, FULLTEXT, SPATIAL) clauses and ALGORITHM/LOCK,
// OPTIMIZE TABLE and ANALYZE TABLE.
std::string refuse_rolling_statement(const std::string& statement);

// The nodes of `galera_nodes` ("h1:3306,h2:3306", a URL parameter) or of wsrep_incoming_addresses,
// as host and port; throws Error(usage) naming `what` for an entry that is no host:port.
std::vector<std::pair<std::string, int>> parse_node_addresses(const std::string& list, const std::string& what);

} // namespace strata::dialects::mysql
