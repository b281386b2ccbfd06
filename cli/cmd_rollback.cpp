// strata rollback: run the down files of the newest applied migrations, newest first.
// Exit 0 done, 1 error, 3 refused for safety.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/migrate.hpp"

namespace strata::cli {

namespace {

struct RollbackFlags : DbDirFlags {
  std::string to;
  int steps = 0;
  bool dry_run = false;
  RunFlags run;
  CLI::Option* to_option = nullptr; // given or not: --steps 0 is given, and refused
  CLI::Option* steps_option = nullptr;
};

int run_rollback(const RollbackFlags& flags)
{
  workflows::RollbackRequest request;
  if (flags.to_option->count() > 0) {
    request.to = flags.to;
  }
  if (flags.steps_option->count() > 0) {
    request.steps = flags.steps;
  }
  request.executor = executor_options(flags.run);
  request.target = target_of(flags.db);
  request.dir = resolve_dir(flags.dir);
  request.dry_run = flags.dry_run;
  print_out(render_run(workflows::run_rollback(request), "roll back", "rolled back"));
  return exit_codes::ok;
}

} // namespace

void register_rollback(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "rollback", "Run down files of applied migrations, newest first", run_rollback);
  add_db_dir_options(*command, *flags);
  flags->to_option = command->add_option("--to", flags->to, "roll back every migration newer than this version");
  flags->steps_option = command->add_option("--steps", flags->steps, "roll back the newest N migrations");
  flags->to_option->excludes(flags->steps_option);
  command->add_flag("--dry-run", flags->dry_run, "list what would be rolled back; change nothing");
  add_run_flags(*command, flags->run);
}

} // namespace strata::cli
