// strata backup list | restore ID: the copies taken before destructive steps.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/history.hpp"

namespace strata::cli {

namespace {

struct BackupFlags : DbDirFlags {
  std::string id;
  RunFlags run;
  std::string format = "text"; // list
};

workflows::BackupRequest request_of(const BackupFlags& flags)
{
  return workflows::BackupRequest{target_of(flags.db), resolve_dir(flags.dir), flags.id, executor_options(flags.run)};
}

int run_list(const BackupFlags& flags)
{
  const auto list = workflows::list_backups(request_of(flags));
  print_out(flags.format == "json" ? render_backups_json(list) : render_backups(list));
  return exit_codes::ok;
}

int run_restore(const BackupFlags& flags)
{
  print_out(render_restored(workflows::restore_backup(request_of(flags))));
  return exit_codes::ok;
}

} // namespace

void register_backup(CLI::App& app, Globals& globals)
{
  auto* command = app.add_subcommand("backup", "List, restore or prune the backups taken before destructive steps");
  command->require_subcommand(1);
  register_backup_prune(*command, globals);

  auto [list, list_flags] = add_db_dir_command(
    *command, globals, "list", "List backups: id, version, table[.column], rows, created_at, location", run_list);
  list->add_option("--format", list_flags->format, "output: text or json")->check(one_of({"text", "json"}));
  auto [restore, restore_flags] =
    add_db_dir_command(*command, globals, "restore", "Put the rows or values of one backup back", run_restore);
  restore->add_option("id", restore_flags->id, "backup id (see `strata backup list`)")->required();
  restore->add_option("--backup-dir", restore_flags->run.backup_dir, "backup folder (default as for apply)");
  restore->add_flag("-y,--yes", restore_flags->run.yes, "restore without asking (needed without a terminal)");
}

} // namespace strata::cli
