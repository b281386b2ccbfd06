// PostgreSQL deployments: a hot standby refuses migrations, a primary's streaming standbys are
// waited for until they replayed the migration, a transaction pooler takes no session settings.
#include "dialects/deployment.hpp"

#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/pooling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace strata::dialects::postgres {

namespace {

std::string first(const ResultSet& result, size_t column = 0)
{
  return result.rows.empty() || result.rows[0].size() <= column ? std::string{}
                                                                : result.rows[0][column].value_or("");
}

std::string read_only_server(Connection& connection)
{
  // The primary's address is shown to members of pg_read_all_stats only (else NULL).
  const auto result = connection.query(
    "SELECT pg_is_in_recovery(), (SELECT sender_host || ':' || sender_port FROM pg_stat_wal_receiver LIMIT 1)");
  if (first(result) != "t") {
    return {};
  }
  const auto primary = first(result, 1);
  return "is a hot standby (pg_is_in_recovery() is true): it replays its primary" +
         (primary.empty() ? std::string{} : " at " + primary) +
         " and takes no writes; run strata against the primary";
}

// The physical standbys streaming from this server (a logical subscriber's walsender is connected
// to a database; DDL does not travel that way): name, address, state, replayed position and, with
// a target position, how far behind it they are. NULL state: the row's details are hidden.
std::string standbys_sql(const std::string& target)
{
  const std::string behind = target.empty() ? std::string("NULL")
                                            : "pg_size_pretty(pg_wal_lsn_diff(" + quote_literal(target) +
                                                "::pg_lsn, r.replay_lsn)), r.replay_lsn >= " +
                                                quote_literal(target) + "::pg_lsn";
  return "SELECT coalesce(nullif(r.application_name, ''), 'pid ' || r.pid), coalesce(host(r.client_addr), 'local'), "
         "r.state, r.replay_lsn::text, " +
         behind +
         " FROM pg_stat_replication r JOIN pg_stat_activity a ON a.pid = r.pid WHERE a.datid IS NULL ORDER BY 1, 2";
}

// Where the wait ends: the position after everything written so far. With no synchronous standby
// configured, it is read in a transaction that asks for the standbys' apply feedback
// (synchronous_commit = remote_apply, which then waits for no one): a standby reports right after
// replaying its commit instead of at its next status interval (wal_receiver_status_interval).
std::string target_position(Connection& connection)
{
  if (!first(connection.query("SELECT current_setting('synchronous_standby_names')")).empty()) {
    return first(connection.query("SELECT pg_current_wal_insert_lsn()::text"));
  }
  Transaction transaction(connection);
  connection.execute("SET LOCAL synchronous_commit = remote_apply");
  // An xid makes the commit write a commit record, the one that carries the feedback request.
  const auto position = first(connection.query("SELECT pg_current_wal_insert_lsn()::text, pg_current_xact_id()"));
  transaction.commit();
  return position;
}

ReplicaWait await_replicas(Connection& connection, std::chrono::milliseconds timeout,
                           const std::function<void(const std::string&)>& progress)
{
  ReplicaWait wait;
  const auto present = connection.query(standbys_sql({}));
  wait.standbys = static_cast<int>(present.rows.size());
  if (present.empty()) {
    return wait;
  }
  if (std::any_of(present.rows.begin(), present.rows.end(), [](const auto& row) { return !row[2]; })) {
    wait.lagging.push_back(fmt::format(
      "{} standby(s) stream from this server, but their replay positions are hidden from role {}: grant it "
      "pg_read_all_stats (or pg_monitor) so that strata can wait for them",
      wait.standbys, first(connection.query("SELECT current_user"))));
    return wait;
  }
  wait.position = target_position(connection);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::milliseconds pause{5};
  bool reported = false;
  for (;;) {
    const auto rows = connection.query(standbys_sql(wait.position));
    wait.lagging.clear();
    for (const auto& row : rows.rows) {
      if (row[5].value_or("") != "t") {
        wait.lagging.push_back(fmt::format("{} at {}: replayed up to {}, {} behind {} ({})", row[0].value_or(""),
                                           row[1].value_or(""), row[3].value_or("nothing yet"),
                                           row[4].value_or("?"), wait.position, row[2].value_or("")));
      }
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    wait.waited_ms = waited.count();
    if (wait.lagging.empty() || waited >= timeout) {
      return wait;
    }
    if (!reported && waited >= std::chrono::seconds(1) && progress) {
      reported = true;
      progress(fmt::format("waiting for {} standby(s) to replay up to {}: {}", wait.lagging.size(), wait.position,
                           wait.lagging.front()));
    }
    std::this_thread::sleep_for(std::min(pause, timeout - waited));
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
}

std::string no_session_settings(Connection& connection, const DbUrl& url)
{
  const auto path = server_path(connection, url);
  return path == ServerPath::transaction_pooled || path == ServerPath::statement_pooled ? describe(path)
                                                                                         : std::string{};
}

} // namespace

const Deployment& deployment()
{
  static const Deployment assembled{&read_only_server, &await_replicas, &no_session_settings};
  return assembled;
}

} // namespace strata::dialects::postgres
