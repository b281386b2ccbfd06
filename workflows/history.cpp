#include "workflows/history.hpp"

#include "workflows/migrate.hpp"

#include <fmt/format.h>
#include "schemas/error.hpp"

namespace strata::workflows {

namespace {

bool references(const std::string& backup_ref, const std::string& id)
{
  size_t start = 0;
  while (start <= backup_ref.size()) {
    const auto comma = backup_ref.find(',', start);
    if (backup_ref.substr(start, comma == std::string::npos ? std::string::npos : comma - start) == id) {
      return true;
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return false;
}

std::string version_of(const std::string& id, const std::vector<migrations::HistoryRow>& history,
                       const migrations::Directory& directory)
{
  for (const auto& row : history) {
    if (references(row.backup_ref, id)) {
      return row.version;
    }
  }
  const std::string prefix = id.substr(0, id.find('-'));
  return directory.find(prefix) != nullptr ? prefix : "-";
}

} // namespace

StatusResult run_status(const HistoryRequest& request)
{
  MigrationSession session(request.target, request.dir, Access::read_only, {}, SumCheck::report);
  StatusResult result;
  result.database = session.db.connection->redacted_url();
  result.dir = session.directory.path();
  result.migrations = session.directory.migrations().size();
  result.report = session.executor.status();
  if (result.report.current_version && session.directory.find(*result.report.current_version) != nullptr) {
    result.current_file = session.file_of(*result.report.current_version);
  }
  for (const auto& version : result.report.pending) {
    result.pending_files.push_back(session.file_of(version));
  }
  for (const auto& row : result.report.dirty_rows) {
    result.dirty.push_back(DirtyVersion{row, dirty_file(session.directory, row)});
  }
  return result;
}

HistoryResult run_history(const HistoryRequest& request)
{
  MigrationSession session(request.target, request.dir, Access::read_only, {});
  return HistoryResult{session.db.connection->redacted_url(), session.executor.history(), session.executor.runs()};
}

BackupList list_backups(const BackupRequest& request)
{
  MigrationSession session(request.target, request.dir, Access::read_only, request.executor);
  BackupList list{session.db.connection->redacted_url(), {}};
  const auto records = session.executor.backups();
  if (records.empty()) {
    return list;
  }
  const auto history = session.executor.history();
  for (const auto& record : records) {
    list.backups.push_back(BackupEntry{record, version_of(record.id, history, session.directory)});
  }
  return list;
}

dialects::BackupRecord restore_backup(const BackupRequest& request)
{
  MigrationSession session(request.target, request.dir, Access::read_write, request.executor);
  for (const auto& record : session.executor.backups()) {
    if (record.id == request.id) {
      confirm_change(request.executor,
                     fmt::format("restore backup {} ({} rows) into {} on {}?", record.id, record.rows,
                                 migrations::format_backup_target(record.target), session.db.connection->redacted_url()),
                     "restore backup " + record.id);
    }
  }
  return session.executor.restore_backup(request.id);
}

PruneOutcome prune_backups(const PruneRequest& request)
{
  migrations::PruneRule rule;
  if (!request.older_than.empty()) {
    rule.older_than = migrations::parse_age(request.older_than, "--older-than");
  }
  rule.keep = request.keep;
  if (!rule.older_than && !rule.keep) {
    throw Error(ErrorKind::usage, "say which backups to prune: --older-than AGE, --keep N, or both");
  }
  MigrationSession session(request.target, request.dir, request.dry_run ? Access::read_only : Access::read_write,
                           request.executor);
  return PruneOutcome{session.db.connection->redacted_url(), request.dry_run,
                      session.executor.prune_backups(rule, request.dry_run)};
}

} // namespace strata::workflows
