#pragma once
// The commands that run migration files on the --db database: apply, rollback and repair. Each
// opens the folder and the database and drives one migrations::Executor, which takes the lock,
// refuses a dirty or edited history, asks before destructive steps and takes the backups.

#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "workflows/capture.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

// How a command treats a folder that does not match its strata.sum.
enum class SumCheck {
  refuse, // IntegrityError before connecting, worded as apply's (every command but status)
  report, // status: listed among its problems
};

// A migration folder and the database it runs on, with the executor over both. Opens the folder
// first (a misnamed file is reported, a tampered one refused, before connecting), then the
// database.
struct MigrationSession {
  MigrationSession(const Target& target, const std::filesystem::path& dir, Access access,
                   migrations::ExecutorOptions options, SumCheck sum = SumCheck::refuse);
  MigrationSession(const MigrationSession&) = delete;
  MigrationSession& operator=(const MigrationSession&) = delete;

  // The up file name of a version (the version itself when its file is gone).
  std::string file_of(const std::string& version) const;

  migrations::Directory directory;
  Database db;
  migrations::Executor executor;
};

// The file a dirty row was left by: its up file, or its down file for a rollback (the row's
// recorded name when the file is gone).
std::string dirty_file(const migrations::Directory& directory, const migrations::HistoryRow& row);

// The files an apply or rollback ran (or would run, in a dry run).
struct RunResult {
  std::vector<std::string> files;   // file names, in the order run (a version whose file is gone: the version)
  std::vector<std::string> backups; // ids of the backups taken before destructive steps
  // Files left pending because the run was asked to stop (ExecutorOptions::stop_requested).
  std::vector<std::string> stopped_before;
  // The wait for the standbys after the files ran (migrations::ApplyResult::replicas).
  std::optional<dialects::ReplicaWait> replicas;
  bool dry_run = false;
  // apply --capture: the state around each file applied (capture.hpp).
  std::vector<FileCapture> captures;
};

// What apply and rollback take. The executor's options come from the caller: its confirmation
// (null: refuse without --yes), progress lines, lock timeout and backup folder.
struct RunRequest {
  Target target;
  std::filesystem::path dir;
  std::optional<std::string> to; // apply: up to and including it (all pending when empty);
                                 // rollback: every version newer than it
  bool dry_run = false;
  migrations::ExecutorOptions executor;
  // apply --capture: read the state around each file; `on_capture` gets each file's report as
  // soon as it is made. Error(usage) with dry_run: a dry run applies no file.
  CaptureOptions capture;
  std::function<void(const FileCapture&)> on_capture;
};

// The files `result` names, as the session's folder names them.
RunResult run_result_of(const MigrationSession& session, const migrations::ApplyResult& result, bool dry_run);

// Throws IntegrityError (dirty, edited or missing files), SafetyRefusal (a destructive file not
// approved), StatementError (a failing statement) as migrations::Executor::apply does.
RunResult run_apply(const RunRequest& request);

// Rolls back to `to` or the newest `steps` versions. Error(usage) unless exactly one of the two
// (steps: 1 or more) is given; then as run_apply.
RunResult run_rollback(const RunRequest& request, std::optional<int> steps);

struct RepairRequest {
  Target target;
  std::filesystem::path dir;
  std::optional<migrations::RepairAction> action; // none: only show the dirty version
  migrations::ExecutorOptions executor;
  // resume after a kill: the statement that was running is checked on the live catalog
  // (check_interrupted), or taken as done (--skip-current) or not (--rerun-current).
  migrations::CurrentStatement current = migrations::CurrentStatement::check;
};

struct RepairResult {
  migrations::HistoryRow dirty; // the dirty row as it was found
  std::string file;             // the file it was left by (its down file for a rollback)
  // The failed statement's text, from the file as it is now (empty when unknown or gone).
  std::string failed_sql;
  std::optional<migrations::RepairResult> repaired; // set when an action ran
};

// Asks `question` through options.confirm unless options.yes. SafetyRefusal (exit 3) when it
// cannot ask (no terminal: confirm is null) or the answer is no; `what` names the change refused.
void confirm_change(const migrations::ExecutorOptions& options, const std::string& question, const std::string& what);

// Error(input) when nothing is dirty. With an action, confirms it (confirm_change), takes the lock and acts (resume: a failing
// statement leaves the row dirty at it and throws StatementError).
RepairResult run_repair(const RepairRequest& request);

struct AcceptResult {
  migrations::HistoryRow before; // the row as it was (the old checksum)
  std::string checksum;          // the checksum recorded now: the edited file's
};

// `repair --accept VERSION` (request.action unused): migrations::Executor::accept_edit.
AcceptResult run_accept_edit(const RepairRequest& request, const std::string& version);

} // namespace strata::workflows
