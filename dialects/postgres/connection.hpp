#pragma once
// RAII connection over libpq's PGconn*.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

struct pg_conn;

namespace strata::dialects::postgres {

class PostgresConnection final : public Connection {
public:
  // Connects with the URL's host, port, user, password, database and the libpq parameters it
  // carries (sslmode, connect_timeout, application_name, search_path, ...). Throws DatabaseError
  // naming the redacted URL.
  explicit PostgresConnection(const DbUrl& url);
  ~PostgresConnection() override;

  const std::string& engine() const override { return m_engine; }
  std::string redacted_url() const override { return m_url.redacted(); }
  // Several ';'-separated statements run as one simple query (one implicit transaction unless
  // inside begin()/commit()).
  void execute(const std::string& sql) override;
  ResultSet query(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override; // no-op outside a transaction

  bool in_transaction() const;
  const DbUrl& url() const { return m_url; }
  pg_conn* handle() const { return m_conn; }

private:
  pg_conn* m_conn = nullptr;
  DbUrl m_url;
  std::string m_engine = "postgres";
};

// The libpq keyword/value pairs for `url` (password included: never print the result).
std::vector<std::pair<std::string, std::string>> connection_parameters(const DbUrl& url);

} // namespace strata::dialects::postgres
