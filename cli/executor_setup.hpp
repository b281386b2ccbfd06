#pragma once
// ExecutorOptions as the commands that run migrations build them: confirmation only on a
// terminal, progress lines on stderr, the default backup folder.

#include "migrations/executor.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace strata::cli {

struct RunFlags {
  bool yes = false;
  double lock_timeout_seconds = 10;
  std::string backup_dir; // empty: $STRATA_BACKUP_DIR, then <dir>/../.strata/backups
};

// --backup-dir, else $STRATA_BACKUP_DIR, else empty (the executor's default: .strata/backups beside
// the migration folder, or the database itself for engines with server-side backups).
std::filesystem::path resolve_backup_dir(const std::string& flag);

// -y/--yes, --lock-timeout SECONDS, --backup-dir D.
void add_run_flags(CLI::App& command, RunFlags& flags);

migrations::ExecutorOptions executor_options(const RunFlags& flags);

// "  <file name>\n" per version (the version itself when its file is gone).
std::string migration_list(const migrations::Directory& directory, const std::vector<std::string>& versions);

} // namespace strata::cli
