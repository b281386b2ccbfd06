#pragma once
// The read-only views of a database's migrations: status (current version, pending files and
// every integrity problem), history (the rows of strata_schema_history) and the backups taken
// before destructive steps, with their restore. Status, history and the backup list connect
// read-only (Access::read_only).

#include "dialects/dialect.hpp"
#include "migrations/executor.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

// The --db database and the migration folder of a read-only view.
struct HistoryRequest {
  Target target;
  std::filesystem::path dir;
};

struct DirtyVersion {
  migrations::HistoryRow row;
  std::string file; // the file it was left by (workflows::dirty_file)
};

struct StatusResult {
  std::string database;        // its redacted URL
  std::filesystem::path dir;   // the migration folder as opened
  size_t migrations = 0;       // files in the folder
  migrations::StatusReport report;
  std::string current_file;    // the current version's file name ("" when none or gone)
  std::vector<std::string> pending_files; // file names of report.pending
  std::vector<DirtyVersion> dirty;        // report.dirty_rows with their files
  bool ok() const { return report.ok(); }
};

StatusResult run_status(const HistoryRequest& request);

struct HistoryResult {
  std::string database; // its redacted URL
  std::vector<migrations::HistoryRow> rows;
  std::vector<migrations::RunRow> runs; // every run of a file (strata_schema_runs), oldest first
};

HistoryResult run_history(const HistoryRequest& request);

struct BackupRequest {
  Target target;
  std::filesystem::path dir;
  std::string id; // restore: the backup to put back
  // Its backup_dir says where file backups are (empty: the executor's default); restore takes the
  // migration lock (lock_timeout) and reports through `progress`.
  migrations::ExecutorOptions executor;
};

struct BackupEntry {
  dialects::BackupRecord record;
  // The version it was taken for: from the history rows that reference it, else (after a
  // rollback removed the row) the id's leading version when that migration exists; else "-".
  std::string version;
};

struct BackupList {
  std::string database; // its redacted URL
  std::vector<BackupEntry> backups;
};

BackupList list_backups(const BackupRequest& request);

// Restores backup `request.id` once confirmed (confirm_change: --yes, or a yes on a terminal);
// Error(input) for an unknown id.
dialects::BackupRecord restore_backup(const BackupRequest& request);

struct PruneRequest {
  Target target;
  std::filesystem::path dir;
  std::string older_than;          // an age ("30d", "12h", "90m", "2w"); empty: none
  std::optional<std::size_t> keep; // the newest N always stay
  bool dry_run = false;            // only list what would go (read-only, no lock)
  // Its confirm/yes approve the removal; lock_timeout and progress as for restore.
  migrations::ExecutorOptions executor;
};

struct PruneOutcome {
  std::string database; // its redacted URL
  bool dry_run = false;
  migrations::PruneResult result;
};

// Removes old backups (migrations::Executor::prune_backups). Error(usage) for a bad age or
// neither an age nor a count; SafetyRefusal when the removal is not approved.
PruneOutcome prune_backups(const PruneRequest& request);

} // namespace strata::workflows
