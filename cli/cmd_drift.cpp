// strata drift: compare the live database with what it should be, and name each difference with
// its expected and actual definition. Two baselines:
//   --against schema (default)  the desired YAML, as `plan --dry-run` would see it;
//   --against migrations        the schema its applied history leads to: exactly the applied
//                               versions' up files, replayed on a scratch database (never the
//                               target), so a change made by hand is caught even when the YAML
//                               has moved on. Pending files are not replayed.
// Exit 0 in sync, 2 drift, 1 error (an applied file edited or missing, a dirty database).
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "cli/planning.hpp"
#include "cli/replay.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

namespace strata::cli {

namespace {

struct DriftOptions {
  std::string schema;
  std::string db;
  std::string format = "text";
  std::string against = "schema";
  std::string dir;
  std::string dev_db;
};

std::string join_lines(const std::vector<std::string>& lines)
{
  std::string out;
  for (const auto& line : lines) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

// The newest applied version, after refusing a history that cannot be replayed as it ran: a dirty
// row, an applied file that is gone or was edited since, or a file that was never applied but is
// older than one that was (apply refuses it too; replaying would run it). Each problem names its
// file; they are all reported at once.
std::optional<std::string> applied_history(Database& db, const migrations::Directory& directory)
{
  migrations::Executor target(*db.connection, *db.dialect, db.url, directory, replay_options());
  const auto status = target.status(); // reads the history table only; never writes it
  std::vector<std::string> problems;
  for (const auto& row : status.dirty_rows) {
    problems.push_back(fmt::format("version {} ({}) is dirty: {}; run `strata repair` first", row.version, row.name,
                                   migrations::describe_dirty(row)));
  }
  problems.insert(problems.end(), status.missing_files.begin(), status.missing_files.end());
  problems.insert(problems.end(), status.checksum_mismatches.begin(), status.checksum_mismatches.end());
  for (const auto& version : status.pending) {
    if (status.current_version && migrations::compare_versions(version, *status.current_version) < 0) {
      problems.push_back(fmt::format("{} is not applied but is older than the applied version {}: the applied "
                                     "history cannot be replayed without running it",
                                     directory.find(version)->up_path.string(), *status.current_version));
    }
  }
  if (!problems.empty()) {
    throw IntegrityError("cannot compare with the applied migrations:\n" + join_lines(problems));
  }
  return status.current_version;
}

// The schema the applied versions lead to, replayed on a scratch database.
schemas::Schema replay_applied(const DriftOptions& options, Database& db, const migrations::Directory& directory,
                               const std::optional<std::string>& newest)
{
  auto scratch = open_scratch(options.dev_db, db.url);
  spdlog::debug("replaying migrations up to {} on {}", newest.value_or("(none)"), scratch->describe());
  if (newest) {
    migrations::Executor replay(scratch->connection(), scratch->dialect(), scratch->url(), directory,
                                replay_options());
    try {
      replay.apply(newest, false);
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("replaying the applied migrations on {} failed: {}", scratch->describe(),
                                        e.what()));
    }
  }
  return snapshot(*scratch);
}

int run_drift(const DriftOptions& options)
{
  Format format = Format::text;
  parse_format(options.format, format);
  const bool migrations = options.against == "migrations";
  std::optional<schemas::Schema> desired;
  std::filesystem::path schema_path;
  if (!migrations) { // offline mistakes first, before touching the database
    schema_path = resolve_schema(options.schema);
    desired = load_desired(schema_path);
  }
  Database db = open_database(options.db);
  std::string baseline = schema_path.string();
  std::optional<std::string> newest;
  if (migrations) {
    const auto directory = migrations::Directory::open(resolve_dir(options.dir));
    newest = applied_history(db, directory);
    desired = replay_applied(options, db, directory, newest);
    baseline = newest ? "migrations applied up to " + *newest : "an empty migration history (nothing applied)";
  }
  const Planned planned = plan_against(db, *desired);
  warn_hints(planned.plan);
  PlanView view = build_plan_view(planned.plan, *db.dialect, planned.live, planned.desired, "drift");
  view.against = options.against;
  view.baseline = baseline;
  view.applied_version = newest.value_or("");
  print_out(render(view, format, stdout_colour()));
  if (planned.plan.empty()) {
    return exit_codes::ok;
  }
  spdlog::debug("{} differs from {}: {}", db.connection->redacted_url(), baseline, view.summary);
  return exit_codes::changes;
}

} // namespace

void register_drift(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<DriftOptions>();
  auto* command = app.add_subcommand(
    "drift", "Compare the live database with the desired schema or its applied migrations (exit 2 on drift)");
  add_schema_option(*command, options->schema);
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  add_dev_db_option(*command, options->dev_db);
  command->add_option("--format", options->format, "output: text, markdown or json")
    ->check(CLI::IsMember({"text", "markdown", "json"}));
  command
    ->add_option("--against", options->against,
                 "baseline: schema (the desired YAML, default) or migrations (the schema the applied migrations of "
                 "--dir lead to, replayed on a scratch database)")
    ->check(CLI::IsMember({"schema", "migrations"}));
  command->callback([options, &globals] { globals.exit_code = run_drift(*options); });
}

} // namespace strata::cli
