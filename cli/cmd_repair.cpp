// strata repair: what to do about a dirty database, the state a migration file leaves when it
// fails outside a transaction (every file on MySQL/MariaDB, whose DDL commits on its own; a
// `no-transaction` file on PostgreSQL). Without an action it shows the dirty version, the
// statement that failed and the choices; with one it takes the migration lock and acts.
// An action asks first (--yes, or a yes on a terminal). Exit 0 done (or shown), 1 nothing dirty /
// error, 3 not confirmed.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/migration_render.hpp"
#include "schemas/error.hpp"
#include "workflows/migrate.hpp"

namespace strata::cli {

namespace {

struct RepairFlags : DbDirFlags {
  bool resolved = false;
  bool rolled_back = false;
  bool resume = false;
  bool skip_current = false;
  bool rerun_current = false;
  std::string accept;
  RunFlags run;
};

int run_repair(const RepairFlags& flags)
{
  const int actions = int{flags.resolved} + int{flags.rolled_back} + int{flags.resume};
  if (!flags.accept.empty()) {
    if (actions > 0) {
      throw Error(ErrorKind::usage, "--accept does not go with --continue, --resolved or --rolled-back");
    }
    const auto accepted = workflows::run_accept_edit(
      {target_of(flags.db), resolve_dir(flags.dir), std::nullopt, executor_options(flags.run)}, flags.accept);
    print_out(render_accepted(accepted.before, accepted.checksum));
    return exit_codes::ok;
  }
  if (actions > 1) {
    throw Error(ErrorKind::usage, "repair takes one of --continue, --resolved or --rolled-back");
  }
  workflows::RepairRequest request{target_of(flags.db), resolve_dir(flags.dir), std::nullopt,
                                   executor_options(flags.run)};
  if (actions == 1) {
    request.action = flags.resume     ? migrations::RepairAction::resume
                     : flags.resolved ? migrations::RepairAction::resolved
                                      : migrations::RepairAction::rolled_back;
  }
  request.current = flags.skip_current    ? migrations::CurrentStatement::skip
                    : flags.rerun_current ? migrations::CurrentStatement::rerun
                                          : migrations::CurrentStatement::check;
  print_out(render_repair(workflows::run_repair(request)));
  return exit_codes::ok;
}

} // namespace

void register_repair(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_db_dir_command(
    app, globals, "repair",
    "Show or resolve a dirty migration (a file that failed outside a transaction: every file on MySQL/MariaDB). "
    "Without a flag it shows the failed statement; apply and rollback refuse until it is repaired",
    run_repair);
  auto* resume = command->add_flag("--continue", flags->resume,
                                   "after fixing the cause: run the file again from the failed statement on (the "
                                   "statements before it count as done); success marks it applied (rolled back for "
                                   "a down file), a failure leaves it dirty at the new statement. After a killed "
                                   "run, whether the statement that was running took effect is decided from the "
                                   "live catalog (replayed on a scratch database); when it cannot be, it refuses "
                                   "and names --skip-current and --rerun-current");
  auto* resolved = command->add_flag("--resolved", flags->resolved,
                                     "you finished the file by hand: mark it applied (a down file: rolled back)");
  auto* rolled_back = command->add_flag("--rolled-back", flags->rolled_back,
                                        "you undid the file's statements by hand: forget the run, so the version "
                                        "is pending again (a down file: applied again)");
  command->add_option("--accept", flags->accept,
                      "a deliberate edit of an applied file (after `strata hash`): record its new checksum for "
                      "VERSION and who accepted it, so status and apply stop refusing; asks, or needs --yes");
  auto* skip = command->add_flag("--skip-current", flags->skip_current,
                                 "with --continue: the statement the row names took effect (you checked): go on "
                                 "after it instead of deciding from the catalog");
  auto* rerun = command->add_flag("--rerun-current", flags->rerun_current,
                                  "with --continue: the statement the row names did not take effect (you checked): "
                                  "run it again instead of deciding from the catalog");
  skip->needs(resume)->excludes(rerun);
  rerun->needs(resume);
  resume->excludes(resolved)->excludes(rolled_back);
  resolved->excludes(rolled_back);
  command->add_flag("-y,--yes", flags->run.yes, "act without asking (needed without a terminal)");
  command->add_option("--lock-timeout", flags->run.lock_timeout_seconds,
                      "seconds to wait for another strata holding the migration lock (default: 10)");
  add_ddl_lock_flags(*command, flags->run);
  command->footer("Exit codes: 0 repaired (or shown, or the edit accepted), 1 nothing is dirty or an error, 3 an "
                  "action or --accept not confirmed (no --yes and no terminal, or answered no), 64 a usage error.");
}

} // namespace strata::cli
