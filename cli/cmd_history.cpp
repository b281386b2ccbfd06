// strata history: the applied migrations recorded in strata_schema_history.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/history.hpp"

namespace strata::cli {

namespace {

int run_history(const DbDirFlags& flags)
{
  print_out(render_history(workflows::run_history({target_of(flags.db), resolve_dir(flags.dir)})));
  return exit_codes::ok;
}

} // namespace

void register_history(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "history", "List applied migrations with times, durations and backups", run_history);
  add_db_dir_options(*command, *flags);
}

} // namespace strata::cli
