#pragma once
// Database URLs: sqlite:path, a bare path, postgres[ql]://user:pass@host:port/db?k=v or a
// PostgreSQL keyword/value string (host=... dbname=..., service=...), both read by libpq's own
// parser (dialects/postgres/conninfo.hpp), and mysql://user:pass@host:port/db?k=v. The password
// never leaves this struct except to connect.

#include <map>
#include <set>
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
  // Params whose values are secrets (PostgreSQL: the options libpq displays as "*"): redacted.
  std::set<std::string> secret_params;
  // Given as a PostgreSQL keyword/value string: redacted() shows it in that form.
  bool keyword_form = false;
  std::string original; // as given (contains the password: never print; use redacted())
  // Set by read-only commands (inspect, drift, status, history, lint and verify on --db), never
  // parsed from the text: the connection is made so that the server itself refuses any write
  // (SQLite: opened read-only, a missing file is an error instead of a new empty file;
  // PostgreSQL: default_transaction_read_only; MySQL: SET SESSION TRANSACTION READ ONLY).
  bool read_only = false;

  // Throws strata::Error(usage) for an unknown scheme, a malformed URL or a MySQL URL without a
  // database. No message quotes any part of a URL's user:password: a URL whose '@' does not
  // end its user:password part (a '/', '?', '#' or '@' in the password left unencoded, or an '@'
  // elsewhere) is refused without showing any of it.
  static DbUrl parse(const std::string& text);
  // The display form of the URL, in every message and log: the password and every secret param
  // replaced by "***".
  std::string redacted() const;
};

// %XX sequences decoded (URL userinfo, paths and query values).
std::string percent_decode(const std::string& text);

// `url` (scheme://...) with everything between "://" and its last '@' (the user name and
// password, and whatever a misplaced '@' may have pulled in) replaced by "***": a URL as an error
// about it may show it. Unchanged when it holds no '@'.
std::string without_userinfo(const std::string& url);

} // namespace strata::dialects
