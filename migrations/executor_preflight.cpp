// Executor: apply's preflight. The `preflight` header lines of the pending files are counted
// before anything runs, so a file that would fail on the current data (NULLs for NOT NULL,
// duplicates for UNIQUE, ...) is refused rather than left half-applied (MySQL: dirty).
#include "migrations/executor.hpp"

#include "dialects/probe_sql.hpp"
#include "migrations/executor_internal.hpp"
#include "planner/plan.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

namespace strata::migrations {

namespace {

// "20261122_x.up.sql line 4: preflight not-null users(email): 2 NULL rows"
std::string failure_line(const Migration& migration, const PreflightCheck& check, long long count)
{
  return fmt::format("  {} line {}: preflight {}: {} {}", migration.file_name(), check.line, check.text, count,
                     planner::count_label(check.probe.kind));
}

const char* k_way_out = "fix the data (or the file and run `strata hash`), or run `strata apply --no-preflight` to "
                        "run it anyway";

} // namespace

Executor::Deferred Executor::preflight(const std::vector<const Migration*>& pending)
{
  Deferred deferred(pending.size());
  std::vector<std::string> failures;
  std::vector<std::string> files;
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto& migration = *pending[i];
    const auto before = failures.size();
    for (const auto& check : migration.up_header.preflights) {
      std::optional<long long> count;
      try {
        count = dialects::count_read_only(m_dialect, m_connection, check.probe);
      } catch (const DatabaseError&) {
        deferred[i].push_back(&check); // what it counts does not exist yet: an earlier file makes it
        report(fmt::format("preflight {} of {} is counted when the files before it have run", check.text,
                           migration.file_name()));
        continue;
      }
      if (count && *count > 0) {
        failures.push_back(failure_line(migration, check, *count));
      }
    }
    if (failures.size() != before) {
      files.push_back(migration.file_name());
    }
  }
  if (!failures.empty()) {
    throw SafetyRefusal(fmt::format("refusing to apply: {} would fail on the current data; nothing was run\n{}\n{}",
                                    detail::join(files, ", "), detail::join(failures, "\n"), k_way_out));
  }
  return deferred;
}

void Executor::preflight_before(const Migration& migration, const std::vector<const PreflightCheck*>& checks,
                                const std::vector<std::string>& applied)
{
  std::vector<std::string> failures;
  for (const auto* check : checks) {
    std::optional<long long> count;
    try {
      count = dialects::count_read_only(m_dialect, m_connection, check->probe);
    } catch (const DatabaseError& e) {
      report(fmt::format("preflight {} of {} could not be counted ({}); the file runs without it", check->text,
                         migration.file_name(), e.what()));
      continue;
    }
    if (count && *count > 0) {
      failures.push_back(failure_line(migration, *check, *count));
    }
  }
  if (!failures.empty()) {
    throw SafetyRefusal(fmt::format("refusing to apply: {} would fail on the current data; nothing of it was run{}\n"
                                    "{}\n{}",
                                    migration.file_name(),
                                    applied.empty() ? "" : " (applied before it in this run: " +
                                                             detail::join(applied, ", ") + ")",
                                    detail::join(failures, "\n"), k_way_out));
  }
}

} // namespace strata::migrations
