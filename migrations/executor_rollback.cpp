// Executor::rollback: down files of the newest applied versions, newest first, each in one
// transaction together with the removal of its history row (statement by statement behind a dirty
// row where the engine cannot put DDL in a transaction).
#include "migrations/executor.hpp"
#include "migrations/executor_internal.hpp"

#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

namespace strata::migrations {

std::vector<std::string> Executor::rollback_one(History& history, const Migration& migration, const HistoryRow& row)
{
  report(fmt::format("rolling back {} {}", migration.version, migration.down_path.filename().string()));
  const auto start = std::chrono::steady_clock::now();
  m_statement_timeout = file_statement_timeout(migration.down_header, migration.down_path);
  const auto backup_ids = take_backups(history, migration.down_header, migration.version);
  if (migration.down_header.rolling()) {
    HistoryRow state = row;
    run_rolling(history, state, migration, true, start);
    history.remove(row.version);
  } else if (m_dialect.capabilities.transactional_ddl && !migration.down_header.no_transaction &&
             !migration.down_header.batched) {
    in_file_transaction([&] {
      run_statements(migration.down_sql, migration.down_path, true);
      check_integrity(migration.down_path);
      history.remove(row.version);
    });
  } else {
    // Marked dirty (down) first: a failure leaves the statement that failed; repair goes on from it.
    HistoryRow state = row;
    state.status = "dirty";
    state.direction = "down";
    state.message = detail::k_down_not_started;
    history.write_state(state);
    run_tracked(history, state, migration.down_sql, migration.down_path, 1, start, migration.down_header);
    history.remove(row.version);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  report(fmt::format("rolled back {} in {}", migration.version, detail::format_duration(ms.count())));
  return backup_ids;
}

ApplyResult Executor::rollback(const std::optional<std::string>& to_version, std::optional<int> steps, bool dry_run)
{
  if (to_version.has_value() == steps.has_value()) {
    throw Error(ErrorKind::usage, "rollback needs exactly one of a target version (--to) or a number of steps (--steps)");
  }
  if (steps && *steps < 1) {
    throw Error(ErrorKind::usage, "--steps must be at least 1");
  }
  History history(m_connection, m_dialect);
  std::vector<HistoryRow> rows;
  StatusReport status;
  auto lock = begin_run(history, rows, status, "roll back");

  std::vector<const HistoryRow*> targets; // newest first
  // The parts of one split plan (part-of) count as one migration: --steps 1 rolls back every
  // applied part of the newest plan, newest part first.
  const auto plan_of = [this](const HistoryRow& row) {
    const auto* migration = m_directory.find(row.version);
    return migration != nullptr && !migration->up_header.part_of.empty() ? migration->up_header.part_of : row.version;
  };
  int migrations = 0;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (to_version) {
      if (compare_versions(row->version, *to_version) > 0) {
        targets.push_back(&*row);
      }
      continue;
    }
    if (migrations == *steps) {
      break;
    }
    targets.push_back(&*row);
    const auto older = std::next(row);
    if (older == rows.rend() || compare_versions(plan_of(*row), plan_of(*older)) != 0) {
      ++migrations;
    }
  }
  if (steps && migrations < *steps) {
    throw Error(ErrorKind::input,
                fmt::format("cannot roll back {} migrations: only {} are applied", *steps, migrations));
  }

  std::vector<const Migration*> files;
  for (const auto* row : targets) {
    const auto* migration = m_directory.find(row->version);
    if (row->status == "baselined" || migration->up_header.baseline) {
      // The schema the database held before strata: its down file would drop it all.
      throw SafetyRefusal(fmt::format("refusing to roll back version {} ({}): it is {}, the schema this database "
                                      "started from; rollback never goes below a baseline",
                                      row->version, migration->file_name(),
                                      row->status == "baselined" ? "recorded as a baseline (never run here)"
                                                                 : "a baseline"));
    }
    if (migration->down_path.empty()) {
      throw Error(ErrorKind::input,
                  fmt::format("version {} ({}) has no .down.sql file, so it cannot be rolled back", row->version,
                              migration->up_path.string()));
    }
    check_file(migration->down_sql, migration->down_path, migration->down_header);
    file_statement_timeout(migration->down_header, migration->down_path);
    check_rolling(*migration, true);
    files.push_back(migration);
  }

  ApplyResult result;
  for (const auto* migration : files) {
    result.applied.push_back(migration->version);
  }
  if (dry_run || files.empty()) {
    return result;
  }
  confirm_risky(files, true);
  for (size_t i = 0; i < files.size(); ++i) {
    std::vector<std::string> ids;
    recorded_run(*files[i], "down", "rollback", [&] { ids = rollback_one(history, *files[i], *targets[i]); });
    result.backups.insert(result.backups.end(), ids.begin(), ids.end());
  }
  lock.reset(); // another strata need not wait for the standbys too
  result.replicas = await_replicas();
  return result;
}

} // namespace strata::migrations
