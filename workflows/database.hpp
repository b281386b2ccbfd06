#pragma once
// A database a workflow reads or changes: its URL, its dialect, the default schema (PostgreSQL
// --schema-name) and the open connection. Commands resolve flags and environment into a DbUrl;
// everything from connecting on lives here.

#include "dialects/connection.hpp"
#include "dialects/dialect.hpp"
#include "dialects/url.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

struct Database {
  dialects::DbUrl url;
  // --schema-name: the default schema (empty: the connection's own, normally public), then any
  // further schemas named after a comma (inspect reads them too).
  std::string default_schema;
  std::vector<std::string> extra_schemas;
  const dialects::Dialect* dialect = nullptr;
  std::unique_ptr<dialects::Connection> connection;
};

// Where a workflow finds the --db database: its URL (none given: nullopt) and --schema-name's
// text ("NAME[,EXTRA...]", empty for the connection's default).
struct Target {
  std::optional<dialects::DbUrl> url;
  std::string schema_names;
};

// How a workflow uses the database. Read-only commands (inspect, drift, status, history, backup
// list, and lint and verify reading --db) connect so that the server itself refuses any write
// (DbUrl::read_only): a SQLite file is opened read-only and never created. read_write needs an
// existing database too: a SQLite file that does not exist is an error naming it, so a mistyped
// path never creates a database. Only `apply` uses create, which makes a missing SQLite file.
enum class Access { read_write, read_only, create };

// Finds the URL's dialect, applies `schema_names` (Error(usage) on an engine without schemas or
// an empty name) and connects. Logs the redacted URL at debug level.
Database open_database(const dialects::DbUrl& url, const std::string& schema_names = {},
                       Access access = Access::read_write);
// Error(usage) when target.url is empty.
Database open_database(const Target& target, Access access = Access::read_write);

// `plan`'s database: the --db one, or, for a SQLite file that does not exist yet, an empty
// database in memory (the file is not created; `apply` creates it). `url` names the file.
Database open_or_empty(const Target& target);

// A database to read and plan against: the --db one, or a scratch database (scratch.hpp).
struct Source {
  dialects::Connection& connection;
  const dialects::Dialect& dialect;
  const dialects::DbUrl& url;             // its search_path parameter, if any
  std::string default_schema;             // --schema-name's first name (empty: the connection's)
  std::vector<std::string> extra_schemas; // --schema-name's further names
};
Source source_of(Database& db);

// --schema-name's first name, else public for engines with schemas, else empty.
std::string default_schema_of(const Source& source);
// The same for a target before it is opened: its URL's engine, --schema-name's first name.
// Empty without a URL.
std::string default_schema_of(const Target& target);

// A SQLite file that does not exist: opening it would create it, so read-only callers skip it.
bool missing_sqlite_file(const dialects::DbUrl& url);

} // namespace strata::workflows
