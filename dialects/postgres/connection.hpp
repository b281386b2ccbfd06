#pragma once
// RAII connection over libpq's PGconn*.

#include "dialects/url_connection.hpp"

struct pg_conn;

namespace strata::dialects::postgres {

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
  ResultSet query(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override; // no-op outside a transaction

  bool in_transaction() const;
  pg_conn* handle() const { return m_conn; }

private:
  pg_conn* m_conn = nullptr;
};

// The libpq keyword/value pairs for `url` (password included: never print the result).
std::vector<std::pair<std::string, std::string>> connection_parameters(const DbUrl& url);

} // namespace strata::dialects::postgres
