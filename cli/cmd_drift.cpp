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
#include "workflows/drift.hpp"

#include <spdlog/spdlog.h>

#include <memory>

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

int run_drift(const DriftOptions& options)
{
  Format format = Format::text;
  parse_format(options.format, format);
  workflows::DriftRequest request;
  request.target = target_of(options.db);
  request.against_migrations = options.against == "migrations";
  request.dev_db = resolve_dev_db(options.dev_db);
  if (request.against_migrations) {
    request.dir = resolve_dir(options.dir);
  } else {
    request.schema_path = resolve_schema(options.schema);
  }
  const auto result = workflows::run_drift(request);
  const auto& planned = result.planned;
  workflows::warn_hints(planned.plan);
  const auto rendered = migrations::render_plan(planned.plan, *result.db.dialect, &planned.live, &planned.desired);
  PlanView view = build_plan_view(planned.plan, rendered, *result.db.dialect, planned.live, planned.desired, "drift");
  view.against = options.against;
  view.baseline = result.baseline;
  view.applied_version = result.applied_version;
  print_out(render(view, format, stdout_colour()));
  if (result.in_sync()) {
    return exit_codes::ok;
  }
  spdlog::debug("{} differs from {}: {}", result.db.connection->redacted_url(), result.baseline, view.summary);
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
