// strata status: current version, pending files, and every integrity problem (dirty versions,
// edited applied files, missing files, strata.sum mismatches). Exit 1 when there is a problem.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/history.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

int run_status(const DbDirFlags& flags)
{
  const auto result = workflows::run_status({target_of(flags.db), resolve_dir(flags.dir)});
  print_out(render_status(result));
  for (const auto& problem : status_problems(result)) {
    spdlog::error("{}", problem);
  }
  return result.ok() ? exit_codes::ok : exit_codes::error;
}

} // namespace

void register_status(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "status", "Show the current version, pending files and integrity problems", run_status);
  add_db_dir_options(*command, *flags);
}

} // namespace strata::cli
