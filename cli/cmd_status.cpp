// strata status: current version, pending files, and every integrity problem (dirty versions,
// edited applied files, missing files, strata.sum mismatches). Exit 1 when there is a problem.
// strata history: the applied migrations recorded in strata_schema_history.
#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "cli/output/text_parts.hpp"
#include "workflows/history.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct ReadFlags : DbDirFlags {
  std::string format = "text";
  FleetFlags fleet; // status
  bool runs = false; // history --runs
};

// One database of a fleet: current, pending (with the files) or failed (the first problem).
workflows::TargetResult status_of_target(const ReadFlags& flags, const workflows::FleetTarget& target)
{
  const auto status = workflows::run_status({target.target, resolve_dir(flags.dir)});
  workflows::TargetResult result;
  const auto current = status.current_file.empty()
                         ? (status.report.current_version ? *status.report.current_version : std::string("nothing applied"))
                         : status.current_file;
  if (!status.ok()) {
    const auto problems = status_problems(status);
    result.outcome = workflows::Outcome::failed;
    result.exit_code = exit_codes::error;
    result.detail = fmt::format("failed: {}", problems.empty() ? std::string("integrity problem")
                                                               : fmt::format("{}", fmt::join(problems, "; ")));
  } else if (!status.pending_files.empty()) {
    result.outcome = workflows::Outcome::pending;
    result.files = status.pending_files;
    result.detail = fmt::format("{} pending: {} (current: {})", count_of(status.pending_files.size(), "file"),
                                fmt::join(status.pending_files, ", "), current);
  } else {
    result.outcome = workflows::Outcome::current;
    result.detail = fmt::format("current: {}", current);
  }
  return result;
}

int run_status(const ReadFlags& flags)
{
  const auto fleet = fleet_of(flags.db, flags.fleet, flags.format == "markdown");
  if (!fleet.empty()) {
    return run_fleet_report("status", fleet, flags.fleet, flags.format,
                            [&](const workflows::FleetTarget& target, std::size_t, const std::atomic<bool>&) {
                              return status_of_target(flags, target);
                            });
  }
  return for_each_target(flags.db, [&](const workflows::Target& target) {
    const auto result = workflows::run_status({target, resolve_dir(flags.dir)});
    print_out(flags.format == "json" ? render_status_json(result) : render_status(result));
    for (const auto& problem : status_problems(result)) {
      spdlog::error("{}", problem);
    }
    return result.ok() ? exit_codes::ok : exit_codes::error;
  });
}

int run_history(const ReadFlags& flags)
{
  return for_each_target(flags.db, [&](const workflows::Target& target) {
    const auto result = workflows::run_history({target, resolve_dir(flags.dir)});
    print_out(flags.format == "json" ? render_history_json(result) : render_history(result, flags.runs));
    return exit_codes::ok;
  });
}

void add_format_option(CLI::App& command, ReadFlags& flags)
{
  command.add_option("--format", flags.format, "output: text or json")->check(one_of({"text", "json"}));
}

} // namespace

void register_status(CLI::App& app, Globals& globals)
{
  auto added = add_db_dir_command(app, globals, "status",
                                  "Show the current version, pending files and integrity problems", run_status);
  added.first->add_option("--format", added.second->format, "output: text, json, or markdown (the fleet report)")
    ->check(one_of({"text", "json", "markdown"}));
  add_fleet_options(*added.first, added.second->fleet);
}

void register_history(CLI::App& app, Globals& globals)
{
  auto added = add_db_dir_command(app, globals, "history", "List applied migrations with times, durations and backups",
                                  run_history);
  add_format_option(*added.first, *added.second);
  added.first->add_flag("--runs", added.second->runs,
                        "also list every run of a file (apply, rollback, repair --continue) with its start, end, "
                        "duration, rows changed and outcome");
}

} // namespace strata::cli
