// strata apply: run the pending migration files (generated or hand-written) in version order.
// Exit 0 done, 1 error, 3 refused for safety (destructive file without --yes and no terminal).
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/migrate.hpp"

namespace strata::cli {

namespace {

struct ApplyFlags : DbDirFlags {
  std::string to;
  bool dry_run = false;
  RunFlags run;
};

int run_apply(const ApplyFlags& flags)
{
  workflows::ApplyRequest request;
  request.executor = executor_options(flags.run);
  request.target = target_of(flags.db);
  request.dir = resolve_dir(flags.dir);
  if (!flags.to.empty()) {
    request.to = flags.to;
  }
  request.dry_run = flags.dry_run;
  print_out(render_run(workflows::run_apply(request), "apply", "applied"));
  return exit_codes::ok;
}

} // namespace

void register_apply(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "apply", "Apply the pending migration files to the database", run_apply);
  add_db_dir_options(*command, *flags);
  command->add_option("--to", flags->to, "apply up to and including this version");
  command->add_flag("--dry-run", flags->dry_run, "list what would be applied; change nothing");
  add_run_flags(*command, flags->run);
}

} // namespace strata::cli
