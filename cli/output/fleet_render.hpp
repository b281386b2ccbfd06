#pragma once
// The report of a command run over a fleet (workflows/fleet.hpp): one line per target and a
// summary, as text, markdown or json (README "Fleets").

#include "workflows/fleet.hpp"

#include <string>
#include <vector>

namespace strata::cli {

// What the report of one command counts, in summary order (apply: applied, current, pending,
// failed; status: current, pending, failed; drift: in_sync, drifted, failed; verify: ok, failed);
// refused and not_run are added when they occur.
std::vector<workflows::Outcome> summary_outcomes(const std::string& command);

// "[2/10] sqlite:b.db: applied 2 files: 1_init.up.sql, 2_notes.up.sql (35 ms)\n"
std::string render_fleet_line(std::size_t index, const std::vector<workflows::FleetTarget>& targets,
                              const workflows::TargetResult& result);
// "10 targets: 7 applied, 2 already current, 0 pending, 1 failed\n" (", interrupted" when it was).
std::string render_fleet_summary(const std::string& command, const std::vector<workflows::TargetResult>& results,
                                 bool interrupted);
std::string render_fleet_markdown(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                                  const std::vector<workflows::TargetResult>& results, bool interrupted);
std::string render_fleet_json(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                              const std::vector<workflows::TargetResult>& results, bool interrupted, int exit_code);

} // namespace strata::cli
