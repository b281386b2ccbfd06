// Executor::repair: what `strata repair` does with a dirty row, the state a file leaves when it
// fails outside a transaction (every file on MySQL, a `no-transaction` file elsewhere). The row
// knows the direction of the run (up/down) and the statement that failed, so the user can say
// what happened since: finished by hand, undone by hand, or fixed the cause and go on.
#include "migrations/executor.hpp"

#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::migrations {

namespace {

const HistoryRow* oldest_dirty(const std::vector<HistoryRow>& rows)
{
  const auto found =
    std::find_if(rows.begin(), rows.end(), [](const HistoryRow& row) { return row.status == "dirty"; });
  return found == rows.end() ? nullptr : &*found;
}

} // namespace

std::optional<HistoryRow> Executor::dirty_row()
{
  const auto rows = History(m_connection, m_dialect).rows();
  const auto* row = oldest_dirty(rows);
  return row == nullptr ? std::nullopt : std::optional<HistoryRow>(*row);
}

int Executor::first_to_run(const HistoryRow& row, const Migration& migration, int count, const std::string& file,
                           CurrentStatement current, const StatementCheck& check)
{
  if (row.failed_statement <= 0) {
    if (stopped_before_first(row)) {
      report(fmt::format("the run stopped before the first statement of {} ran", file));
      return 1;
    }
    throw Error(ErrorKind::input,
                fmt::format("cannot continue version {}: the statement it stopped at is not recorded ({}); "
                            "finish or undo it by hand, then use --resolved or --rolled-back",
                            row.version, describe_dirty(row)));
  }
  const int number = row.failed_statement;
  if (number > count + 1) {
    throw Error(ErrorKind::input, fmt::format("cannot continue version {}: it stopped at statement {} but {} has "
                                              "only {} statements now",
                                              row.version, number, file, count));
  }
  // A statement that failed (the row holds the server's message) or the integrity check after
  // the last one runs again; so does any statement the user says did not take effect.
  const bool interrupted = number <= count && stopped_while_running(row);
  if (number > count || current == CurrentStatement::rerun || (!interrupted && current != CurrentStatement::skip)) {
    return number;
  }
  if (current == CurrentStatement::skip) {
    report(fmt::format("statement {} (line {}) of {} counts as done (--skip-current)", number, row.failed_line, file));
    return number + 1;
  }
  if (!check) {
    return number;
  }
  const auto verdict = check(row, migration, number);
  switch (verdict.kind) {
  case StatementVerdict::Kind::took_effect:
    report(fmt::format("statement {} (line {}) of {} was running when the run stopped and took effect ({}): going "
                       "on after it",
                       number, row.failed_line, file, verdict.reason));
    return number + 1;
  case StatementVerdict::Kind::not_run:
    report(fmt::format("statement {} (line {}) of {} was running when the run stopped and did not take effect ({}): "
                       "running it again",
                       number, row.failed_line, file, verdict.reason));
    return number;
  case StatementVerdict::Kind::unknown:
    break;
  }
  throw Error(ErrorKind::input,
              fmt::format("cannot tell whether statement {} (line {}) of {} took effect before the run stopped: {}\n"
                          "  look at the database, then run `strata repair --continue --skip-current` if it took "
                          "effect (the file goes on after it) or `strata repair --continue --rerun-current` if it did "
                          "not (it runs again)",
                          number, row.failed_line, file, verdict.reason));
}

RepairResult Executor::repair(RepairAction action, CurrentStatement current, const StatementCheck& check)
{
  if (m_options.check_sum) {
    m_directory.verify_sum_or_throw(); // --resolved records the file's checksum; --continue runs it
  }
  const auto lock = take_lock("repair");
  History history(m_connection, m_dialect);
  history.ensure(); // a row from an older strata gains the direction/failed_statement columns
  open_run_log();
  const auto rows = history.rows();
  const auto* found = oldest_dirty(rows);
  if (found == nullptr) {
    throw Error(ErrorKind::input, fmt::format("nothing to repair: no migration is dirty on {}",
                                              m_connection.redacted_url()));
  }
  RepairResult result{*found, ""};
  HistoryRow row = *found;
  const bool down = row.direction == "down";
  const auto* migration = m_directory.find(row.version);
  const auto finish_applied = [&](const std::string& note) {
    row.status = "applied";
    row.direction = "up";
    row.failed_statement = 0;
    row.failed_line = 0;
    row.message = note;
    if (migration != nullptr && !down) {
      row.checksum = migration->checksum; // the file as it is now is what the database has
    }
    history.write_state(row);
    result.outcome = "applied";
  };
  const auto failure = fmt::format("{} had failed: {}", down ? "its rollback" : "it", describe_dirty(*found));

  switch (action) {
  case RepairAction::resolved:
    if (down) {
      history.remove(row.version);
      result.outcome = "rolled back";
    } else {
      finish_applied(fmt::format("marked applied by `strata repair --resolved` ({})", failure));
    }
    break;
  case RepairAction::rolled_back:
    if (down) {
      finish_applied(fmt::format("rollback undone by hand, marked applied by `strata repair --rolled-back` ({})",
                                 failure));
    } else {
      history.remove(row.version);
      result.outcome = "pending";
    }
    break;
  case RepairAction::resume: {
    if (migration == nullptr || (down && migration->down_path.empty())) {
      throw Error(ErrorKind::input, fmt::format("cannot continue version {}: its {} file is missing from {}; use "
                                                "--resolved or --rolled-back",
                                                row.version, down ? "down" : "up", m_directory.path().string()));
    }
    if ((down ? migration->down_header : migration->up_header).rolling()) {
      throw Error(ErrorKind::input,
                  fmt::format("cannot continue version {}: {} is a rolling schema upgrade (galera-osu rsu) that "
                              "stopped with the nodes in different states ({}); finish or undo it by hand on the "
                              "nodes its row names, each in a session with SET SESSION wsrep_OSU_method = 'RSU', "
                              "then use --resolved or --rolled-back",
                              row.version, (down ? migration->down_path : migration->up_path).filename().string(),
                              describe_dirty(row)));
    }
    const auto& sql = down ? migration->down_sql : migration->up_sql;
    const auto& path = down ? migration->down_path : migration->up_path;
    const auto file = path.filename().string();
    const auto count = static_cast<int>(split_statements(sql, m_dialect).size());
    const int first = first_to_run(row, *migration, count, file, current, check);
    report(first > count
             ? fmt::format("re-checking {} (all {} statements had run)", file, count)
             : fmt::format("continuing {} from statement {} of {} (statements before it count as done)", file, first,
                           count));
    const auto start = std::chrono::steady_clock::now();
    if (!down) {
      row.checksum = migration->checksum;
    }
    m_statement_timeout = file_statement_timeout(down ? migration->down_header : migration->up_header, path);
    recorded_run(*migration, down ? "down" : "up", "repair", [&] {
      run_tracked(history, row, sql, path, first, start, down ? migration->down_header : migration->up_header);
      if (down) {
        history.remove(row.version);
        result.outcome = "rolled back";
      } else {
        finish_applied(fmt::format("finished by `strata repair --continue` ({})", failure));
      }
    });
    break;
  }
  }
  report(fmt::format("version {} is {} now", row.version, result.outcome));
  return result;
}

} // namespace strata::migrations
