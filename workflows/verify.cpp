// strata verify's replays (verify_run.hpp): the folder applied on a scratch database through the
// real executor, round trips of the pending files, and the result compared with schema.yaml.
#include "workflows/verify.hpp"

#include "workflows/planning.hpp"
#include "workflows/scratch.hpp"
#include "migrations/executor.hpp"
#include "migrations/scratch.hpp"
#include "schemas/error.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

namespace strata::workflows {

using migrations::Migration;

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& separator)
{
  std::string text;
  for (const auto& part : parts) {
    text += (text.empty() ? "" : separator) + part;
  }
  return text;
}

std::string describe_steps(const planner::Plan& plan)
{
  std::vector<std::string> parts;
  for (const auto& step : plan.steps) {
    parts.push_back(schemas::describe(step.operation));
  }
  return join(parts, "; ");
}

// The statement's first line that is not a comment, cut to 80 characters: enough to find it.
std::string statement_excerpt(const std::string& sql, int number, const dialects::Administration& engine)
{
  const auto statements = migrations::split_statements(sql, engine);
  if (number < 1 || number > static_cast<int>(statements.size())) {
    return {};
  }
  const std::string& text = statements[static_cast<size_t>(number - 1)].sql;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto end = std::min(text.find('\n', pos), text.size());
    const auto first = text.find_first_not_of(" \t\r", pos);
    if (first < end && text.compare(first, 2, "--") != 0) {
      std::string line = text.substr(first, end - first);
      return line.size() > 80 ? line.substr(0, 77) + "..." : line;
    }
    pos = end + 1;
  }
  return {};
}

// A file that failed while being applied or rolled back on the scratch database. `context`
// ("", " when applied again after its down file") says which run of it failed.
VerifyProblem replay_failure(const Migration& m, bool down, const std::string& context, const Error& error,
                             const dialects::Administration& engine)
{
  const auto file = (down ? m.down_path : m.up_path).filename().string();
  if (const auto* statement = dynamic_cast<const StatementError*>(&error)) {
    const auto excerpt = statement_excerpt(down ? m.down_sql : m.up_sql, statement->statement_number(), engine);
    return {"replay-failed", file, statement->line(),
            fmt::format("statement {}{} failed{}: {}", statement->statement_number(),
                        excerpt.empty() ? "" : " (" + excerpt + ")", context, schemas::first_line(statement->db_message()))};
  }
  return {"replay-failed", file, std::nullopt, fmt::format("failed{}: {}", context, schemas::first_line(error.what()))};
}

struct Pass {
  // recheck: a fingerprint differed in the round trip of file `stopped`, nothing reported yet.
  enum class End { complete, failed, untrusted, recheck } end = End::complete;
  size_t stopped = 0; // index of the file the pass stopped at
  int replayed = 0;
};

// How a pass checks its round trips. By default through fingerprints (introspect::fingerprint):
// the state after a file's down file must fingerprint as the state before it, the state after it
// again as after it the first time, and no snapshot is read. A fingerprint that differs proves
// nothing (an object recreated elsewhere in the catalog): the pass stops (Pass::End::recheck) and
// the next one replays afresh up to that file and compares snapshots there, as engines without
// fingerprints always do.
struct Care {
  std::optional<size_t> snapshots_at; // the file whose round trip compares snapshots; earlier files
                                      // were round tripped by an earlier pass
  bool snapshots_after = false;       // so do all after it (too many rechecks already)
  size_t first_trip() const { return snapshots_at.value_or(0); }
};

enum class Trip { kept, lost, recheck }; // lost: the scratch database is not where the files lead

// A fingerprint of the scratch database, shared rather than copied (a few MB at 1,000 tables):
// null when the engine has none.
using Print = std::shared_ptr<const introspect::Fingerprint>;

bool same(const Print& a, const Print& b)
{
  return a && b ? *a == *b : a == b;
}

class Replayer {
public:
  Replayer(migrations::ScratchDatabase& scratch, const migrations::Directory& directory, VerifyReport& report,
           const Care& care)
    : m_scratch(scratch),
      m_files(directory.migrations()),
      m_executor(scratch.connection(), scratch.dialect(), scratch.url(), directory, replay_options()),
      m_report(report),
      m_care(care),
      m_print(take(fingerprint(scratch))),
      m_latest(m_print),
      m_fingerprints(m_print != nullptr)
  {
  }

  // Every file in order; those in `round_trip` go up, down and up again.
  Pass run(const std::set<std::string>& round_trip)
  {
    Pass pass;
    for (size_t i = 0; i < m_files.size(); ++i) {
      pass.stopped = i;
      const bool trip = round_trip.contains(m_files[i].version) && i >= m_care.first_trip();
      const bool careful = trip && (!m_fingerprints || compares_snapshots(i));
      std::optional<schemas::Schema> before;
      Print before_print;
      if (careful) {
        before = current();
      } else if (trip) {
        before_print = current_print();
      }
      m_known.reset();
      m_print.reset();
      if (!apply(i, "", true)) {
        pass.end = Pass::End::failed;
        return pass;
      }
      ++pass.replayed;
      const Trip result = !trip ? Trip::kept : careful ? round_trip_of(i, *before) : quick_round_trip_of(i, before_print);
      if (result != Trip::kept) {
        pass.end = result == Trip::lost ? Pass::End::untrusted : Pass::End::recheck;
        return pass;
      }
    }
    return pass;
  }

private:
  bool compares_snapshots(size_t i) const
  {
    return m_care.snapshots_at && (i == *m_care.snapshots_at || (m_care.snapshots_after && i > *m_care.snapshots_at));
  }

  // The scratch database's schema: the snapshot the last round trip ended with when nothing ran
  // since (a file's state after it is the next file's state before it), else read afresh.
  schemas::Schema current() { return current_snapshot(m_known, m_scratch); }
  // Its fingerprint, the same way.
  Print current_print()
  {
    auto print = m_print ? std::move(m_print) : print_now();
    m_print.reset();
    return print;
  }
  static Print take(std::optional<introspect::Fingerprint> print)
  {
    return print ? std::make_shared<const introspect::Fingerprint>(std::move(*print)) : nullptr;
  }
  // The scratch database's fingerprint now, taken from the last one taken (cheaper on PostgreSQL).
  Print print_now()
  {
    m_latest = take(fingerprint(m_scratch, m_latest.get()));
    return m_latest;
  }

  // Rolls files[i] back alone; false (and a problem) when its down file fails.
  bool roll_back(size_t i)
  {
    try {
      // Only this file: a part-of half rolls back alone with --to, unlike --steps 1.
      if (i == 0) {
        m_executor.rollback(std::nullopt, 1, false);
      } else {
        m_executor.rollback(m_files[i - 1].version, std::nullopt, false);
      }
      return true;
    } catch (const Error& e) {
      m_report.problems.push_back(replay_failure(m_files[i], true, "", e, m_scratch.dialect()));
      return false;
    }
  }

  // round_trip_of through fingerprints: reports only what needs no snapshot (a file that fails).
  Trip quick_round_trip_of(size_t i, const Print& before)
  {
    auto after = print_now();
    if (!roll_back(i)) {
      ++m_report.round_trips;
      return Trip::lost;
    }
    if (!same(print_now(), before)) {
      return Trip::recheck;
    }
    if (!apply(i, " when applied again after its down file", true)) {
      ++m_report.round_trips;
      return Trip::lost;
    }
    auto again = print_now();
    if (!same(again, after)) {
      return Trip::recheck;
    }
    ++m_report.round_trips;
    m_print = std::move(again);
    return Trip::kept;
  }

  // False (and a problem when `report_failure`) when the file fails.
  bool apply(size_t i, const std::string& context, bool report_failure, std::string* message = nullptr)
  {
    try {
      m_executor.apply(m_files[i].version, false);
      return true;
    } catch (const Error& e) {
      auto problem = replay_failure(m_files[i], false, context, e, m_scratch.dialect());
      if (message != nullptr) {
        *message = problem.message;
      }
      if (report_failure) {
        m_report.problems.push_back(std::move(problem));
      }
      return false;
    }
  }

  // After files[i] was applied on `before`: down, compare, up again, compare. Trip::lost when the
  // scratch database no longer holds what the files up to i produce.
  Trip round_trip_of(size_t i, const schemas::Schema& before)
  {
    const auto& m = m_files[i];
    const auto& dialect = m_scratch.dialect();
    ++m_report.round_trips;
    const auto after = snapshot(m_scratch);
    if (!roll_back(i)) {
      return Trip::lost;
    }
    const auto left = compare_schemas(snapshot(m_scratch), before, dialect);
    const bool restored = left.empty();
    if (!restored && m.up_header.irreversible) {
      // Said so in its header (an enum value that cannot be removed): worth knowing, not a fault.
      m_report.notes.push_back(fmt::format("{} is marked irreversible ({}) and its down file does not restore the "
                                           "schema: still needed to get back: {}",
                                           m.file_name(), join(m.up_header.irreversible_reasons, "; "),
                                           describe_steps(left)));
    } else if (!restored) {
      m_report.problems.push_back(
        {"down-mismatch", m.down_path.filename().string(), std::nullopt,
         fmt::format("does not restore the schema from before {}; still needed to get back: {}", m.file_name(),
                     describe_steps(left))});
    }
    std::string message;
    // Reported as a problem of its own only when the down file looked right; else a note.
    if (!apply(i, restored ? " when applied again after its down file" : "", restored, &message)) {
      if (!restored) {
        m_report.notes.push_back(
          fmt::format("{} cannot be applied again after its down file: {}", m.file_name(), message));
      }
      return Trip::lost;
    }
    auto reapplied = snapshot(m_scratch);
    const auto again = compare_schemas(reapplied, after, dialect);
    if (!again.empty()) {
      m_report.problems.push_back(
        {"down-mismatch", m.down_path.filename().string(), std::nullopt,
         fmt::format("after it, {} applied again gives a different schema than the first time: {}", m.file_name(),
                     describe_steps(again))});
      return Trip::lost;
    }
    m_known = std::move(reapplied);
    return Trip::kept;
  }

  migrations::ScratchDatabase& m_scratch;
  const std::vector<Migration>& m_files;
  migrations::Executor m_executor;
  VerifyReport& m_report;
  Care m_care;
  std::optional<schemas::Schema> m_known;
  Print m_print;  // the fingerprint of the state the database is still in
  Print m_latest; // the last fingerprint taken of the scratch database
  bool m_fingerprints;                // the engine has them
};

} // namespace

void check_replay(const migrations::Directory& directory, const TargetHistory& target,
                  const schemas::Schema& desired, const std::string& schema_file,
                  const std::function<std::unique_ptr<migrations::ScratchDatabase>()>& open, VerifyReport& report)
{
  const auto& files = directory.migrations();
  std::set<std::string> round_trip;
  for (const auto& m : files) {
    if (target.given && target.applied.contains(m.version)) {
      continue; // applied on the database: its down file is not what a pull request changes
    }
    if (m.up_header.baseline) {
      report.notes.push_back(fmt::format("{} is a baseline: rollback never goes below it, so its down file is not "
                                         "checked",
                                         m.file_name()));
    } else if (!m.down_path.empty()) {
      // Irreversible files too: "data is not restored" still promises the schema is.
      round_trip.insert(m.version);
    } else if (m.up_header.irreversible) {
      report.notes.push_back(fmt::format("{} has no down file; it is marked irreversible ({})", m.file_name(),
                                         join(m.up_header.irreversible_reasons, "; ")));
    } else {
      report.problems.push_back({"no-down", m.file_name(), std::nullopt,
                                 "has no down file, so it cannot be rolled back: write its .down.sql, or say why "
                                 "in the up file with `-- strata: irreversible <reason>`"});
    }
  }

  auto scratch = open();
  report.engine = scratch->dialect().name;
  spdlog::debug("replaying {} on {}", directory.path().string(), scratch->describe());
  Care care;
  Pass pass = Replayer(*scratch, directory, report, care).run(round_trip);
  for (int rechecks = 1; pass.end == Pass::End::recheck; ++rechecks) {
    // Replay afresh up to the file whose fingerprints differed and compare snapshots from there:
    // only there, unless fingerprints differed a few times already (then every file after it).
    care = Care{pass.stopped, rechecks >= 3};
    spdlog::debug("round trip of {}: fingerprints differ, comparing snapshots", files[pass.stopped].file_name());
    scratch.reset();
    scratch = open();
    pass = Replayer(*scratch, directory, report, care).run(round_trip);
  }
  if (pass.end == Pass::End::untrusted) {
    // A round trip left the scratch database somewhere the files do not lead: replay afresh (the
    // old one is dropped, or a --dev-db emptied, first) to compare the folder with the schema.
    const auto& stopped = files[pass.stopped];
    if (std::any_of(files.begin() + static_cast<long>(pass.stopped) + 1, files.end(),
                    [&](const Migration& m) { return round_trip.contains(m.version); })) {
      report.notes.push_back(
        fmt::format("round trips after {} were not checked: its round trip left the scratch database in a "
                    "different state",
                    stopped.file_name()));
    }
    scratch.reset();
    scratch = open();
    pass = Replayer(*scratch, directory, report, Care{}).run({});
  }
  report.replayed = pass.replayed;
  if (pass.end == Pass::End::failed) {
    report.notes.push_back(fmt::format("the result was not compared with {}: the replay stopped at {}", schema_file,
                                       files[pass.stopped].file_name()));
    return;
  }
  const auto planned = plan_against(scratch_source(*scratch), desired);
  for (const auto& step : planned.plan.steps) {
    report.problems.push_back({"missing-migration", schema_file, std::nullopt,
                               fmt::format("the migrations do not produce {}: {}", schema_file,
                                           schemas::describe(step.operation))});
  }
}

} // namespace strata::workflows
