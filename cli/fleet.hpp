#pragma once
// The commands that run over a fleet of databases (apply, status, drift, verify): the flags
// --targets, --parallel (and apply's --canary, --on-error), the target list of this run, and the
// run itself with its report and exit code (workflows/fleet.hpp, cli/output/fleet_render.hpp).

#include "workflows/fleet.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace strata::cli {

struct FleetFlags {
  std::string targets; // --targets FILE
  std::size_t parallel = 1;
  std::size_t canary = 0;
  std::string on_error = "stop";
};

// --targets FILE and --parallel N; with `apply`, also --canary N and --on-error stop|continue.
void add_fleet_options(CLI::App& command, FleetFlags& flags, bool apply = false);

// The fleet this run works on: --targets FILE (Error(usage) with --db), else the --env
// environment's databases when it lists several, else --db / $STRATA_DB; patterns expanded
// (workflows::expand_targets). Empty when the run works on one database as before (no --targets,
// one database named, no pattern).
std::vector<workflows::FleetTarget> fleet_of(const std::string& db_flag, const FleetFlags& flags);
// fleet_of, else (one database) that database as a fleet of one when `as_fleet` (a report format
// only fleets have: apply --format json|markdown), else empty.
std::vector<workflows::FleetTarget> fleet_of(const std::string& db_flag, const FleetFlags& flags, bool as_fleet);

// The result of a target whose run threw: refused (exit 3) for a SafetyRefusal, else failed
// (exit 1) with the error's message (every diagnostic of a SchemaError).
workflows::TargetResult failure_of(const std::exception_ptr& error);

// A target's own run: `stop` is set once the run was interrupted (apply stops before its next file).
using FleetRun = std::function<workflows::TargetResult(const workflows::FleetTarget& target, std::size_t index,
                                                       const std::atomic<bool>& stop)>;

// Runs `run` over `targets` (workflows::run_fleet) and prints the report in `format` (text: each
// line as its target ends, then the summary; json and markdown: the whole report at the end).
// The first SIGINT or SIGTERM starts no new target and sets `stop`; a second ends the process as
// the signal does. Returns the exit code: 128 + the signal after an interruption, else 1 when a
// target failed, else 3 when one was refused, else 2 when one drifted, else 0.
int run_fleet_report(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                     const FleetFlags& flags, const std::string& format, const FleetRun& run);

} // namespace strata::cli
