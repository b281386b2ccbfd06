#include "cli/executor_setup.hpp"

#include "cli/context.hpp"
#include "cli/exit_codes.hpp"
#include "cli/live_status.hpp"
#include "schemas/error.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <string>
#include <utility>

namespace strata::cli {

void add_run_flags(CLI::App& command, RunFlags& flags)
{
  command.add_flag("-y,--yes", flags.yes, "approve destructive steps (needed without a terminal)");
  command.add_option("--lock-timeout", flags.lock_timeout_seconds,
                     "seconds to wait for another strata holding the migration lock (default: 10)");
  command.add_option("--backup-dir", flags.backup_dir,
                     "where backups go (default: $STRATA_BACKUP_DIR, then .strata/backups beside --dir; PostgreSQL: "
                     "the strata_backup schema unless a folder is given)");
  add_ddl_lock_flags(command, flags);
}

void add_ddl_lock_flags(CLI::App& command, RunFlags& flags)
{
  command.add_option("--ddl-lock-timeout", flags.ddl_lock_timeout,
                     "how long each statement waits for a table lock before that attempt fails (seconds, or 300ms, "
                     "2s; 0: no limit; default: $STRATA_DDL_LOCK_TIMEOUT, then 1s)");
  command.add_option("--statement-timeout", flags.statement_timeout,
                     "how long each statement of a migration file may run before the file fails (as the header line "
                     "writes it: 30s, 10min, 2h, or seconds; 0: no bound; a file's -- strata: statement-timeout "
                     "wins; default: $STRATA_STATEMENT_TIMEOUT, then none)");
  command.add_option("--ddl-lock-retries", flags.ddl_lock_retries,
                     "attempts after the first when a statement's lock wait runs out (default: "
                     "$STRATA_DDL_LOCK_RETRIES, then 5)");
}

void add_replica_wait_flag(CLI::App& command, RunFlags& flags)
{
  command.add_option("--replica-wait", flags.replica_wait,
                     "after the files ran, how long to wait until every standby has replayed them (seconds, or "
                     "500ms, 30s; 0: no wait; default: $STRATA_REPLICA_WAIT, then 30s); a standby still behind "
                     "then: exit 4, the files stay applied");
}

int run_exit_code(const workflows::RunResult& result)
{
  if (!result.replicas || result.replicas->lagging.empty()) {
    return exit_codes::ok;
  }
  const auto& wait = *result.replicas;
  // No position: the wait could not start (positions hidden, or unreadable).
  for (const auto& line : wait.lagging) {
    spdlog::warn("{}: {}", wait.position.empty() ? "standbys" : "standby behind", line);
  }
  if (wait.position.empty()) {
    spdlog::warn("strata cannot tell whether the standbys replayed the migration; it is applied on the primary "
                 "(exit {}; --replica-wait 0 skips the wait)",
                 exit_codes::replicas_behind);
  } else {
    spdlog::warn("{} of {} standby(s) had not replayed the migration (up to {}) after {} ms; it is applied on the "
                 "primary (exit {}; --replica-wait sets the wait, 0 skips it)",
                 wait.lagging.size(), wait.standbys, wait.position, wait.waited_ms, exit_codes::replicas_behind);
  }
  return exit_codes::replicas_behind;
}

namespace {

// "1", "0.25", "250ms", "2s" -> milliseconds; Error(usage) naming `what` otherwise.
std::chrono::milliseconds parse_duration(const std::string& text, const std::string& what)
{
  std::string number = text;
  double scale = 1000.0;
  if (number.size() > 2 && number.compare(number.size() - 2, 2, "ms") == 0) {
    number.resize(number.size() - 2);
    scale = 1.0;
  } else if (number.size() > 1 && number.back() == 's') {
    number.pop_back();
  }
  double value = -1;
  size_t used = 0;
  try {
    value = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (number.empty() || used != number.size() || !(value >= 0) || !std::isfinite(value) || value * scale > 86400e3) {
    throw Error(ErrorKind::usage,
                fmt::format("{} \"{}\": give a duration of 0 or more (seconds, or 300ms, 2s)", what, text));
  }
  return std::chrono::milliseconds(std::llround(value * scale));
}

int parse_count(const std::string& text, const std::string& what)
{
  const bool digits = !text.empty() && text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    throw Error(ErrorKind::usage, fmt::format("{} \"{}\": give a whole number from 0 to 9999", what, text));
  }
  return std::stoi(text);
}

// The flag when given, else the variable; `what` names the one that was used.
std::pair<std::string, std::string> flag_or_variable(const std::string& flag, const char* flag_name,
                                                     const char* variable)
{
  if (!flag.empty()) {
    return {flag, flag_name};
  }
  return {flag_or_env(flag, variable), std::string("$") + variable};
}

} // namespace

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
  if (const auto [text, what] = flag_or_variable(flags.ddl_lock_timeout, "--ddl-lock-timeout", "STRATA_DDL_LOCK_TIMEOUT");
      !text.empty()) {
    options.statement_lock_timeout = parse_duration(text, what);
  }
  if (const auto timeout = settings().statement_timeout(flags.statement_timeout); !timeout.value.empty()) {
    const std::string text = timeout.value == "none" ? "0" : timeout.value;
    const auto written = migrations::parse_file_duration(text); // 10min, 2h as header lines write them
    options.statement_timeout = written ? *written : parse_duration(text, timeout.source);
  }
  if (const auto [text, what] = flag_or_variable(flags.ddl_lock_retries, "--ddl-lock-retries", "STRATA_DDL_LOCK_RETRIES");
      !text.empty()) {
    options.lock_retries = parse_count(text, what);
  }
  if (const auto [text, what] = flag_or_variable(flags.replica_wait, "--replica-wait", "STRATA_REPLICA_WAIT");
      !text.empty()) {
    options.replica_wait = parse_duration(text, what);
  }
  if (interactive()) {
    options.confirm = [](const std::string& question) { return ask_yes_no(question); };
  }
  options.progress = [](const std::string& line) { spdlog::info("{}", line); };
  options.live = live_status();
  return options;
}

} // namespace strata::cli
