#pragma once
// Whether a PostgreSQL connection reaches the server directly or through a pooler (PgBouncer),
// and which kind: the migration lock (lock.cpp) and the session settings of the executor
// (deployment.cpp) depend on it.

#include "dialects/postgres/connection.hpp"

#include <string>

namespace strata::dialects::postgres {

// How `connection` (made from `url`) reaches its server; found out on the first call and kept on
// the connection. A connection whose two ends agree with what the server sees (the server's
// client address and port are this socket's, the server's port is the one connected to) is
// direct. Anything else has something in between; a second connection then tells a pooler that
// hands server sessions around from one that keeps them: it opens a transaction (which pins a
// server session) right after this connection ran a statement. When that transaction runs on
// this connection's server session, or this connection's next statement runs on another one,
// the server sessions are pooled per transaction. A pooler that refuses the transaction
// (statement pooling) is told apart too. Throws DatabaseError when the second connection
// cannot be made.
ServerPath server_path(Connection& connection, const DbUrl& url);

// True for libpq's error when a pooler (PgBouncer) refuses the `options` startup parameter, which
// strata uses for the URL's search_path and the read-only commands' default_transaction_read_only.
bool pooler_refuses_options(const std::string& message);

// "through a transaction pooler (the server session changed between transactions)" and the
// like, for messages; empty for a direct connection.
std::string describe(ServerPath path);

} // namespace strata::dialects::postgres
