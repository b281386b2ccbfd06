#include "cli/executor_setup.hpp"

#include "cli/context.hpp"
#include "cli/live_status.hpp"
#include "schemas/error.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

namespace strata::cli {

void add_run_flags(CLI::App& command, RunFlags& flags)
{
  command.add_flag("-y,--yes", flags.yes, "approve destructive steps (needed without a terminal)");
  command.add_option("--lock-timeout", flags.lock_timeout_seconds,
                     "seconds to wait for another strata holding the migration lock (default: 10)");
  command.add_option("--backup-dir", flags.backup_dir,
                     "where backups go (default: $STRATA_BACKUP_DIR, then .strata/backups beside --dir; PostgreSQL: "
                     "the strata_backup schema unless a folder is given)");
}

migrations::ExecutorOptions executor_options(const RunFlags& flags)
{
  if (!(flags.lock_timeout_seconds >= 0) || !std::isfinite(flags.lock_timeout_seconds)) {
    throw Error(ErrorKind::usage, "--lock-timeout must be a number of seconds, 0 or more");
  }
  migrations::ExecutorOptions options;
  options.lock_timeout = std::chrono::milliseconds(std::llround(flags.lock_timeout_seconds * 1000.0));
  // No folder given: the executor chooses (.strata/backups beside the migration folder for
  // file-based engines; PostgreSQL keeps its copies in the strata_backup schema).
  options.backup_dir = flag_or_env(flags.backup_dir, "STRATA_BACKUP_DIR");
  options.yes = flags.yes;
  if (interactive()) {
    options.confirm = [](const std::string& question) { return ask_yes_no(question); };
  }
  options.progress = [](const std::string& line) { spdlog::info("{}", line); };
  options.live = live_status();
  return options;
}

} // namespace strata::cli
