#pragma once
// What the PostgreSQL engine of the read-only scenario (read_only.hpp) stands on: a role that may only read the
// workspace's database, a fingerprint of that database's catalog, and the server log's entries
// of one role (scripts/postgres.sh lets the test role set log_statement on the roles it creates
// and read the log through pg_read_file).

#include "tests/e2e/support/pg_support.hpp"

#include <string>
#include <vector>

namespace strata::e2e {

// A login role with CONNECT on the workspace's database, USAGE on public and SELECT on its
// tables and sequences only; TEMP is revoked from PUBLIC on that database; the role's sessions
// are read-only (default_transaction_read_only) and log every statement. Dropped afterwards.
class PgReadOnlyRole {
public:
  explicit PgReadOnlyRole(PgWorkspace& ws);
  ~PgReadOnlyRole();
  PgReadOnlyRole(const PgReadOnlyRole&) = delete;
  PgReadOnlyRole& operator=(const PgReadOnlyRole&) = delete;

  const std::string& name() const { return m_name; }
  // postgres://<role>:<password>@host:port/<the workspace's database>
  std::string url() const;

private:
  PgWorkspace& m_ws;
  std::string m_name;
  std::string m_password;
};

// Every relation, column, constraint, index, default, type, view and namespace of the database
// (with oids and file nodes, so a drop and re-create shows), its ACL, and the rows of
// strata_schema_history and the project's tables: equal fingerprints mean nothing was written.
std::string pg_catalog_fingerprint(PgWorkspace& ws);

struct PgLogEntry {
  std::string level; // LOG, ERROR, STATEMENT, ...
  std::string text;  // the message after "LEVEL:  ", continuation lines included
};

// The server log from the moment of construction on. Outside CI a log that cannot be read (a
// server not set up by scripts/postgres.sh) only skips the log checks, with the reason printed;
// under CI=true it fails the test.
class PgServerLog {
public:
  explicit PgServerLog(PgWorkspace& ws);
  bool readable() const { return m_readable; }
  // The entries logged since construction by `role` connected to `database`.
  std::vector<PgLogEntry> entries_of(const std::string& role, const std::string& database);

private:
  PgWorkspace& m_ws;
  std::string m_path;
  long long m_offset = 0;
  bool m_readable = false;
};

// A logged statement that writes (read_only.hpp), or an error other than the refusal to
// create a scratch database next to --db (a role without CREATEDB; documented, and not a write
// into the target).
bool pg_writing_entry(const PgLogEntry& entry);

} // namespace strata::e2e
