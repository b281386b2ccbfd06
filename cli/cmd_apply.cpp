// strata apply: run the pending migration files (generated or hand-written) in version order.
// Exit 0 done, 1 error, 3 refused for safety (destructive file without --yes and no terminal).
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>

namespace strata::cli {

namespace {

struct ApplyOptions {
  std::string db;
  std::string dir;
  std::string to;
  bool dry_run = false;
  RunFlags run;
};

int run_apply(const ApplyOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  Database db = open_database(options.db);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, executor_options(options.run));
  const std::optional<std::string> to = options.to.empty() ? std::nullopt : std::optional<std::string>(options.to);
  const auto result = executor.apply(to, options.dry_run);
  const auto count = result.applied.size();
  if (count == 0) {
    print_out("nothing to apply\n");
  } else if (options.dry_run) {
    print_out(fmt::format("would apply {} migration(s):\n{}", count, migration_list(directory, result.applied)));
  } else {
    print_out(fmt::format("applied {} migration(s):\n{}", count, migration_list(directory, result.applied)));
  }
  for (const auto& backup : result.backups) {
    print_out(fmt::format("backup {} taken (restore with: strata backup restore {})\n", backup, backup));
  }
  return exit_codes::ok;
}

} // namespace

void register_apply(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<ApplyOptions>();
  auto* command = app.add_subcommand("apply", "Apply the pending migration files to the database");
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  command->add_option("--to", options->to, "apply up to and including this version");
  command->add_flag("--dry-run", options->dry_run, "list what would be applied; change nothing");
  add_run_flags(*command, options->run);
  command->callback([options, &globals] { globals.exit_code = run_apply(*options); });
}

} // namespace strata::cli
