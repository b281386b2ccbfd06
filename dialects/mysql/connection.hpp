#pragma once
// RAII connection over the MySQL/MariaDB client library's MYSQL* (Debian's libmariadb through
// default-libmysqlclient-dev).

#include "dialects/url_connection.hpp"

#include <string>

struct st_mysql;

namespace strata::dialects::mysql {

// What the connected server is: MariaDB and MySQL 8 differ in catalogs and DDL, and the dialect
// asks these predicates instead of comparing version strings in place.
struct ServerInfo {
  bool mariadb = false;
  unsigned long version = 0; // major*10000 + minor*100 + patch, e.g. 101119 or 80036
  std::string version_text;  // SELECT VERSION()

  // MySQL 8.0.13+: functional key parts (`INDEX ((lower(email)))`); MariaDB has none.
  bool functional_indexes() const { return !mariadb && version >= 80013; }
  // MySQL 8.0.16+ and MariaDB 10.2+ enforce CHECK constraints.
  bool enforces_checks() const { return mariadb ? version >= 100201 : version >= 80016; }
  // ALGORITHM=INSTANT exists (MySQL 8.0.12+, MariaDB 10.3.2+).
  bool instant_ddl() const { return mariadb ? version >= 100302 : version >= 80012; }
  // information_schema.COLUMNS.COLUMN_DEFAULT quotes string literals (MariaDB 10.2.7+); MySQL
  // gives the bare text and marks expressions with DEFAULT_GENERATED in EXTRA.
  bool quoted_column_defaults() const { return mariadb; }
  // information_schema.CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (MariaDB); MySQL 8 names
  // neither (the table comes from TABLE_CONSTRAINTS).
  bool check_constraints_name_table() const { return mariadb; }
  // MariaDB's JSON is LONGTEXT with a json_valid() CHECK; MySQL has a native JSON type.
  bool native_json() const { return !mariadb; }
  // RENAME COLUMN (MySQL 8.0, MariaDB 10.5.2+); older servers need CHANGE COLUMN with the type.
  bool rename_column() const { return mariadb ? version >= 100502 : version >= 80000; }
  // ALTER TABLE ... ALTER INDEX/RENAME INDEX (MySQL 5.7+, MariaDB 10.5.2+).
  bool rename_index() const { return mariadb ? version >= 100502 : version >= 50700; }
  // Indexes the optimizer does not use: MySQL 8.0's INVISIBLE (information_schema.STATISTICS.
  // IS_VISIBLE), MariaDB 10.6's IGNORED (STATISTICS.IGNORED). Older servers have neither column.
  bool invisible_indexes() const { return mariadb ? version >= 100600 : version >= 80000; }
};

class MysqlConnection final : public UrlConnection {
public:
  // Connects over TCP (host, port) or a unix socket (`?socket=/run/mysqld/mysqld.sock`) with the
  // URL's user, password and database; `connect_timeout` (seconds) and `ssl_mode`
  // (disabled|required|verify_identity) are read from the query string. Throws DatabaseError
  // naming the redacted URL. The session gets utf8mb4, UTC, and a sql_mode without ANSI_QUOTES
  // or NO_BACKSLASH_ESCAPES, so that the SQL strata renders means what it says. A read-only
  // session (url.read_only) of a Galera node also gets wsrep_sync_wait = 1 (causal reads).
  explicit MysqlConnection(const DbUrl& url);
  ~MysqlConnection() override;

  // Several ';'-separated statements may be given; every result is consumed and the first error
  // is thrown. DDL commits implicitly on this engine.
  void execute(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;

  const ServerInfo& server() const { return m_server; }
  // The connection's current database (the URL's), empty when none.
  const std::string& database() const { return url().database; }

private:
  [[noreturn]] void fail(const std::string& context) const;
  // The statements of `sql`; the rows of the first result as the server sends them
  // (mysql_use_result).
  void receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each) override;

  st_mysql* m_conn = nullptr;
  ServerInfo m_server;
};

} // namespace strata::dialects::mysql
