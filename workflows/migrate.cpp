#include "workflows/migrate.hpp"

#include "migrations/confirm.hpp"
#include "schemas/error.hpp"
#include "workflows/interrupted.hpp"

#include <fmt/format.h>

#include <memory>
#include <utility>

namespace strata::workflows {

RunResult run_result_of(const MigrationSession& session, const migrations::ApplyResult& result, bool dry_run)
{
  RunResult out;
  for (const auto& version : result.applied) {
    out.files.push_back(session.file_of(version));
  }
  out.backups = result.backups;
  for (const auto& version : result.stopped_before) {
    out.stopped_before.push_back(session.file_of(version));
  }
  out.replicas = result.replicas;
  out.dry_run = dry_run;
  return out;
}

namespace {

// The statement `row` failed at, as its file reads now.
std::string failed_statement(const migrations::Migration* migration, const migrations::HistoryRow& row,
                             const dialects::Administration& engine)
{
  if (migration == nullptr || row.failed_statement <= 0) {
    return {};
  }
  const auto statements =
    migrations::split_statements(row.direction == "down" ? migration->down_sql : migration->up_sql, engine);
  if (row.failed_statement > static_cast<int>(statements.size())) {
    return {};
  }
  return statements[static_cast<size_t>(row.failed_statement - 1)].sql;
}

} // namespace

namespace {

migrations::Directory verified(const std::filesystem::path& dir, SumCheck sum)
{
  auto directory = migrations::Directory::open(dir);
  if (sum == SumCheck::refuse) {
    directory.verify_sum_or_throw();
  }
  return directory;
}

} // namespace

MigrationSession::MigrationSession(const Target& target, const std::filesystem::path& dir, Access access,
                                   migrations::ExecutorOptions options, SumCheck sum)
  : directory(verified(dir, sum)),
    db(open_database(target, access)),
    executor(*db.connection, *db.dialect, db.url, directory, std::move(options))
{
}

std::string MigrationSession::file_of(const std::string& version) const
{
  const auto* migration = directory.find(version);
  return migration == nullptr ? version : migration->file_name();
}

std::string dirty_file(const migrations::Directory& directory, const migrations::HistoryRow& row)
{
  const auto* migration = directory.find(row.version);
  if (migration == nullptr) {
    return row.name;
  }
  return (row.direction == "down" ? migration->down_path : migration->up_path).filename().string();
}

RunResult run_apply(const RunRequest& request)
{
  if (!request.capture.enabled) {
    MigrationSession session(request.target, request.dir, Access::create, request.executor);
    return run_result_of(session, session.executor.apply(request.to, request.dry_run), request.dry_run);
  }
  if (request.dry_run) {
    throw Error(ErrorKind::usage, "--capture reads the database around each file it applies, and a dry run applies "
                                  "none: drop --dry-run or --capture");
  }
  // The executor's options are fixed when the session opens the database the capture reads.
  std::unique_ptr<StateCapture> capture;
  auto options = request.executor;
  options.around_file = [&capture](const migrations::Migration& migration, migrations::FilePhase phase) {
    capture->around(migration, phase);
  };
  MigrationSession session(request.target, request.dir, Access::create, std::move(options));
  capture = std::make_unique<StateCapture>(session.db, request.capture, request.on_capture);
  auto result = run_result_of(session, session.executor.apply(request.to, false), false);
  result.captures = capture->files();
  return result;
}

RunResult run_rollback(const RunRequest& request, std::optional<int> steps)
{
  if (request.to.has_value() == steps.has_value()) {
    throw Error(ErrorKind::usage, "rollback needs exactly one of --to VERSION or --steps N");
  }
  if (steps && *steps < 1) {
    throw Error(ErrorKind::usage, "--steps must be 1 or more");
  }
  MigrationSession session(request.target, request.dir, Access::read_write, request.executor);
  return run_result_of(session, session.executor.rollback(request.to, steps, request.dry_run), request.dry_run);
}

void confirm_change(const migrations::ExecutorOptions& options, const std::string& question, const std::string& what)
{
  migrations::confirm_or_refuse(options, question,
                                "refusing to " + what + " without --yes (there is no terminal to ask on)",
                                "cancelled: did not " + what);
}

RepairResult run_repair(const RepairRequest& request)
{
  MigrationSession session(request.target, request.dir, Access::read_write, request.executor);
  auto dirty = session.executor.dirty_row();
  if (!dirty) {
    throw Error(ErrorKind::input,
                "nothing to repair: no migration is dirty on " + session.db.connection->redacted_url());
  }
  RepairResult result;
  result.file = dirty_file(session.directory, *dirty);
  result.failed_sql = failed_statement(session.directory.find(dirty->version), *dirty, *session.db.dialect);
  result.dirty = std::move(*dirty);
  if (request.action) {
    confirm_change(request.executor,
                   fmt::format("repair the dirty version {} ({}) on {}?", result.dirty.version, result.file,
                               session.db.connection->redacted_url()),
                   "repair the dirty version " + result.dirty.version);
    const auto check = [&](const migrations::HistoryRow& row, const migrations::Migration& migration, int number) {
      return check_interrupted(session.db, session.directory, row, migration, number);
    };
    result.repaired = session.executor.repair(*request.action, request.current, check);
  }
  return result;
}

AcceptResult run_accept_edit(const RepairRequest& request, const std::string& version)
{
  MigrationSession session(request.target, request.dir, Access::read_write, request.executor);
  AcceptResult result{session.executor.accept_edit(version), {}};
  result.checksum = session.directory.find(version)->checksum;
  return result;
}

} // namespace strata::workflows
