// Executor: `backup prune` removes old backups, each copy with its catalog row.
#include "migrations/executor.hpp"

#include "migrations/confirm.hpp"
#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

namespace strata::migrations {

using detail::join;

namespace {

std::vector<std::string> ids_of(const std::vector<dialects::BackupRecord>& records)
{
  std::vector<std::string> ids;
  for (const auto& record : records) {
    ids.push_back(record.id);
  }
  return ids;
}

// What is left of `record` after its removal failed: read back from the catalog, since on
// engines whose DDL commits the row may be gone although the copy stayed.
std::string failed_state(bool listed, bool dropped, const dialects::BackupRecord& record)
{
  if (listed && !dropped) {
    return "its copy and catalog row are unchanged";
  }
  if (listed) {
    return fmt::format("its copy {} is removed but its catalog row stayed; run `strata backup prune` again to "
                       "remove the row", record.location);
  }
  return fmt::format("its catalog row is removed but its copy {} is left; remove it by hand", record.location);
}

} // namespace

PruneResult Executor::prune_backups(const PruneRule& rule, bool dry_run)
{
  History history(m_connection, m_dialect);
  PruneResult result;
  if (dry_run) {
    const auto records = history.backups();
    result.removed = prunable(records, rule, std::chrono::system_clock::now());
    result.remaining = records.size();
    return result;
  }
  const auto lock = take_lock("prune backups");
  const auto records = history.backups();
  const auto selected = prunable(records, rule, std::chrono::system_clock::now());
  result.remaining = records.size();
  if (selected.empty()) {
    return result;
  }
  const auto ids = join(ids_of(selected), ", ");
  confirm_or_refuse(m_options, fmt::format("Remove {} backup(s) for good: {}?", selected.size(), ids),
                    fmt::format("refusing to remove {} backup(s) without --yes: {}", selected.size(), ids),
                    fmt::format("prune cancelled: removing {} was not confirmed", ids));
  for (const auto& record : selected) {
    bool dropped = false;
    bool existed = false;
    try {
      // One transaction for the row and the copy (on engines whose DDL commits, the DROP commits
      // the row's removal first: a failure then leaves the copy, never a row without one).
      dialects::Transaction transaction(m_connection);
      history.remove_backup(record.id);
      existed = m_dialect.drop_backup(m_connection, record);
      dropped = true;
      transaction.commit();
    } catch (const Error& e) {
      const auto done = ids_of(result.removed);
      throw Error(e.kind(), fmt::format("removed {} of {} backups{}; removing backup {} failed: {}; {}",
                                        result.removed.size(), selected.size(),
                                        done.empty() ? "" : " (" + join(done, ", ") + ")", record.id, e.what(),
                                        failed_state(history.backup_exists(record.id), dropped, record)));
    }
    if (!existed) {
      result.already_gone.push_back(record.id);
    }
    result.removed.push_back(record);
    --result.remaining;
    report(fmt::format("removed backup {} ({}){}", record.id, record.location,
                       existed ? "" : ": its copy was already gone"));
  }
  return result;
}

} // namespace strata::migrations
