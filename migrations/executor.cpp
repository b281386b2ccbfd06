// Executor: lock -> verify strata.sum and history -> pending files -> one transaction per file.
#include "migrations/executor.hpp"
#include "dialects/health.hpp"

#include "migrations/confirm.hpp"
#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "migrations/run_log.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <string_view>

namespace strata::migrations {

namespace fs = std::filesystem;
using detail::elapsed_ms;
using detail::join;

namespace {

// "20261121-users-bio": letters, digits, '.', '_' and '-' only.
std::string backup_id(const std::string& version, const dialects::BackupTarget& target)
{
  std::string id = version + "-" + target.table.name + (target.column.empty() ? "" : "-" + target.column);
  for (auto& c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      c = '_';
    }
  }
  return id.substr(0, 100);
}

// The backup ids the catalog's rows and the history rows (their backup_ref) name.
std::set<std::string> referenced_backups(History& history, const std::vector<dialects::BackupRecord>& records)
{
  std::set<std::string> ids;
  for (const auto& record : records) {
    ids.insert(record.id);
  }
  for (const auto& row : history.rows()) {
    for (std::size_t pos = 0; pos < row.backup_ref.size();) {
      const auto comma = std::min(row.backup_ref.find(',', pos), row.backup_ref.size());
      ids.insert(row.backup_ref.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  return ids;
}

} // namespace

Executor::Executor(dialects::Connection& connection, const dialects::Dialect& dialect, const dialects::DbUrl& url,
                   const Directory& directory, ExecutorOptions options)
  : m_connection(connection), m_dialect(dialect), m_url(url), m_directory(directory), m_options(std::move(options))
{
  if (m_options.applied_by.empty()) {
    const char* user = std::getenv("USER");
    m_options.applied_by = user && *user ? user : "strata";
  }
}

void Executor::report(const std::string& line) const
{
  if (m_options.progress) {
    m_options.progress(line);
  }
}

fs::path Executor::backup_dir() const
{
  return backup_dir(m_dialect, m_directory.path(), m_options.backup_dir);
}

fs::path Executor::backup_dir(const dialects::Dialect& dialect, const fs::path& dir, const fs::path& configured)
{
  if (!configured.empty()) {
    return configured;
  }
  if (dialect.capabilities.server_side_backups) {
    return {}; // the dialect keeps the copy in the database
  }
  const auto absolute = fs::absolute(dir).lexically_normal();
  // "migrations/" normalizes to ".../migrations/" whose parent_path is ".../migrations".
  const auto folder = absolute.has_filename() ? absolute : absolute.parent_path();
  return folder.parent_path() / ".strata" / "backups";
}

void Executor::confirm_risky(const std::vector<const Migration*>& files, bool down) const
{
  std::vector<std::string> lines;
  std::vector<std::string> names;
  for (const auto* m : files) {
    const auto& header = down ? m->down_header : m->up_header;
    const auto name = (down ? m->down_path : m->up_path).filename().string();
    const auto before = lines.size();
    for (const auto& risk : header.risks) {
      if (risk.kind == schemas::RiskKind::destructive) {
        lines.push_back(fmt::format("  {}: {} ({})", name, risk.message, risk.code));
      }
    }
    for (const auto& target : header.backups) {
      lines.push_back(fmt::format("  {}: destroys data of {} (a backup is taken first)", name, target));
    }
    for (const auto& reason : header.irreversible_reasons) {
      if (down) {
        lines.push_back(fmt::format("  {}: cannot fully undo: {}", name, reason));
      }
    }
    if (lines.size() != before) {
      names.push_back(name);
    }
  }
  if (names.empty() || m_options.yes) {
    return;
  }
  const auto verb = down ? "roll back" : "apply";
  confirm_or_refuse(m_options,
                    fmt::format("These migrations destroy data:\n{}\n{} them?", join(lines, "\n"), verb),
                    fmt::format("refusing to {} destructive migrations without --yes: {}\n{}", verb,
                                join(names, ", "), join(lines, "\n")),
                    fmt::format("{} cancelled: destructive migrations were not confirmed ({})", verb,
                                join(names, ", ")));
}

std::vector<dialects::BackupCopy> Executor::backup_copies() const
{
  if (m_dialect.backup_copies == nullptr) {
    return {};
  }
  return m_dialect.backup_copies(m_connection, backup_dir());
}

std::vector<std::string> Executor::take_backups(History& history, const Header& header, const std::string& version)
{
  std::vector<std::string> ids;
  if (!m_options.take_backups || header.backups.empty()) {
    return ids;
  }
  const auto records = history.backups();
  const auto referenced = referenced_backups(history, records);
  std::set<std::string> taken = referenced;
  for (const auto& copy : backup_copies()) {
    taken.insert(copy.id); // never reused, even when it is another database's or was removed
    if (!copy.partial || !copy.ours) {
      continue;
    }
    const auto record = std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.id == copy.id; });
    if (record != records.end()) {
      if (m_dialect.backup_recorded != nullptr) { // recorded, but killed before the mark went
        m_dialect.backup_recorded(m_connection, *record);
      }
    } else if (referenced.count(copy.id) == 0 && m_dialect.remove_partial_backup != nullptr &&
               m_dialect.remove_partial_backup(m_connection, copy)) {
      report(fmt::format("removed {}: an unrecorded backup {} left by an interrupted run", copy.location, copy.id));
    }
  }
  for (const auto& text : header.backups) {
    const auto target = parse_backup_target(text);
    const auto base = backup_id(version, target);
    auto id = base;
    for (int n = 2; taken.count(id) > 0; ++n) {
      id = fmt::format("{}-{}", base, n);
    }
    taken.insert(id);
    report(fmt::format("backing up {} ...", text));
    const auto started = std::chrono::steady_clock::now();
    auto record = m_dialect.backup(m_connection, target, backup_dir(), id);
    if (record.id.empty()) {
      record.id = id;
    }
    if (record.created_at.empty()) {
      record.created_at = utc_now_iso();
    }
    history.record_backup(record, version);
    if (m_dialect.backup_recorded != nullptr) {
      m_dialect.backup_recorded(m_connection, record);
    }
    ids.push_back(record.id);
    report(fmt::format("backed up {} to {} ({} rows) in {}", text, record.location, record.rows,
                       detail::format_duration(elapsed_ms(started))));
  }
  return ids;
}

void Executor::open_run_log()
{
  RunLog log(m_connection, m_dialect);
  log.ensure();
  if (const auto stale = log.mark_interrupted(); stale > 0) {
    report(fmt::format("{} earlier run{} of a migration file never finished (killed, or its connection was lost): "
                       "marked interrupted in {}",
                       stale, stale == 1 ? "" : "s", k_runs_table));
  }
}

void Executor::recorded_run(const Migration& migration, const char* direction, const char* command,
                            const std::function<void()>& body)
{
  if (m_lock != nullptr) {
    if (const auto lost = m_lock->lost(); !lost.empty()) {
      throw Error(ErrorKind::database, fmt::format("the migration lock on {} was lost before {}: {}", m_url.redacted(),
                                                   migration.file_name(), lost));
    }
  }
  RunLog log(m_connection, m_dialect);
  RunRow run;
  run.version = migration.version;
  run.name = (std::string_view(direction) == "down" ? migration.down_path : migration.up_path).filename().string();
  run.direction = direction;
  run.command = command;
  run.started_at = utc_now_iso_ms();
  run.applied_by = m_options.applied_by;
  log.start(run);
  m_changed_rows = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto end = [&](const char* outcome, const std::string& message) {
    run.outcome = outcome;
    run.message = message;
    run.finished_at = utc_now_iso_ms();
    run.duration_ms = elapsed_ms(start);
    run.rows_affected = m_changed_rows;
    log.finish(run);
  };
  try {
    body();
  } catch (const std::exception& e) {
    try {
      end("failed", e.what());
    } catch (const std::exception&) { // a lost connection: the row stays "running", the next run marks it
    }
    throw;
  }
  end(std::string_view(direction) == "down" ? "rolled_back" : "applied", "");
}

std::vector<std::string> Executor::apply_one(History& history, const Migration& migration, const HistoryRow* retry)
{
  // A batched file goes on where it stopped: its parts before that point are committed.
  const bool resume = retry != nullptr && migration.up_header.batched;
  const int first = resume ? std::max(retry->failed_statement, 1) : 1;
  report(resume ? fmt::format("continuing {} from statement {}{}", migration.file_name(), first,
                              retry->batch_key.empty() ? std::string{} : " after key " + retry->batch_key)
                : fmt::format("{} {}", retry != nullptr ? "retrying" : "applying", migration.file_name()));
  const auto start = std::chrono::steady_clock::now();
  m_statement_timeout = file_statement_timeout(migration.up_header, migration.up_path);
  const auto backup_ids = take_backups(history, migration.up_header, migration.version);
  HistoryRow row{migration.version, migration.file_name(), migration.checksum, utc_now_iso(), 0,
                 m_options.applied_by, "applied", join(backup_ids, ","), ""};
  if (resume) {
    row.backup_ref = retry->backup_ref.empty() ? row.backup_ref
                     : row.backup_ref.empty()  ? retry->backup_ref
                                               : retry->backup_ref + "," + row.backup_ref;
    row.rows_affected = retry->rows_affected;
    row.batch_key = retry->batch_key;
    row.failed_statement = retry->failed_statement;
    row.failed_line = retry->failed_line;
  }
  if (migration.up_header.rolling()) {
    run_rolling(history, row, migration, false, start);
    row.status = "applied";
    row.message.clear();
    row.duration_ms = elapsed_ms(start);
    history.write_state(row);
  } else if (m_dialect.capabilities.transactional_ddl && !migration.up_header.no_transaction &&
             !migration.up_header.batched) {
    in_file_transaction([&] {
      run_statements(migration.up_sql, migration.up_path, true);
      check_integrity(migration.up_path);
      row.duration_ms = elapsed_ms(start);
      history.insert(row);
    });
  } else {
    // Statement by statement, each committed on its own: the dirty row says how far it got.
    row.status = "dirty";
    row.direction = "up";
    row.message = resume ? retry->message : detail::k_up_not_started;
    if (retry != nullptr) {
      history.write_state(row);
    } else {
      history.insert(row);
    }
    run_tracked(history, row, migration.up_sql, migration.up_path, first, start, migration.up_header);
    row.status = "applied";
    row.message.clear();
    row.failed_statement = 0;
    row.failed_line = 0;
    row.batch_key.clear();
    row.duration_ms = elapsed_ms(start);
    history.write_state(row);
  }
  report(fmt::format("applied {} in {}", migration.file_name(), detail::format_duration(row.duration_ms)));
  return backup_ids;
}

std::unique_ptr<dialects::Lock> Executor::take_lock(const char* what)
{
  const auto* deployment = dialects::deployment(m_dialect.name);
  if (deployment != nullptr) {
    if (const auto reason = deployment->read_only_server(m_connection); !reason.empty()) {
      throw SafetyRefusal(fmt::format("refusing to {}: {} {}", what, m_url.redacted(), reason));
    }
  }
  // The lock as take_lock hands it out: while it lives, the executor knows which lock it holds.
  class HeldLock final : public dialects::Lock {
  public:
    HeldLock(std::unique_ptr<dialects::Lock> held, const dialects::Lock*& slot) : m_held(std::move(held)), m_slot(slot)
    {
      m_slot = m_held.get();
    }
    ~HeldLock() override { m_slot = nullptr; }
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;
    std::string note() const override { return m_held->note(); }
    std::string lost() const override { return m_held->lost(); }

  private:
    std::unique_ptr<dialects::Lock> m_held;
    const dialects::Lock*& m_slot;
  };
  std::unique_ptr<dialects::Lock> held;
  const auto* health = dialects::health(m_dialect.name);
  if (m_options.lock_timeout.count() > 0 && health != nullptr && health->lock_holder != nullptr) {
    // A first try without waiting: when it fails and someone holds the lock, the wait is announced.
    try {
      held = m_dialect.acquire_lock(m_connection, m_url, std::chrono::milliseconds(0));
    } catch (const Error&) {
      const auto holder = health->lock_holder(m_connection, m_url);
      if (!holder.empty()) {
        report(fmt::format("waiting up to {} for the migration lock, held by {}",
                           detail::format_duration(m_options.lock_timeout.count()), holder));
      }
    }
  }
  if (!held) {
    held = m_dialect.acquire_lock(m_connection, m_url, m_options.lock_timeout);
  }
  if (const auto note = held->note(); !note.empty()) {
    report(note);
  }
  return std::make_unique<HeldLock>(std::move(held), m_lock);
}

std::optional<dialects::ReplicaWait> Executor::await_replicas()
{
  const auto* deployment = dialects::deployment(m_dialect.name);
  if (deployment == nullptr || m_options.replica_wait.count() <= 0) {
    return std::nullopt;
  }
  dialects::ReplicaWait wait;
  try {
    wait = deployment->await_replicas(m_connection, m_options.replica_wait,
                                      [this](const std::string& line) { report(line); });
  } catch (const Error& e) { // the files are committed: a failure to read the standbys does not undo that
    wait.lagging.push_back(fmt::format("could not read the standbys' replay positions: {}", e.what()));
  }
  if (wait.standbys > 0 && wait.lagging.empty() && wait.waited_ms >= detail::k_slow_statement_ms) {
    report(fmt::format("{} standby(s) replayed up to {} after {}", wait.standbys, wait.position,
                       detail::format_duration(wait.waited_ms)));
  }
  return wait;
}

std::unique_ptr<dialects::Lock> Executor::begin_run(History& history, std::vector<HistoryRow>& rows,
                                                    StatusReport& status, const char* what)
{
  if (m_options.check_sum) {
    m_directory.verify_sum_or_throw();
  }
  auto lock = take_lock(what);
  history.ensure();
  open_run_log();
  rows = history.rows();
  status = audit(rows);
  refuse_if_unhealthy(status, rows);
  return lock;
}

ApplyResult Executor::apply(const std::optional<std::string>& to, bool dry_run)
{
  History history(m_connection, m_dialect);
  std::vector<HistoryRow> rows;
  StatusReport status;
  auto lock = begin_run(history, rows, status, "apply");
  if (to && !m_directory.find(*to)) {
    throw Error(ErrorKind::input, fmt::format("no migration with version {} in {}", *to, m_directory.path().string()));
  }

  // A no-transaction file that failed midway runs again first (its statements are written to be
  // repeatable: IF [NOT] EXISTS); until it succeeds nothing newer is applied.
  const auto* retry_row = retryable(rows);
  std::vector<const Migration*> pending;
  if (retry_row != nullptr && (!to || compare_versions(retry_row->version, *to) <= 0)) {
    pending.push_back(m_directory.find(retry_row->version));
  }
  for (const auto& version : status.pending) {
    if (to && compare_versions(version, *to) > 0) {
      break;
    }
    const auto* migration = m_directory.find(version);
    if (std::find(status.out_of_order.begin(), status.out_of_order.end(), version) != status.out_of_order.end()) {
      throw Error(ErrorKind::input,
                  fmt::format("{} is out of order: it is older than the applied version {}; give it a newer "
                              "version (rename the files and run `strata hash`)",
                              migration->up_path.string(), *status.current_version));
    }
    pending.push_back(migration);
  }
  for (const auto* migration : pending) { // before anything is counted, confirmed or run (a dry run too)
    check_file(migration->up_sql, migration->up_path, migration->up_header);
    file_statement_timeout(migration->up_header, migration->up_path);
    check_rolling(*migration, false);
  }

  ApplyResult result;
  for (const auto* migration : pending) {
    result.applied.push_back(migration->version);
  }
  // Read-only counts, before anything is confirmed, backed up or run (a dry run too).
  const auto deferred = m_options.preflight ? preflight(pending) : Deferred(pending.size());
  if (dry_run || pending.empty()) {
    return result; // a dry run changes nothing, so it needs no confirmation
  }
  confirm_risky(pending, false);
  std::vector<std::string> done;
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto* migration = pending[i];
    if (m_options.stop_requested && m_options.stop_requested()) {
      result.applied.resize(i);
      for (size_t j = i; j < pending.size(); ++j) {
        result.stopped_before.push_back(pending[j]->version);
      }
      report(fmt::format("stopped before {}: {} file(s) left pending", migration->file_name(), pending.size() - i));
      break;
    }
    preflight_before(*migration, deferred[i], done);
    if (m_options.around_file) {
      m_options.around_file(*migration, FilePhase::before);
    }
    std::vector<std::string> ids;
    recorded_run(*migration, "up", "apply", [&] {
      ids = apply_one(history, *migration,
                      retry_row != nullptr && migration->version == retry_row->version ? retry_row : nullptr);
    });
    if (m_options.around_file) {
      m_options.around_file(*migration, FilePhase::after);
    }
    result.backups.insert(result.backups.end(), ids.begin(), ids.end());
    done.push_back(migration->file_name());
  }
  lock.reset(); // another strata need not wait for the standbys too
  result.replicas = await_replicas();
  return result;
}

StatusReport Executor::status()
{
  History history(m_connection, m_dialect);
  const auto rows = history.rows();
  auto report = audit(rows);
  report.sum_problems = m_directory.verify_sum();
  const auto recorded = referenced_backups(history, history.backups());
  for (const auto& copy : backup_copies()) {
    if (copy.ours && recorded.count(copy.id) == 0) {
      report.leftover_backups.push_back(
        copy.partial ? fmt::format("{}: an unrecorded backup {} left by an interrupted run; the next apply "
                                   "that takes a backup removes it", copy.location, copy.id)
                     : fmt::format("{}: a copy (backup {}) that no catalog row names: a backup interrupted "
                                   "before it was recorded, or one whose catalog is gone; new backups take other "
                                   "ids; drop it when it is not wanted", copy.location, copy.id));
    }
  }
  return report;
}

std::vector<HistoryRow> Executor::history()
{
  return History(m_connection, m_dialect).rows();
}

std::vector<RunRow> Executor::runs()
{
  return RunLog(m_connection, m_dialect).rows();
}

std::vector<dialects::BackupRecord> Executor::backups()
{
  return History(m_connection, m_dialect).backups();
}

dialects::BackupRecord Executor::restore_backup(const std::string& id)
{
  History history(m_connection, m_dialect);
  for (const auto& record : history.backups()) {
    if (record.id == id) {
      const auto lock = take_lock("restore a backup");
      m_dialect.restore(m_connection, record);
      report(fmt::format("restored backup {} ({} rows) into {}", id, record.rows, format_backup_target(record.target)));
      return record;
    }
  }
  throw Error(ErrorKind::input, fmt::format("no backup with id '{}' (see `strata backup list`)", id));
}

} // namespace strata::migrations
