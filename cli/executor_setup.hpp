#pragma once
// ExecutorOptions as the commands that run migrations build them: confirmation only on a
// terminal, progress lines on stderr, the default backup folder.

#include "migrations/executor.hpp"
#include "workflows/migrate.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace strata::cli {

struct RunFlags {
  bool yes = false;
  double lock_timeout_seconds = 10;
  std::string backup_dir; // empty: $STRATA_BACKUP_DIR, then <dir>/../.strata/backups
  // The statement lock timeout ("1", "0.3", "300ms", "2s"; 0: none) and its retries; empty:
  // $STRATA_DDL_LOCK_TIMEOUT / $STRATA_DDL_LOCK_RETRIES, then 1 s and 5.
  std::string ddl_lock_timeout;
  std::string ddl_lock_retries;
  // The default statement timeout of migration files ("30s", "10min", "2h", seconds; 0: none);
  // empty: $STRATA_STATEMENT_TIMEOUT, then none.
  std::string statement_timeout;
  // apply, rollback: how long to wait for the standbys afterwards ("30s"; 0: no wait); empty:
  // $STRATA_REPLICA_WAIT, then 30 s.
  std::string replica_wait;
};

// -y/--yes, --lock-timeout SECONDS, --backup-dir D, --ddl-lock-timeout T, --statement-timeout T,
// --ddl-lock-retries N.
void add_run_flags(CLI::App& command, RunFlags& flags);
// --ddl-lock-timeout T, --statement-timeout T and --ddl-lock-retries N alone (repair --continue).
void add_ddl_lock_flags(CLI::App& command, RunFlags& flags);
// --replica-wait T (apply, rollback).
void add_replica_wait_flag(CLI::App& command, RunFlags& flags);
// Exit code of an apply or rollback that ran: ok, or replicas_behind after logging (as warnings)
// each standby that had not replayed the files when the wait ended.
int run_exit_code(const workflows::RunResult& result);

// Error(usage) for a negative --lock-timeout or a --ddl-lock-timeout / --ddl-lock-retries (or
// their variables) that is not a duration / a count of 0 or more. The backup folder is --backup-dir, else
// $STRATA_BACKUP_DIR, else empty (the executor's default: .strata/backups beside the migration
// folder, or the database itself for engines with server-side backups). Confirmation is asked
// only on a terminal; progress lines go to stderr.
migrations::ExecutorOptions executor_options(const RunFlags& flags);

} // namespace strata::cli
