#pragma once
// ExecutorOptions as the commands that run migrations build them: confirmation only on a
// terminal, progress lines on stderr, the default backup folder.

#include "migrations/executor.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace strata::cli {

struct RunFlags {
  bool yes = false;
  double lock_timeout_seconds = 10;
  std::string backup_dir; // empty: $STRATA_BACKUP_DIR, then <dir>/../.strata/backups
};

// -y/--yes, --lock-timeout SECONDS, --backup-dir D.
void add_run_flags(CLI::App& command, RunFlags& flags);

// Error(usage) for a negative --lock-timeout. The backup folder is --backup-dir, else
// $STRATA_BACKUP_DIR, else empty (the executor's default: .strata/backups beside the migration
// folder, or the database itself for engines with server-side backups). Confirmation is asked
// only on a terminal; progress lines go to stderr.
migrations::ExecutorOptions executor_options(const RunFlags& flags);

} // namespace strata::cli
