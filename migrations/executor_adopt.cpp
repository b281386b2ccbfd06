// Executor: history written without running files. `adopt` records the versions a database
// already holds (a baseline) once the caller proved it; `accept_edit` records a deliberate edit
// of an applied file (`strata repair --accept`).
#include "migrations/executor.hpp"

#include "migrations/confirm.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::migrations {

std::vector<std::string> Executor::adopt(const std::string& version, const std::function<bool()>& prove,
                                         const std::string& message, bool dry_run)
{
  if (m_options.check_sum) {
    m_directory.verify_sum_or_throw();
  }
  if (m_directory.find(version) == nullptr) {
    throw Error(ErrorKind::input,
                fmt::format("no migration with version {} in {}", version, m_directory.path().string()));
  }
  const auto lock = take_lock("record a baseline");
  History history(m_connection, m_dialect);
  const auto rows = history.rows(); // no table yet: none, and none is created before the proof
  if (!rows.empty()) {
    throw Error(ErrorKind::input,
                fmt::format("{} already has {} migration(s) in {} (newest {}): a baseline is only recorded on a "
                            "database without history; run `strata apply` to apply pending files",
                            m_connection.redacted_url(), rows.size(), k_history_table, rows.back().version));
  }
  std::vector<const Migration*> files;
  for (const auto& migration : m_directory.migrations()) {
    if (compare_versions(migration.version, version) <= 0) {
      files.push_back(&migration);
    }
  }
  if (!prove()) {
    return {};
  }
  std::vector<std::string> recorded;
  for (const auto* migration : files) {
    recorded.push_back(migration->version);
  }
  if (dry_run) {
    return recorded;
  }
  history.ensure();
  dialects::Transaction transaction(m_connection);
  for (const auto* migration : files) {
    HistoryRow row{migration->version, migration->file_name(), migration->checksum, utc_now_iso(), 0,
                   m_options.applied_by, "baselined", "", message};
    history.insert(row);
    report(fmt::format("recorded {} as applied (baselined, not run)", migration->file_name()));
  }
  transaction.commit();
  return recorded;
}

HistoryRow Executor::accept_edit(const std::string& version)
{
  const auto lock = take_lock("accept an edited file");
  History history(m_connection, m_dialect);
  const auto rows = history.rows();
  const auto found = std::find_if(rows.begin(), rows.end(),
                                  [&](const HistoryRow& row) { return compare_versions(row.version, version) == 0; });
  if (found == rows.end()) {
    throw Error(ErrorKind::input,
                fmt::format("version {} is not applied on {}: nothing to accept (after editing a file that is not "
                            "applied yet, `strata hash` is all it needs)",
                            version, m_connection.redacted_url()));
  }
  if (found->status == "dirty") {
    throw Error(ErrorKind::input, fmt::format("version {} is dirty ({}); settle it with `strata repair` first",
                                              version, describe_dirty(*found)));
  }
  const auto* migration = m_directory.find(version);
  if (migration == nullptr) {
    throw Error(ErrorKind::input, fmt::format("version {} ({}) is applied but its file is missing from {}", version,
                                              found->name, m_directory.path().string()));
  }
  m_directory.verify_sum_or_throw(); // the edit is first accepted in the folder: `strata hash`
  if (migration->checksum == found->checksum) {
    throw Error(ErrorKind::input, fmt::format("{} is unchanged since it was applied: nothing to accept",
                                              migration->up_path.string()));
  }
  const auto what = fmt::format("{} was edited after it was applied (applied checksum {}, file now {})",
                                migration->up_path.string(), found->checksum, migration->checksum);
  confirm_or_refuse(m_options, what + "\nThe database keeps what the old file did. Record the edited file as applied?",
                    fmt::format("refusing to accept the edit without --yes: {}", what),
                    fmt::format("accepting the edit of {} was cancelled", migration->file_name()));
  HistoryRow accepted = *found;
  accepted.accepted_by = m_options.applied_by;
  accepted.accepted_at = utc_now_iso();
  history.ensure(); // a table of an older strata gains the accepted_by/accepted_at columns
  history.accept(version, migration->checksum, accepted.accepted_by, accepted.accepted_at);
  report(fmt::format("accepted the edit of {} (checksum {} -> {}) as {}", migration->file_name(), found->checksum,
                     migration->checksum, accepted.accepted_by));
  return *found;
}

} // namespace strata::migrations
