// Executor: what the history says about the database (applied, pending, dirty, edited or missing
// files), and the refusal to run anything on a database in such a state.
#include "migrations/executor.hpp"

#include "migrations/executor_internal.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace strata::migrations {

namespace fs = std::filesystem;
using detail::elapsed_ms;
using detail::join;

namespace {

// The versions the history has a row of, by version_key.
std::unordered_set<std::string> recorded_versions(const std::vector<HistoryRow>& rows)
{
  std::unordered_set<std::string> out;
  for (const auto& row : rows) {
    out.insert(version_key(row.version));
  }
  return out;
}

} // namespace

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
    if (!row.accepted_by.empty()) {
      status.accepted_edits.push_back(fmt::format("{}: edited after it was applied; the edit was accepted by {} at {}",
                                                  row.name, row.accepted_by, row.accepted_at));
    }
    if (!migration) {
      status.missing_files.push_back(fmt::format("version {} ({}) is applied but its file is missing from {}",
                                                 row.version, row.name, m_directory.path().string()));
    } else if (migration->checksum != row.checksum) {
      status.checksum_mismatches.push_back(fmt::format(
        "{} was edited after it was applied (applied checksum {}, file now {}); if the edit was deliberate, run "
        "`strata hash`, then `strata repair --accept {}`",
        migration->up_path.string(), row.checksum, migration->checksum, row.version));
    }
  }
  const auto recorded = recorded_versions(rows);
  for (const auto& migration : m_directory.migrations()) {
    if (!recorded.contains(version_key(migration.version))) {
      status.pending.push_back(migration.version);
    }
  }
  status.out_of_order = out_of_order(m_directory, rows);
  return status;
}

std::vector<std::string> out_of_order(const Directory& directory, const std::vector<HistoryRow>& rows)
{
  std::optional<std::string> newest;
  for (const auto& row : rows) {
    if (row.status != "dirty" && (!newest || compare_versions(row.version, *newest) > 0)) {
      newest = row.version;
    }
  }
  std::vector<std::string> out;
  if (!newest) {
    return out;
  }
  const auto recorded = recorded_versions(rows);
  for (const auto& migration : directory.migrations()) {
    if (!recorded.contains(version_key(migration.version)) && compare_versions(migration.version, *newest) < 0) {
      out.push_back(migration.version);
    }
  }
  return out;
}

const HistoryRow* Executor::retryable(const std::vector<HistoryRow>& rows) const
{
  // Only where files run in transactions unless they opt out: a `no-transaction` file there is
  // written to be repeatable (IF NOT EXISTS, CONCURRENTLY) and what its failed statement left is
  // cleaned (after_failed_statement), so running it whole again is safe. Without transactional
  // DDL (MySQL) every file runs statement by statement and is not written to run twice: its
  // statements before the failed one took effect, so only `strata repair` goes on from there.
  // A batched file records how far it got (each part committed with its row), so it goes on
  // from there on every engine, unless a statement outside a transaction was cut off while it
  // ran (only `strata repair` can tell whether it took effect).
  if (rows.empty() || rows.back().status != "dirty" || rows.back().direction == "down") {
    return nullptr; // a half-run down file is not undone by running the up file again
  }
  const auto* migration = m_directory.find(rows.back().version);
  if (migration == nullptr || migration->checksum != rows.back().checksum) {
    return nullptr;
  }
  if (migration->up_header.batched) {
    return stopped_while_running(rows.back()) ? nullptr : &rows.back();
  }
  if (!m_dialect.capabilities.transactional_ddl || !migration->up_header.no_transaction) {
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

bool stopped_before_first(const HistoryRow& row)
{
  return row.status == "dirty" && row.failed_statement <= 0 &&
         row.message == (row.direction == "down" ? detail::k_down_not_started : detail::k_up_not_started);
}

bool stopped_while_running(const HistoryRow& row)
{
  return row.status == "dirty" && row.failed_statement > 0 &&
         row.message == detail::running_message(row.failed_statement, row.failed_line);
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

} // namespace strata::migrations
