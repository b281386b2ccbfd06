// A PostgreSQL connection's path to its server: direct, through a proxy that keeps sessions, or
// through a pooler that hands server sessions around (see pooling.hpp).
#include "dialects/postgres/pooling.hpp"

#include "schemas/error.hpp"

#include "dialects/postgres/libpq.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>

namespace strata::dialects::postgres {

namespace {

// The port of a TCP socket address; nullopt for a unix socket (or an unknown family).
std::optional<int> port_of(const sockaddr_storage& address)
{
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return std::nullopt;
}

std::string value(const ResultSet& result, size_t column)
{
  return result.rows.empty() || result.rows[0].size() <= column ? std::string{}
                                                                : result.rows[0][column].value_or("");
}

// True when this socket's two ends are what the server sees of its client (a unix socket: the
// server sees one too, with the port connected to).
bool ends_agree(PostgresConnection& connection, const ResultSet& seen)
{
  const std::string server_port = value(seen, 0);
  const std::string client_port = value(seen, 1); // empty: the server's client is a unix socket
  const std::string local_port_seen = value(seen, 2);
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_size = sizeof local;
  socklen_t peer_size = sizeof peer;
  const int socket = libpq().PQsocket(connection.handle());
  if (socket < 0 || getsockname(socket, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) {
    return false;
  }
  const auto mine = port_of(local);
  if (!mine) { // a unix socket: its file name carries the port connected to
    const char* port = libpq().PQport(connection.handle());
    return client_port.empty() && port != nullptr && server_port == port;
  }
  if (getpeername(socket, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) {
    return false;
  }
  const auto theirs = port_of(peer);
  return theirs && client_port == std::to_string(*mine) && local_port_seen == std::to_string(*theirs);
}

std::string backend_pid(Connection& connection)
{
  return value(connection.query("SELECT pg_backend_pid()"), 0);
}

// Something is in between: pooled per transaction, or one server session per client?
ServerPath behind_middleman(Connection& connection, const DbUrl& url)
{
  PostgresConnection other(url);
  std::string mine = backend_pid(connection);
  // A pooler reuses the session just released first (PgBouncer: LIFO), so one round nearly always
  // decides; a busy pool may hand out another idle session, hence a few rounds.
  for (int round = 0; round < 3; ++round) {
    std::string pinned;
    try {
      other.execute("BEGIN");
      pinned = backend_pid(other);
    } catch (const DatabaseError&) {
      return ServerPath::statement_pooled; // PgBouncer: "transaction blocks not allowed"
    }
    const std::string again = backend_pid(connection);
    other.execute("ROLLBACK");
    if (pinned == mine || again != mine) {
      return ServerPath::transaction_pooled;
    }
    mine = again;
  }
  return ServerPath::proxy;
}

} // namespace

ServerPath server_path(Connection& connection, const DbUrl& url)
{
  auto* postgres = dynamic_cast<PostgresConnection*>(&connection);
  if (postgres == nullptr || postgres->handle() == nullptr) {
    return ServerPath::direct;
  }
  if (postgres->server_path() == ServerPath::unknown) {
    const auto seen =
      connection.query("SELECT current_setting('port'), inet_client_port(), inet_server_port()");
    postgres->server_path() = ends_agree(*postgres, seen) ? ServerPath::direct : behind_middleman(connection, url);
  }
  return postgres->server_path();
}

bool pooler_refuses_options(const std::string& message)
{
  return message.find("unsupported startup parameter: options") != std::string::npos ||
         message.find("unsupported options startup parameter") != std::string::npos;
}

std::string describe(ServerPath path)
{
  switch (path) {
  case ServerPath::proxy:
    return "through a proxy or session pooler (the server's end of the connection is not this one)";
  case ServerPath::transaction_pooled:
    return "through a transaction pooler (the server session changed between transactions; PgBouncer "
           "pool_mode = transaction)";
  case ServerPath::statement_pooled:
    return "through a statement pooler (a transaction was refused; PgBouncer pool_mode = statement)";
  case ServerPath::unknown:
  case ServerPath::direct:
    break;
  }
  return {};
}

} // namespace strata::dialects::postgres
