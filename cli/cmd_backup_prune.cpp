// strata backup prune --older-than AGE | --keep N [--dry-run] [--yes]: remove old backups.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/prune_render.hpp"
#include "workflows/history.hpp"

namespace strata::cli {

namespace {

struct PruneFlags : DbDirFlags {
  std::string older_than;
  long long keep = -1; // -1: not given
  bool dry_run = false;
  RunFlags run;
};

int run_prune(const PruneFlags& flags)
{
  workflows::PruneRequest request{target_of(flags.db), resolve_dir(flags.dir), flags.older_than, std::nullopt,
                                  flags.dry_run, executor_options(flags.run)};
  if (flags.keep >= 0) {
    request.keep = static_cast<std::size_t>(flags.keep);
  }
  print_out(render_pruned(workflows::prune_backups(request)));
  return exit_codes::ok;
}

} // namespace

void register_backup_prune(CLI::App& backup, Globals& globals)
{
  auto [prune, flags] = add_db_dir_command(
    backup, globals, "prune",
    "Remove old backups (copies and catalog rows): older than an age, all but the newest N, or both", run_prune);
  prune->add_option("--older-than", flags->older_than, "remove backups older than this: 30d, 12h, 90m, 2w");
  prune->add_option("--keep", flags->keep, "keep the newest N whatever their age (alone: remove all others)")
    ->check(CLI::NonNegativeNumber);
  prune->add_flag("--dry-run", flags->dry_run, "only list what would be removed");
  prune->add_flag("-y,--yes", flags->run.yes, "approve the removal (needed without a terminal)");
  prune->add_option("--lock-timeout", flags->run.lock_timeout_seconds,
                    "seconds to wait for another strata holding the migration lock (default: 10)");
}

} // namespace strata::cli
