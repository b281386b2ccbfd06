#pragma once
// Database URLs: sqlite:path, a bare path, postgres[ql]://user:pass@host:port/db?k=v,
// mysql://user:pass@host:port/db?k=v. The password never leaves this struct except to connect.

#include <map>
#include <string>

namespace strata::dialects {

struct DbUrl {
  std::string scheme;   // "sqlite", "postgres", "mysql"
  std::string path;     // sqlite: file path (":memory:" allowed)
  std::string user;
  std::string password;
  std::string host;
  int port = 0;
  std::string database;
  std::map<std::string, std::string> params;
  std::string original; // as given (contains the password: never print; use redacted())
  // Set by read-only commands (inspect, drift, status, history, lint and verify on --db), never
  // parsed from the text: the connection is made so that the server itself refuses any write
  // (SQLite: opened read-only, a missing file is an error instead of a new empty file;
  // PostgreSQL: default_transaction_read_only; MySQL: SET SESSION TRANSACTION READ ONLY).
  bool read_only = false;

  // Throws strata::Error(usage) for an unknown scheme or a malformed URL.
  static DbUrl parse(const std::string& text);
  // The URL with the password replaced by "***".
  std::string redacted() const;
};

} // namespace strata::dialects
