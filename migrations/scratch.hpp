#pragma once
// A scratch database where migration files are replayed (verify, lint, drift --against
// migrations), never the target database. SQLite: in memory. PostgreSQL/MySQL: a database strata
// creates on the target's server and always drops, or the empty database given as --dev-db,
// emptied again after use.

#include "dialects/connection.hpp"
#include "dialects/dialect.hpp"
#include "dialects/url.hpp"

#include <memory>
#include <optional>
#include <string>

namespace strata::migrations {

class ScratchDatabase {
public:
  // `dev`: the --dev-db database (must be empty: Error(input) names what is in it). Otherwise a
  // fresh database is created next to `server` (SQLite: in memory); Error(usage) when neither
  // is given and the engine needs a server.
  static std::unique_ptr<ScratchDatabase> open(const dialects::Dialect& dialect,
                                               const std::optional<dialects::DbUrl>& dev,
                                               const std::optional<dialects::DbUrl>& server);
  // Closes the connection, then drops the database strata created or empties the --dev-db.
  // Failures are logged as warnings (naming the database to drop by hand), never thrown.
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  dialects::Connection& connection() { return *m_connection; }
  const dialects::DbUrl& url() const { return m_url; }
  const dialects::Dialect& dialect() const { return m_dialect; }
  // "a temporary database strata_scratch_1234_ab12 on postgres://strata:***@127.0.0.1:5432",
  // "the --dev-db postgres://…/dev", "an in-memory SQLite database": for messages.
  std::string describe() const;

private:
  ScratchDatabase(const dialects::Dialect& dialect, dialects::DbUrl url);

  const dialects::Dialect& m_dialect;
  dialects::DbUrl m_url;
  std::optional<dialects::DbUrl> m_server; // set when strata created the database (drop it)
  bool m_given = false;                    // a --dev-db: clear it
  std::unique_ptr<dialects::Connection> m_connection;
};

} // namespace strata::migrations
