#pragma once
// The history gate: what a target's migration history says before a workflow builds on it, read
// once (read-only) and judged in one place. A dirty row, an applied file edited or gone since, a
// pending file older than the newest applied one, and the pending files themselves.

#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "workflows/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

struct HistoryGate {
  migrations::StatusReport status;
  const migrations::Directory* directory = nullptr;

  // One message per dirty row, naming its version, file name and failure.
  std::vector<std::string> dirty_messages() const;
  // One message per pending file older than the newest applied version.
  std::vector<std::string> out_of_order_messages() const;
  // Everything that keeps the applied history from being replayed as it ran: dirty rows, missing
  // and edited applied files, out-of-order pending files (drift --against migrations).
  std::vector<std::string> replay_blockers() const;
};

// Reads the target's history (never writes it: no history table is created) and judges it.
HistoryGate read_history_gate(Database& db, const migrations::Directory& directory);

// plan's gate: a dirty database is an IntegrityError, edited or missing applied files are
// warnings (they do not change what the live schema is), a pending file is an Error(input): a
// plan on top of it would repeat its changes.
void refuse_unless_current(const HistoryGate& gate, const std::string& redacted_url);

// drift --against migrations's gate: every replay blocker at once as one IntegrityError; else
// the newest applied version (nullopt: nothing applied).
std::optional<std::string> require_replayable(const HistoryGate& gate);

} // namespace strata::workflows
