#include "workflows/history_gate.hpp"

#include "schemas/error.hpp"
#include "workflows/scratch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace strata::workflows {

namespace {

std::string join_lines(const std::vector<std::string>& lines)
{
  std::string out;
  for (const auto& line : lines) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

} // namespace

std::vector<std::string> HistoryGate::dirty_messages() const
{
  std::vector<std::string> out;
  for (const auto& row : status.dirty_rows) {
    out.push_back(fmt::format("version {} ({}) is dirty: {}; run `strata repair` first", row.version, row.name,
                              migrations::describe_dirty(row)));
  }
  return out;
}

std::vector<std::string> HistoryGate::out_of_order_messages() const
{
  std::vector<std::string> out;
  for (const auto& version : status.out_of_order) {
    const auto* migration = directory->find(version);
    out.push_back(fmt::format("{} is not applied but is older than the applied version {}: the applied history "
                              "cannot be replayed without running it",
                              migration == nullptr ? version : migration->up_path.string(),
                              status.current_version.value_or("")));
  }
  return out;
}

std::vector<std::string> HistoryGate::replay_blockers() const
{
  auto out = dirty_messages();
  out.insert(out.end(), status.missing_files.begin(), status.missing_files.end());
  out.insert(out.end(), status.checksum_mismatches.begin(), status.checksum_mismatches.end());
  const auto late = out_of_order_messages();
  out.insert(out.end(), late.begin(), late.end());
  return out;
}

HistoryGate read_history_gate(Database& db, const migrations::Directory& directory)
{
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, replay_options());
  return HistoryGate{executor.status(), &directory}; // status() reads the history table only
}

void refuse_unless_current(const HistoryGate& gate, const std::string& redacted_url)
{
  const auto& report = gate.status;
  if (!report.dirty.empty()) {
    throw IntegrityError("version " + report.dirty.front() +
                         " is dirty (a failed run left it half-done): see `strata repair` (finish it with --continue, or "
                         "mark what you did by hand with --resolved / --rolled-back), then plan again");
  }
  for (const auto* list : {&report.checksum_mismatches, &report.missing_files}) {
    for (const auto& problem : *list) {
      spdlog::warn("{}", problem);
    }
  }
  if (report.pending.empty()) {
    return;
  }
  const auto* pending = gate.directory->find(report.pending.front());
  const std::string name = pending == nullptr ? report.pending.front() : pending->file_name();
  throw Error(ErrorKind::input, "apply or delete pending migration " + name + " first (it is not applied to " +
                                  redacted_url + "; planning now would repeat its changes), or plan on top of the folder with "
                                  "--from migrations");
}

std::optional<std::string> require_replayable(const HistoryGate& gate)
{
  const auto problems = gate.replay_blockers();
  if (!problems.empty()) {
    throw IntegrityError("cannot compare with the applied migrations:\n" + join_lines(problems));
  }
  return gate.status.current_version;
}

} // namespace strata::workflows
