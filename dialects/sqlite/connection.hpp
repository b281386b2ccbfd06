#pragma once
// RAII connection over sqlite3*.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

struct sqlite3;

namespace strata::dialects::sqlite {

class SqliteConnection final : public Connection {
public:
  // Opens (creating if needed) the file of `url` (":memory:" allowed); with url.read_only, opens
  // an existing file read-only (a missing one is an error). Throws DatabaseError.
  explicit SqliteConnection(const DbUrl& url);
  ~SqliteConnection() override;

  const std::string& engine() const override { return m_engine; }
  std::string redacted_url() const override { return m_url.redacted(); }
  void execute(const std::string& sql) override; // several ';'-separated statements allowed
  ResultSet query(const std::string& sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;

  // BEGIN IMMEDIATE: takes the write lock now (waits up to the busy timeout).
  void begin_immediate();
  void set_busy_timeout(int milliseconds);
  sqlite3* handle() const { return m_db; }
  const DbUrl& url() const { return m_url; }

private:
  [[noreturn]] void fail(const std::string& what) const;

  sqlite3* m_db = nullptr;
  DbUrl m_url;
  std::string m_engine = "sqlite";
};

} // namespace strata::dialects::sqlite
