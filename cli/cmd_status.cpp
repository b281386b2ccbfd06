// strata status: current version, pending files, and every integrity problem (dirty versions,
// edited applied files, missing files, strata.sum mismatches). Exit 1 when there is a problem.
// strata history: the applied migrations recorded in strata_schema_history.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/history.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

workflows::HistoryRequest request_of(const DbDirFlags& flags)
{
  return workflows::HistoryRequest{target_of(flags.db), resolve_dir(flags.dir)};
}

int run_status(const DbDirFlags& flags)
{
  const auto result = workflows::run_status(request_of(flags));
  print_out(render_status(result));
  for (const auto& problem : status_problems(result)) {
    spdlog::error("{}", problem);
  }
  return result.ok() ? exit_codes::ok : exit_codes::error;
}

int run_history(const DbDirFlags& flags)
{
  print_out(render_history(workflows::run_history(request_of(flags))));
  return exit_codes::ok;
}

} // namespace

void register_status(CLI::App& app, Globals& globals)
{
  add_db_dir_command(app, globals, "status", "Show the current version, pending files and integrity problems",
                     run_status);
}

void register_history(CLI::App& app, Globals& globals)
{
  add_db_dir_command(app, globals, "history", "List applied migrations with times, durations and backups",
                     run_history);
}

} // namespace strata::cli
