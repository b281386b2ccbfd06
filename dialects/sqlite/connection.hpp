#pragma once
// RAII connection over sqlite3*.

#include "dialects/url_connection.hpp"

struct sqlite3;

namespace strata::dialects::sqlite {

class SqliteConnection final : public UrlConnection {
public:
  // Opens (creating if needed) the file of `url` (":memory:" allowed); with url.read_only, opens
  // an existing file read-only (a missing one is an error). Throws DatabaseError.
  explicit SqliteConnection(const DbUrl& url);
  ~SqliteConnection() override;

  void execute(const std::string& sql) override; // several ';'-separated statements allowed
  void begin() override;
  void commit() override;
  void rollback() override;
  // SQLite's parsed schema (PRAGMA writable_schema = RESET: reloaded by the next statement that
  // reads it). Several megabytes for a database of thousands of tables.
  void release_caches() override;

  // BEGIN IMMEDIATE: takes the write lock now (waits up to the busy timeout).
  void begin_immediate();
  void set_busy_timeout(int milliseconds);
  sqlite3* handle() const { return m_db; }

private:
  [[noreturn]] void fail(const std::string& what) const;
  // One statement, stepped: its rows as they come.
  void receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each) override;

  sqlite3* m_db = nullptr;
};

// Whether the linked SQLite (3.37 and later) reports the standard type names (INT, INTEGER,
// REAL, TEXT, BLOB, ANY) in upper case, whatever case a CREATE TABLE wrote them in.
bool reports_standard_type_names();

} // namespace strata::dialects::sqlite
