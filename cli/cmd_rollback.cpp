// strata rollback: run the down files of the newest applied migrations, newest first.
// Exit 0 done, 1 error, 3 refused for safety.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>

namespace strata::cli {

namespace {

struct RollbackOptions {
  std::string db;
  std::string dir;
  std::string to;
  int steps = 0;
  bool dry_run = false;
  RunFlags run;
};

int run_rollback(const RollbackOptions& options, bool has_to, bool has_steps)
{
  if (has_to == has_steps) {
    throw Error(ErrorKind::usage, "rollback needs exactly one of --to VERSION or --steps N");
  }
  if (has_steps && options.steps < 1) {
    throw Error(ErrorKind::usage, "--steps must be 1 or more");
  }
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  Database db = open_database(options.db);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, executor_options(options.run));
  const auto result = executor.rollback(has_to ? std::optional<std::string>(options.to) : std::nullopt,
                                        has_steps ? std::optional<int>(options.steps) : std::nullopt,
                                        options.dry_run);
  const auto count = result.applied.size();
  if (count == 0) {
    print_out("nothing to roll back\n");
  } else {
    print_out(fmt::format("{} {} migration(s):\n{}", options.dry_run ? "would roll back" : "rolled back", count,
                          migration_list(directory, result.applied)));
  }
  for (const auto& backup : result.backups) {
    print_out(fmt::format("backup {} taken (restore with: strata backup restore {})\n", backup, backup));
  }
  return exit_codes::ok;
}

} // namespace

void register_rollback(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<RollbackOptions>();
  auto* command = app.add_subcommand("rollback", "Run down files of applied migrations, newest first");
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  auto* to = command->add_option("--to", options->to, "roll back every migration newer than this version");
  auto* steps = command->add_option("--steps", options->steps, "roll back the newest N migrations");
  to->excludes(steps);
  command->add_flag("--dry-run", options->dry_run, "list what would be rolled back; change nothing");
  add_run_flags(*command, options->run);
  command->callback([options, &globals, to, steps] {
    globals.exit_code = run_rollback(*options, to->count() > 0, steps->count() > 0);
  });
}

} // namespace strata::cli
