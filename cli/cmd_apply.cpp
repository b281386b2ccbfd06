// strata apply: run the pending migration files (generated or hand-written) in version order.
// strata rollback: run the down files of the newest applied migrations, newest first.
// Exit 0 done, 1 error, 3 refused for safety (destructive file without --yes and no terminal, or
// a preflight count showing that a file would fail on the current data).
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/fleet.hpp"
#include "cli/output/baseline_render.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "cli/output/text_parts.hpp"
#include "schemas/error.hpp"
#include "workflows/baseline.hpp"
#include "workflows/migrate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace strata::cli {

namespace {

struct RunCommandFlags : DbDirFlags {
  std::string to;
  bool dry_run = false;
  bool no_preflight = false; // apply
  bool capture = false;       // apply --capture
  long long capture_max_rows = 100000;
  RunFlags run;
  CLI::Option* to_option = nullptr;
  int steps = 0; // rollback
  CLI::Option* steps_option = nullptr;
  std::string baseline; // apply --baseline VERSION
  std::string dev_db;
  std::string format = "text";
  int progress_every = 10; // --format json: a batch event every N batches of a batched step
  FleetFlags fleet; // apply over several databases
};

// With --format json, a JSON line for every `progress_every`-th batch of a batched step and for
// its end, on stdout as it happens.
void add_json_events(const RunCommandFlags& flags, const char* command, migrations::ExecutorOptions& options)
{
  if (flags.format != "json") {
    return;
  }
  const long long every = std::max(flags.progress_every, 1);
  options.batch_progress = [command, every](const migrations::BatchProgress& progress) {
    if (progress.finished || progress.batches % every == 0) {
      print_out(render_batch_event_json(command, progress));
    }
  };
}

workflows::RunRequest request_of(const RunCommandFlags& flags, workflows::Target target)
{
  workflows::RunRequest request;
  request.executor = executor_options(flags.run);
  request.executor.preflight = !flags.no_preflight;
  request.target = std::move(target);
  request.dir = resolve_dir(flags.dir);
  if (flags.to_option->count() > 0) {
    request.to = flags.to;
  }
  request.dry_run = flags.dry_run;
  return request;
}

int run_apply_on(const RunCommandFlags& flags, const workflows::Target& target)
{
  auto request = request_of(flags, target);
  if (flags.to.empty()) {
    request.to.reset();
  }
  if (flags.baseline.empty()) {
    add_json_events(flags, "apply", request.executor);
    request.capture.enabled = flags.capture;
    request.capture.max_rows = flags.capture_max_rows;
    request.on_capture = [json = flags.format == "json"](const workflows::FileCapture& capture) {
      print_out(json ? render_capture_event_json("apply", capture) : render_capture(capture));
    };
    const auto result = workflows::run_apply(request);
    print_out(flags.format == "json" ? render_run_json("apply", result) : render_run(result, "apply", "applied"));
    return run_exit_code(result);
  }
  if (flags.capture) {
    throw Error(ErrorKind::usage, "--capture does not go with --baseline: apply the later files with --capture after it");
  }
  const auto adopted = workflows::run_apply_baseline(request, flags.baseline, resolve_dev_db(flags.dev_db));
  if (adopted.mismatch) {
    print_out(render_baseline_mismatch(*adopted.mismatch, stdout_colour()));
    throw SafetyRefusal("refusing to record a baseline: the live schema differs from the " +
                        adopted.mismatch->baseline + " (differences above); nothing was recorded or applied");
  }
  print_out(render_adopted(adopted));
  return run_exit_code(adopted.run);
}

// One database of a fleet: nobody is asked (destructive files need --yes), no live status line,
// progress lines prefixed with the database's place, and the run stops before its next file once
// the fleet is interrupted.
workflows::TargetResult apply_to_target(const RunCommandFlags& flags, const workflows::FleetTarget& target,
                                        std::size_t index, std::size_t count, const std::atomic<bool>& stop)
{
  auto request = request_of(flags, target.target);
  if (flags.to.empty()) {
    request.to.reset();
  }
  request.executor.confirm = nullptr;
  request.executor.live = nullptr;
  const std::string prefix = fmt::format("[{}/{}] ", index + 1, count);
  request.executor.progress = [prefix](const std::string& line) { spdlog::info("{}{}", prefix, line); };
  request.executor.stop_requested = [&stop] { return stop.load(); };
  const auto run = workflows::run_apply(request);
  workflows::TargetResult result;
  result.files = run.files;
  const auto listed = run.files.empty() ? std::string{} : fmt::format(": {}", fmt::join(run.files, ", "));
  if (!run.stopped_before.empty()) {
    result.outcome = workflows::Outcome::pending;
    result.detail = fmt::format("interrupted: applied {}{}; {} left pending", count_of(run.files.size(), "file"),
                                listed, count_of(run.stopped_before.size(), "file"));
  } else if (run.files.empty()) {
    result.outcome = workflows::Outcome::current;
    result.detail = "already current";
  } else if (run.dry_run) {
    result.outcome = workflows::Outcome::pending;
    result.detail = fmt::format("would apply {}{} (dry run)", count_of(run.files.size(), "file"), listed);
  } else {
    result.outcome = workflows::Outcome::applied;
    result.detail = fmt::format("applied {}{}", count_of(run.files.size(), "file"), listed);
  }
  // Applied, but a standby had not replayed it: the line says which, the fleet exits 4.
  if (run.replicas && !run.replicas->lagging.empty()) {
    const auto& wait = *run.replicas;
    result.exit_code = exit_codes::replicas_behind;
    result.detail += wait.position.empty()
                       ? fmt::format("; cannot tell whether the standbys replayed it: {}", fmt::join(wait.lagging, "; "))
                       : fmt::format("; {} of {} standby(s) had not replayed it after {} ms: {}", wait.lagging.size(),
                                     wait.standbys, wait.waited_ms, fmt::join(wait.lagging, "; "));
  }
  return result;
}

int run_apply(const RunCommandFlags& flags)
{
  // One database: text and json as ever; markdown is the fleet report of that one database.
  const auto fleet = fleet_of(flags.db, flags.fleet, flags.format == "markdown");
  if (fleet.empty()) {
    return run_apply_on(flags, target_of(flags.db));
  }
  if (!flags.baseline.empty()) {
    throw Error(ErrorKind::usage, "--baseline adopts one database: name it with --db URL");
  }
  if (flags.capture) {
    throw Error(ErrorKind::usage, "--capture reads one database and prints text or json: name it with --db URL, "
                                  "without --targets or --format markdown");
  }
  return run_fleet_report("apply", fleet, flags.fleet, flags.format,
                          [&](const workflows::FleetTarget& target, std::size_t index, const std::atomic<bool>& stop) {
                            return apply_to_target(flags, target, index, fleet.size(), stop);
                          });
}

int run_rollback(const RunCommandFlags& flags)
{
  // Given or not: --steps 0 is given, and refused.
  const auto steps = flags.steps_option->count() > 0 ? std::optional<int>(flags.steps) : std::nullopt;
  auto request = request_of(flags, target_of(flags.db));
  add_json_events(flags, "rollback", request.executor);
  const auto result = workflows::run_rollback(request, steps);
  print_out(flags.format == "json" ? render_run_json("rollback", result)
                                   : render_run(result, "roll back", "rolled back"));
  return run_exit_code(result);
}

// The subcommand with --db, --dir, --to, --dry-run and the run flags (-y, --lock-timeout, --backup-dir).
std::pair<CLI::App*, std::shared_ptr<RunCommandFlags>> add_run_command(CLI::App& app, Globals& globals,
                                                                        const std::string& name,
                                                                        const std::string& description,
                                                                        int (*run)(const RunCommandFlags&),
                                                                        const std::string& to_help,
                                                                        std::vector<std::string> formats,
                                                                        const std::string& format_help)
{
  auto [command, flags] = add_db_dir_command(app, globals, name, description, run);
  flags->to_option = command->add_option("--to", flags->to, to_help);
  command->add_option("--format", flags->format, format_help)->check(one_of(std::move(formats)));
  command->add_option("--progress-every", flags->progress_every,
                      "with --format json: a progress event every N batches of a batched step (default: 10)")
    ->check(CLI::PositiveNumber);
  return {command, flags};
}

} // namespace

void register_apply(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_run_command(
    app, globals, "apply", "Apply the pending migration files to the database", run_apply,
    "apply up to and including this version", {"text", "json", "markdown"},
    "output: text; json (one JSON object per line: batched steps' progress, then the result; over several databases "
    "the fleet report); markdown (the fleet report: one line per database and a summary)");
  command->add_flag("--dry-run", flags->dry_run, "list what would be applied; change nothing");
  command->add_option("--baseline", flags->baseline,
                      "adopt a database that already holds the schema: prove it equals the folder replayed up to "
                      "VERSION on a scratch database, record those versions as applied without running them, then "
                      "apply the later ones");
  add_dev_db_option(*command, flags->dev_db);
  command->add_flag("--no-preflight", flags->no_preflight,
                    "skip the live-data counts of the files' `preflight` lines (run files that would fail)");
  auto* capture = command->add_flag("--capture", flags->capture,
                    "before and after each file: row counts of every table, orphan counts of every foreign key and "
                    "checksums of the tables the file touches; reports what changed and warns of rows lost where no "
                    "statement deletes any");
  command->add_option("--capture-max-rows", flags->capture_max_rows,
                      "with --capture: no checksum of a touched table with more rows (default 100000; 0: no limit)")
    ->check(CLI::NonNegativeNumber)
    ->needs(capture);
  add_run_flags(*command, flags->run);
  add_fleet_options(*command, flags->fleet, true);
  add_replica_wait_flag(*command, flags->run);
}

void register_rollback(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_run_command(app, globals, "rollback", "Run down files of applied migrations, newest first", run_rollback,
                    "roll back every migration newer than this version", {"text", "json"},
                    "output: text, or json (one JSON object per line: batched steps' progress, then the result)");
  flags->steps_option = command->add_option("--steps", flags->steps, "roll back the newest N migrations");
  flags->to_option->excludes(flags->steps_option);
  command->add_flag("--dry-run", flags->dry_run, "list what would be rolled back; change nothing");
  add_run_flags(*command, flags->run);
  add_replica_wait_flag(*command, flags->run);
}

} // namespace strata::cli
