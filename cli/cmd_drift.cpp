// strata drift: compare the live database with what it should be (workflows/drift.hpp: the
// desired YAML, or the schema its applied migrations lead to) and name each difference with its
// expected and actual definition. Exit 0 in sync, 2 drift, 1 error (an applied file edited or
// missing, a dirty database).
#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "workflows/drift.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct DriftFlags {
  std::string schema;
  std::string db;
  std::string format = "text";
  std::string against = "schema";
  std::string dir;
  std::string dev_db;
  bool allow_empty = false;
  FleetFlags fleet;
};

workflows::DriftRequest request_of(const DriftFlags& flags, const workflows::Target& target)
{
  workflows::DriftRequest request;
  request.target = target;
  request.against_migrations = flags.against == "migrations";
  request.dev_db = resolve_dev_db(flags.dev_db);
  request.allow_empty = flags.allow_empty;
  if (request.against_migrations) {
    request.dir = resolve_dir(flags.dir);
  } else {
    request.schema_path = resolve_schema(flags.schema);
  }
  return request;
}

int run_drift_on(const DriftFlags& flags, const workflows::Target& target)
{
  Format format = Format::text;
  parse_format(flags.format, format);
  const auto result = workflows::run_drift(request_of(flags, target));
  workflows::warn_hints(result.planned.plan);
  PlanView view = build_plan_view(result.planned, result.rendered_plan, *result.db.dialect, "drift");
  view.against = flags.against;
  view.baseline = result.baseline;
  view.applied_version = result.applied_version;
  print_out(render(view, format, stdout_colour()));
  if (result.in_sync()) {
    return exit_codes::ok;
  }
  spdlog::debug("{} differs from {}: {}", result.db.connection->redacted_url(), result.baseline, view.summary);
  return exit_codes::changes;
}

// One database of a fleet: in sync, or drifted with the plan's summary of the differences.
workflows::TargetResult drift_of_target(const DriftFlags& flags, const workflows::FleetTarget& target)
{
  const auto result = workflows::run_drift(request_of(flags, target.target));
  workflows::TargetResult out;
  if (result.in_sync()) {
    out.outcome = workflows::Outcome::in_sync;
    out.detail = "in sync with " + result.baseline;
    return out;
  }
  const PlanView view = build_plan_view(result.planned, result.rendered_plan, *result.db.dialect, "drift");
  out.outcome = workflows::Outcome::drifted;
  out.exit_code = exit_codes::changes;
  out.detail = "drifted from " + result.baseline + ": " + view.summary;
  return out;
}

int run_drift(const DriftFlags& flags)
{
  const auto fleet = fleet_of(flags.db, flags.fleet);
  if (fleet.empty()) {
    return run_drift_on(flags, target_of(flags.db));
  }
  return run_fleet_report("drift", fleet, flags.fleet, flags.format,
                          [&](const workflows::FleetTarget& target, std::size_t, const std::atomic<bool>&) {
                            return drift_of_target(flags, target);
                          });
}

} // namespace

void register_drift(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "drift",
    "Compare the live database with the desired schema or its applied migrations (exit 2 on drift)", run_drift);
  add_schema_option(*command, flags->schema);
  add_db_option(*command, flags->db);
  add_dir_option(*command, flags->dir);
  add_dev_db_option(*command, flags->dev_db);
  command->add_flag("--allow-empty", flags->allow_empty,
                    "compare even when the schema file yields no tables while the database has some");
  command->add_option("--format", flags->format, "output: text, markdown or json")
    ->check(one_of({"text", "markdown", "json"}));
  command
    ->add_option("--against", flags->against,
                 "baseline: schema (the desired YAML, default) or migrations (the schema the applied migrations of "
                 "--dir lead to, replayed on a scratch database)")
    ->check(one_of({"schema", "migrations"}));
  add_fleet_options(*command, flags->fleet);
}

} // namespace strata::cli
