// MariaDB Galera Cluster: detection of a node with replication on, and the cluster-wide migration
// lock (galera.hpp explains the design).
#include "dialects/mysql/galera.hpp"

#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace strata::dialects::mysql {

namespace {

// The one row of the table: the lock of the database the table is in.
constexpr const char* k_row = "migrate";
constexpr std::chrono::milliseconds k_default_lease{30000};
constexpr std::chrono::milliseconds k_poll{200};

std::string table()
{
  return quote_identifier(k_cluster_lock_table);
}

std::string row_condition(const std::string& token)
{
  return "`name` = " + quote_literal(k_row) + " AND `token` = " + quote_literal(token);
}

// A duplicate key (the row is there) or a certification conflict (another node's insert or
// update of the row was ordered first; Galera reports it as a deadlock): someone else won.
bool lost_the_race(const DatabaseError& e)
{
  return e.code() == "23000" || e.code() == "40001";
}

std::string random_token()
{
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    token += fmt::format("{:08x}", random());
  }
  return token;
}

// "strata pid 4242 on host build-7"
std::string this_process()
{
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) {
    host[0] = '\0';
  }
  return fmt::format("strata pid {} on host {}", ::getpid(), host[0] != '\0' ? host : "?");
}

struct HolderRow {
  std::string token;
  std::string beats;
  std::string holder;
  std::string node;
  std::string node_instance;
  std::string connection_id;
  std::string since;
  std::string heartbeat_ago_ms;
  long long lease_ms = 0;

  std::string describe() const
  {
    std::string ago;
    if (!heartbeat_ago_ms.empty()) {
      ago = fmt::format(", last heartbeat {:.1f} s ago", std::max(0.0, std::atof(heartbeat_ago_ms.c_str()) / 1000.0));
    }
    return fmt::format("{} through {}, connection {}, since {} UTC{}", holder, node, connection_id, since, ago);
  }
};

std::optional<HolderRow> read_holder(Connection& connection)
{
  const auto result = connection.query(
    "SELECT `token`, `beats`, `holder`, `node`, `node_instance`, `connection_id`, "
    "DATE_FORMAT(`acquired_at`, '%Y-%m-%d %H:%i:%s'), "
    "TIMESTAMPDIFF(MICROSECOND, `heartbeat_at`, UTC_TIMESTAMP(6)) DIV 1000, `lease_ms` FROM " +
    table() + " WHERE `name` = " + quote_literal(k_row));
  if (result.rows.empty()) {
    return std::nullopt;
  }
  HolderRow row;
  row.token = cell(result, 0);
  row.beats = cell(result, 1);
  row.holder = cell(result, 2);
  row.node = cell(result, 3);
  row.node_instance = cell(result, 4);
  row.connection_id = cell(result, 5);
  row.since = cell(result, 6);
  row.heartbeat_ago_ms = cell(result, 7);
  row.lease_ms = std::atoll(cell(result, 8).c_str());
  return row;
}

void ensure_table(Connection& connection)
{
  if (table_exists(connection, k_cluster_lock_table)) {
    return;
  }
  // DDL: replicated in total order, so two first runs on two nodes create it once.
  connection.execute("CREATE TABLE IF NOT EXISTS " + table() +
                     " (`name` VARCHAR(64) NOT NULL PRIMARY KEY, `token` CHAR(32) NOT NULL, "
                     "`holder` VARCHAR(255) NOT NULL, `node` VARCHAR(255) NOT NULL, "
                     "`node_instance` VARCHAR(64) NOT NULL, `connection_id` BIGINT UNSIGNED NOT NULL, "
                     "`acquired_at` DATETIME(6) NOT NULL, `heartbeat_at` DATETIME(6) NOT NULL, "
                     "`beats` BIGINT UNSIGNED NOT NULL, `lease_ms` BIGINT UNSIGNED NOT NULL) ENGINE = InnoDB");
}

// The held lock: a heartbeat thread with its own connection refreshes the row every fifth of the
// lease; the destructor stops it and deletes the row (only ours: the token says so).
class ClusterLock final : public Lock {
public:
  ClusterLock(std::unique_ptr<MysqlConnection> beat_connection, DbUrl url, std::string token,
              std::chrono::milliseconds lease, std::string note)
    : m_connection(std::move(beat_connection)), m_url(std::move(url)), m_token(std::move(token)), m_lease(lease),
      m_note(std::move(note))
  {
    m_thread = std::thread([this] { beat(); });
  }
  ~ClusterLock() override
  {
    {
      const std::lock_guard<std::mutex> guard(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
    try {
      if (!m_connection) {
        m_connection = std::make_unique<MysqlConnection>(m_url);
      }
      m_connection->execute("DELETE FROM " + table() + " WHERE " + row_condition(m_token));
    } catch (...) { // a destructor must not throw; the lease runs out without heartbeats
    }
  }
  ClusterLock(const ClusterLock&) = delete;
  ClusterLock& operator=(const ClusterLock&) = delete;

  std::string note() const override { return m_note; }
  std::string lost() const override
  {
    const std::lock_guard<std::mutex> guard(m_mutex);
    return m_lost;
  }

private:
  void beat()
  {
    std::unique_lock<std::mutex> guard(m_mutex);
    while (!m_wake.wait_for(guard, m_lease / 5, [this] { return m_stop; })) {
      guard.unlock();
      std::string lost;
      try {
        if (!m_connection) {
          m_connection = std::make_unique<MysqlConnection>(m_url);
        }
        m_connection->execute("UPDATE " + table() + " SET `beats` = `beats` + 1, `heartbeat_at` = UTC_TIMESTAMP(6) "
                              "WHERE " + row_condition(m_token));
        if (cell(m_connection->query("SELECT ROW_COUNT()")) == "0") {
          lost = fmt::format("its row in {} is gone or another process's: a heartbeat was missing for longer "
                             "than the lease ({} ms) and another strata took the lock over",
                             k_cluster_lock_table, m_lease.count());
        }
      } catch (const DatabaseError& e) {
        if (!lost_the_race(e)) {
          m_connection.reset(); // reconnect on the next beat; the lease allows a few misses
        }
      } catch (const std::exception&) {
        m_connection.reset();
      }
      guard.lock();
      if (!lost.empty()) {
        m_lost = lost;
        return;
      }
    }
  }

  std::unique_ptr<MysqlConnection> m_connection;
  DbUrl m_url;
  std::string m_token;
  std::chrono::milliseconds m_lease;
  std::string m_note;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::string m_lost;
  std::thread m_thread;
};

// Whether the holder's session is known to be gone: it migrated through this very node instance
// (wsrep_gcomm_uuid changes when the node restarts) and the node lists no such connection. Its
// lock is then taken at once instead of after the lease (the session of a killed process ends
// with it, as GET_LOCK's does).
bool holder_session_gone(Connection& connection, const HolderRow& row, const GaleraNode& node)
{
  if (row.node_instance.empty() || row.node_instance != node.instance ||
      row.connection_id.find_first_not_of("0123456789") != std::string::npos || row.connection_id.empty()) {
    return false;
  }
  return cell(connection.query("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " +
                               row.connection_id)) == "0";
}

// Whether this node is applying a replicated statement (a replication applier, "system user",
// with a statement running: a DDL in total order isolation holds up every later commit).
bool applying_ddl(Connection& connection)
{
  return cell(connection.query("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'system user' AND "
                               "INFO IS NOT NULL")) != "0";
}

} // namespace

std::string GaleraNode::describe() const
{
  return name + " (" + address + ")";
}

std::string GaleraNode::sync_state() const
{
  return fmt::format("{} (wsrep_ready {})", state.empty() ? "in an unknown state" : state, ready ? "ON" : "OFF");
}

std::optional<GaleraNode> galera_node(Connection& connection)
{
  if (cell(connection.query("SHOW VARIABLES LIKE 'wsrep_on'"), 1) != "ON") {
    return std::nullopt;
  }
  const auto vars = connection.query("SELECT @@wsrep_provider, @@wsrep_node_name, @@wsrep_OSU_method, @@hostname, @@port");
  const auto provider = cell(vars, 0);
  if (provider.empty() || provider == "none") {
    return std::nullopt;
  }
  GaleraNode node;
  node.name = cell(vars, 1);
  node.osu_method = cell(vars, 2);
  node.address = cell(vars, 3) + ":" + cell(vars, 4);
  std::map<std::string, std::string> status;
  for (const auto& row : connection
                           .query("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_ready', "
                                  "'wsrep_local_state_comment', 'wsrep_gcomm_uuid', 'wsrep_cluster_state_uuid', "
                                  "'wsrep_incoming_addresses')")
                           .rows) {
    if (row.size() >= 2) {
      status[row[0].value_or("")] = row[1].value_or("");
    }
  }
  node.cluster_size = std::atoi(status["wsrep_cluster_size"].c_str());
  node.ready = status["wsrep_ready"] == "ON";
  node.state = status["wsrep_local_state_comment"];
  node.instance = status["wsrep_gcomm_uuid"];
  node.cluster = status["wsrep_cluster_state_uuid"];
  node.incoming = status["wsrep_incoming_addresses"];
  return node;
}

std::chrono::milliseconds cluster_lock_lease(const DbUrl& url)
{
  const auto found = url.params.find("lock_lease");
  if (found == url.params.end()) {
    return k_default_lease;
  }
  char* end = nullptr;
  const double seconds = std::strtod(found->second.c_str(), &end);
  if (found->second.empty() || end == nullptr || *end != '\0' || !std::isfinite(seconds) || seconds < 1 ||
      seconds > 86400) {
    throw Error(ErrorKind::usage, "lock_lease in " + without_userinfo(url.redacted()) +
                                    " must be a number of seconds from 1 to 86400 (the Galera migration lock's lease)");
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

std::unique_ptr<Lock> acquire_cluster_lock(Connection& connection, const DbUrl& url, const GaleraNode& node,
                                           std::chrono::milliseconds timeout)
{
  if (!node.ready) {
    throw Error(ErrorKind::database, fmt::format("{} is a Galera node that is not ready (wsrep_ready OFF, state {}): "
                                                 "it is not part of the cluster's primary component; migrate "
                                                 "through a node that is",
                                                 url.redacted(), node.state.empty() ? "unknown" : node.state));
  }
  const auto lease = cluster_lock_lease(url);
  ensure_table(connection);
  auto beat_connection = std::make_unique<MysqlConnection>(url);
  const auto token = random_token();
  const std::string insert =
    "INSERT INTO " + table() +
    " (`name`, `token`, `holder`, `node`, `node_instance`, `connection_id`, `acquired_at`, `heartbeat_at`, `beats`, "
    "`lease_ms`) VALUES (" + quote_literal(k_row) + ", " + quote_literal(token) + ", " +
    quote_literal(this_process()) + ", " + quote_literal(node.describe()) + ", " + quote_literal(node.instance) +
    ", CONNECTION_ID(), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 0, " + std::to_string(lease.count()) + ")";

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::string note;
  // The holder's heartbeat as last seen, and when this process saw it change.
  std::string seen;
  auto seen_at = start;
  for (;;) {
    try {
      connection.execute(insert);
      return std::make_unique<ClusterLock>(std::move(beat_connection), url, token, lease, note);
    } catch (const DatabaseError& e) {
      if (!lost_the_race(e)) {
        throw;
      }
    }
    const auto row = read_holder(connection);
    const auto now = Clock::now();
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
    if (!row) { // released (or taken over) between the insert and the read: try again soon
      if (waited >= timeout) {
        throw Error(ErrorKind::database, fmt::format("the migration lock ({} of a Galera cluster) on {} changed hands "
                                                     "throughout the wait (waited {} ms)",
                                                     k_cluster_lock_table, url.redacted(), waited.count()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    const auto beat = row->token + ":" + row->beats;
    if (beat != seen) {
      seen = beat;
      seen_at = now;
    }
    auto silent = std::chrono::duration_cast<std::chrono::milliseconds>(now - seen_at);
    bool expired = silent.count() >= std::max<long long>(row->lease_ms, 1000);
    if (expired && applying_ddl(connection)) {
      // The holder's heartbeats may be queued behind a DDL this node is still applying (a node
      // commits in the cluster's order): silence does not count until the node has caught up.
      seen_at = now;
      expired = false;
    }
    if (expired || holder_session_gone(connection, *row, node)) {
      // Deleted only as last seen (same token, same heartbeat count): a heartbeat ordered first
      // makes this delete fail certification or match nothing, and the holder keeps its lock.
      try {
        connection.execute("DELETE FROM " + table() + " WHERE " + row_condition(row->token) +
                           " AND `beats` = " + row->beats);
        if (cell(connection.query("SELECT ROW_COUNT()")) != "0") {
          note = fmt::format("took over the migration lock of {} ({}): {}", row->holder, row->node,
                             expired ? fmt::format("no heartbeat for {} ms, longer than its lease", silent.count())
                                     : "its session is gone from this node");
          continue;
        }
      } catch (const DatabaseError& e) {
        if (!lost_the_race(e)) {
          throw;
        }
      }
    }
    if (waited >= timeout) {
      throw Error(ErrorKind::database,
                  fmt::format("another strata process holds the migration lock ({} of a Galera cluster) on {} "
                              "(held by {}; waited {} ms)",
                              k_cluster_lock_table, url.redacted(), row->describe(), waited.count()));
    }
    std::this_thread::sleep_for(std::min(k_poll, timeout - waited));
  }
}

void set_cluster_lock_lease(Connection& connection, const GaleraNode& node, std::chrono::milliseconds lease)
{
  if (!table_exists(connection, k_cluster_lock_table)) {
    return;
  }
  connection.execute("UPDATE " + table() + " SET `lease_ms` = " + std::to_string(lease.count()) +
                     " WHERE `name` = " + quote_literal(k_row) + " AND `connection_id` = CONNECTION_ID() AND "
                     "`node_instance` = " + quote_literal(node.instance));
}

std::string cluster_lock_holder(Connection& connection)
{
  if (!table_exists(connection, k_cluster_lock_table)) {
    return {};
  }
  const auto row = read_holder(connection);
  return row ? row->describe() : std::string{};
}

} // namespace strata::dialects::mysql
