// Executor: lock -> verify strata.sum and history -> pending files -> one transaction per file.
#include "migrations/executor.hpp"

#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace strata::migrations {

namespace fs = std::filesystem;

namespace {

long long elapsed_ms(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

std::string join(const std::vector<std::string>& items, const char* separator)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

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
  if (!m_options.backup_dir.empty()) {
    return m_options.backup_dir;
  }
  if (m_dialect.capabilities().server_side_backups) {
    return {}; // the dialect keeps the copy in the database
  }
  const auto absolute = fs::absolute(m_directory.path()).lexically_normal();
  // "migrations/" normalizes to ".../migrations/" whose parent_path is ".../migrations".
  const auto folder = absolute.has_filename() ? absolute : absolute.parent_path();
  return folder.parent_path() / ".strata" / "backups";
}

StatusReport Executor::audit(const std::vector<HistoryRow>& rows) const
{
  StatusReport status;
  for (const auto& row : rows) {
    if (row.status == "dirty") {
      status.dirty.push_back(row.version);
      status.dirty_rows.push_back(row);
    } else {
      status.current_version = row.version;
    }
    const auto* migration = m_directory.find(row.version);
    if (!migration) {
      status.missing_files.push_back(fmt::format("version {} ({}) is applied but its file is missing from {}",
                                                 row.version, row.name, m_directory.path().string()));
    } else if (migration->checksum != row.checksum) {
      status.checksum_mismatches.push_back(fmt::format(
        "{} was edited after it was applied (applied checksum {}, file now {})", migration->up_path.string(),
        row.checksum, migration->checksum));
    }
  }
  for (const auto& migration : m_directory.migrations()) {
    const bool recorded = std::any_of(rows.begin(), rows.end(), [&](const HistoryRow& row) {
      return compare_versions(row.version, migration.version) == 0;
    });
    if (!recorded) {
      status.pending.push_back(migration.version);
    }
  }
  return status;
}

const HistoryRow* Executor::retryable(const std::vector<HistoryRow>& rows) const
{
  // Only where files run in transactions unless they opt out: a `no-transaction` file there is
  // written to be repeatable (IF NOT EXISTS, CONCURRENTLY) and what its failed statement left is
  // cleaned (after_failed_statement), so running it whole again is safe. Without transactional
  // DDL (MySQL) every file runs statement by statement and is not written to run twice: its
  // statements before the failed one took effect, so only `strata repair` goes on from there.
  if (!m_dialect.capabilities().transactional_ddl) {
    return nullptr;
  }
  if (rows.empty() || rows.back().status != "dirty" || rows.back().direction == "down") {
    return nullptr; // a half-run down file is not undone by running the up file again
  }
  const auto* migration = m_directory.find(rows.back().version);
  if (migration == nullptr || migration->checksum != rows.back().checksum || !migration->up_header.no_transaction) {
    return nullptr;
  }
  return &rows.back();
}

std::string describe_dirty(const HistoryRow& row)
{
  const std::string file = row.direction == "down" ? "its down file" : "its up file";
  if (row.failed_statement <= 0) {
    return row.message.empty() ? "state unknown" : row.message;
  }
  if (row.failed_line <= 0) { // past the last statement: the integrity check failed
    return fmt::format("{} ran every statement, then: {}", file, row.message);
  }
  return fmt::format("{} stopped at statement {} (line {}): {}", file, row.failed_statement, row.failed_line,
                     row.message);
}

void Executor::refuse_if_unhealthy(const StatusReport& status, const std::vector<HistoryRow>& rows) const
{
  std::vector<std::string> problems;
  const auto* retry = retryable(rows);
  for (const auto& row : rows) {
    if (row.status == "dirty" && &row != retry) {
      problems.push_back(fmt::format(
        "database is dirty at version {} ({}): {}\n"
        "  statements that ran outside a transaction stay applied; nothing else runs until it is repaired. "
        "Run `strata repair` to see it, then: fix the cause and `strata repair --continue` (runs the file on from "
        "the failed statement), or finish it by hand and `strata repair --resolved`, or undo it by hand and "
        "`strata repair --rolled-back` (each updates its strata_schema_history row)",
        row.version, row.name, describe_dirty(row)));
    }
  }
  problems.insert(problems.end(), status.checksum_mismatches.begin(), status.checksum_mismatches.end());
  problems.insert(problems.end(), status.missing_files.begin(), status.missing_files.end());
  if (!problems.empty()) {
    throw IntegrityError(join(problems, "\n"));
  }
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
  const auto question = fmt::format("These migrations destroy data:\n{}\n{} them?", join(lines, "\n"), verb);
  if (!m_options.confirm) {
    throw SafetyRefusal(fmt::format("refusing to {} destructive migrations without --yes: {}\n{}", verb,
                                    join(names, ", "), join(lines, "\n")));
  }
  if (!m_options.confirm(question)) {
    throw SafetyRefusal(fmt::format("{} cancelled: destructive migrations were not confirmed ({})", verb,
                                    join(names, ", ")));
  }
}

std::vector<std::string> Executor::take_backups(History& history, const Header& header, const std::string& version)
{
  std::vector<std::string> ids;
  for (const auto& text : header.backups) {
    const auto target = parse_backup_target(text);
    const auto base = backup_id(version, target);
    auto id = base;
    for (int n = 2; history.backup_exists(id); ++n) {
      id = fmt::format("{}-{}", base, n);
    }
    auto record = m_dialect.backup(m_connection, target, backup_dir(), id);
    if (record.id.empty()) {
      record.id = id;
    }
    if (record.created_at.empty()) {
      record.created_at = utc_now_iso();
    }
    history.record_backup(record, version);
    ids.push_back(record.id);
    report(fmt::format("backed up {} to {} ({} rows)", text, record.location, record.rows));
  }
  return ids;
}

void Executor::run_statements(const std::string& sql, const fs::path& file, bool in_transaction)
{
  const auto statements = split_statements(sql);
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      m_connection.execute(statements[i].sql);
    } catch (const DatabaseError& e) {
      std::string cleanup;
      if (!in_transaction) {
        try {
          m_dialect.after_failed_statement(m_connection, statements[i].sql);
        } catch (const Error& failed) { // the statement's own error stays the one reported
          cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
        }
      }
      throw StatementError(file.string(), static_cast<int>(i + 1), statements[i].line, e.what() + cleanup);
    }
  }
}

void Executor::run_tracked(History& history, HistoryRow& row, const std::string& sql, const fs::path& file,
                           int first, std::chrono::steady_clock::time_point start)
{
  const auto statements = split_statements(sql);
  const auto fail = [&](int number, int line, const std::string& message) {
    row.status = "dirty";
    row.failed_statement = number;
    row.failed_line = line;
    row.message = message;
    if (row.direction != "down") { // a rollback keeps the duration of the apply it undoes
      row.duration_ms = elapsed_ms(start);
    }
    history.write_state(row);
  };
  for (size_t i = static_cast<size_t>(std::max(first, 1) - 1); i < statements.size(); ++i) {
    const int number = static_cast<int>(i + 1);
    fail(number, statements[i].line, fmt::format("statement {} (line {}) was running when the run stopped", number,
                                                 statements[i].line));
    try {
      m_connection.execute(statements[i].sql);
    } catch (const DatabaseError& e) {
      std::string cleanup;
      try {
        m_dialect.after_failed_statement(m_connection, statements[i].sql);
      } catch (const Error& failed) { // the statement's own error stays the one reported
        cleanup = fmt::format(" (cleaning up after it failed too: {})", failed.what());
      }
      fail(number, statements[i].line, e.what() + cleanup);
      throw StatementError(file.string(), number, statements[i].line, e.what() + cleanup);
    }
  }
  // Past the last statement: a failed integrity check is all that `--continue` re-runs.
  const int after = static_cast<int>(statements.size()) + 1;
  try {
    check_integrity(file);
  } catch (const Error& e) {
    fail(after, 0, e.what());
    throw;
  }
}

void Executor::check_integrity(const fs::path& file)
{
  try {
    m_dialect.check_integrity(m_connection);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: integrity check failed after its statements: {}", file.string(), e.what()));
  }
}

std::vector<std::string> Executor::apply_one(History& history, const Migration& migration, bool retry)
{
  report(fmt::format("{} {}", retry ? "retrying" : "applying", migration.file_name()));
  const auto start = std::chrono::steady_clock::now();
  const auto backup_ids = take_backups(history, migration.up_header, migration.version);
  HistoryRow row{migration.version, migration.file_name(), migration.checksum, utc_now_iso(), 0,
                 m_options.applied_by, "applied", join(backup_ids, ","), ""};
  if (m_dialect.capabilities().transactional_ddl && !migration.up_header.no_transaction) {
    dialects::Transaction transaction(m_connection);
    run_statements(migration.up_sql, migration.up_path, true);
    check_integrity(migration.up_path);
    row.duration_ms = elapsed_ms(start);
    history.insert(row);
    transaction.commit();
  } else {
    // Statement by statement, each committed on its own: the dirty row says how far it got.
    row.status = "dirty";
    row.direction = "up";
    row.message = "started; not finished";
    if (retry) {
      history.write_state(row);
    } else {
      history.insert(row);
    }
    run_tracked(history, row, migration.up_sql, migration.up_path, 1, start);
    row.status = "applied";
    row.message.clear();
    row.failed_statement = 0;
    row.failed_line = 0;
    row.duration_ms = elapsed_ms(start);
    history.write_state(row);
  }
  report(fmt::format("applied {} in {} ms", migration.file_name(), row.duration_ms));
  return backup_ids;
}

ApplyResult Executor::apply(const std::optional<std::string>& to, bool dry_run)
{
  m_directory.verify_sum_or_throw();
  const auto lock = m_dialect.acquire_lock(m_connection, m_url, m_options.lock_timeout);
  History history(m_connection, m_dialect);
  history.ensure();
  const auto rows = history.rows();
  const auto status = audit(rows);
  refuse_if_unhealthy(status, rows);
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
    if (status.current_version && compare_versions(version, *status.current_version) < 0) {
      throw Error(ErrorKind::input,
                  fmt::format("{} is out of order: it is older than the applied version {}; give it a newer "
                              "version (rename the files and run `strata hash`)",
                              migration->up_path.string(), *status.current_version));
    }
    pending.push_back(migration);
  }

  ApplyResult result;
  for (const auto* migration : pending) {
    result.applied.push_back(migration->version);
  }
  if (dry_run || pending.empty()) {
    return result; // a dry run changes nothing, so it needs no confirmation
  }
  confirm_risky(pending, false);
  for (const auto* migration : pending) {
    const auto ids = apply_one(history, *migration, retry_row != nullptr && migration->version == retry_row->version);
    result.backups.insert(result.backups.end(), ids.begin(), ids.end());
  }
  return result;
}

StatusReport Executor::status()
{
  History history(m_connection, m_dialect);
  const auto rows = history.rows();
  auto report = audit(rows);
  report.sum_problems = m_directory.verify_sum();
  return report;
}

std::vector<HistoryRow> Executor::history()
{
  return History(m_connection, m_dialect).rows();
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
      const auto lock = m_dialect.acquire_lock(m_connection, m_url, m_options.lock_timeout);
      m_dialect.restore(m_connection, record);
      report(fmt::format("restored backup {} ({} rows) into {}", id, record.rows, format_backup_target(record.target)));
      return record;
    }
  }
  throw Error(ErrorKind::input, fmt::format("no backup with id '{}' (see `strata backup list`)", id));
}

} // namespace strata::migrations
