// strata drift: compare the live database with the desired schema (plan --dry-run without the
// migration folder). Exit 0 in sync, 2 drift, 1 error.
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "cli/planning.hpp"

#include <spdlog/spdlog.h>

#include <memory>

namespace strata::cli {

namespace {

struct DriftOptions {
  std::string schema;
  std::string db;
  std::string format = "text";
};

int run_drift(const DriftOptions& options)
{
  Format format = Format::text;
  parse_format(options.format, format);
  const schemas::Schema desired = load_desired(resolve_schema(options.schema));
  Database db = open_database(options.db);
  const Planned planned = plan_against(db, desired);
  warn_hints(planned.plan);
  const PlanView view = build_plan_view(planned.plan, *db.dialect, planned.live, planned.desired, "drift");
  print_out(render(view, format, stdout_colour()));
  if (planned.plan.empty()) {
    return exit_codes::ok;
  }
  spdlog::debug("{} differs from the schema: {}", db.connection->redacted_url(), view.summary);
  return exit_codes::changes;
}

} // namespace

void register_drift(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<DriftOptions>();
  auto* command = app.add_subcommand("drift", "Compare the live database with the desired schema (exit 2 on drift)");
  add_schema_option(*command, options->schema);
  add_db_option(*command, options->db);
  command->add_option("--format", options->format, "output: text, markdown or json")
    ->check(CLI::IsMember({"text", "markdown", "json"}));
  command->callback([options, &globals] { globals.exit_code = run_drift(*options); });
}

} // namespace strata::cli
