#pragma once
// strata_schema_runs: one row per run of one migration file (apply, rollback, repair
// --continue), written when the run starts ("running") and again when it ends, so a team can see
// and graph how long each migration took, how many rows it changed and how it ended — failed
// runs included, which strata_schema_history (one row per applied version) does not keep.

#include "dialects/dialect.hpp"
#include "migrations/executor.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

class RunLog {
public:
  RunLog(dialects::Connection& connection, const dialects::Dialect& dialect);

  // Creates the table when missing; running it again changes nothing.
  void ensure();
  // Marks every row still "running" as "interrupted": called under the migration lock, when no
  // other run can be going on, so such a row was left by a run that was killed or lost its
  // connection. Returns how many rows it marked.
  long long mark_interrupted();
  // Inserts `run` as running, with the next id (under the migration lock) written into it.
  void start(RunRow& run);
  // Writes the end of `run`: outcome, finished_at, duration, rows, message.
  void finish(const RunRow& run);
  // Every row, oldest first; empty when the table does not exist (read-only: creates nothing).
  std::vector<RunRow> rows();

private:
  std::string table() const;
  std::string q(const char* name) const;
  std::string literal(const std::string& value) const;

  dialects::Connection& m_connection;
  const dialects::Dialect& m_dialect;
};

// Current UTC time as ISO-8601 with milliseconds ("2026-12-05T23:30:00.123Z").
std::string utc_now_iso_ms();

} // namespace strata::migrations
