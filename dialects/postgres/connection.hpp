#pragma once
// RAII connection over libpq's PGconn*.

#include "dialects/url_connection.hpp"

struct pg_conn;

namespace strata::dialects::postgres {

// How a connection reaches its server (pooling.cpp tells them apart).
enum class ServerPath {
  unknown,            // not asked yet
  direct,             // to the server itself: one server session, this connection's for its life
  proxy,              // through something in between that keeps one server session per client
                      // (a session pooler, a TCP proxy, NAT)
  transaction_pooled, // a pooler hands the server session to other clients between transactions
                      // (PgBouncer pool_mode = transaction)
  statement_pooled,   // a pooler that refuses transactions (PgBouncer pool_mode = statement)
};

class PostgresConnection final : public UrlConnection {
public:
  // Connects with the URL's host, port, user, password, database and the libpq parameters it
  // carries (sslmode, connect_timeout, application_name, search_path, ...). Throws DatabaseError
  // naming the redacted URL.
  explicit PostgresConnection(const DbUrl& url);
  ~PostgresConnection() override;

  // Several ';'-separated statements run as one simple query (one implicit transaction unless
  // inside begin()/commit()).
  void execute(const std::string& sql) override;
  // One statement; the rows it inserted, updated or deleted (the count of its command tag).
  long long execute_counting(const std::string& sql);
  void begin() override;
  void commit() override;
  void rollback() override; // no-op outside a transaction

  bool in_transaction() const;
  pg_conn* handle() const { return m_conn; }
  // What pooling.cpp found out about this connection's path (unknown until it is asked).
  ServerPath& server_path() { return m_path; }

private:
  // libpq's single-row mode: the rows as the server sends them, each statement's in turn.
  void receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each) override;
  pg_conn* m_conn = nullptr;
  ServerPath m_path = ServerPath::unknown;
};

// The libpq keyword/value pairs for `url` (password included: never print the result).
std::vector<std::pair<std::string, std::string>> connection_parameters(const DbUrl& url);

} // namespace strata::dialects::postgres
