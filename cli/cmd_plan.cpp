// strata plan: diff schema.yaml against the live database and write the next up/down migration
// (or only print it with --dry-run). Exit 0 when there is nothing to do, 2 when changes were
// planned or written.
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "workflows/plan.hpp"

#include <spdlog/spdlog.h>

#include <memory>

namespace strata::cli {

namespace {

struct PlanOptions {
  std::string schema;
  std::string db;
  std::string dir;
  std::string name;
  std::string version;
  std::string format = "text";
  bool dry_run = false;
  bool no_concurrent_indexes = false;
};

int run_plan(const PlanOptions& options)
{
  Format format = Format::text;
  parse_format(options.format, format);
  workflows::PlanRequest request;
  request.target = target_of(options.db);
  request.schema_path = resolve_schema(options.schema);
  request.dir = resolve_dir(options.dir);
  request.name = options.name;
  request.version = options.version;
  request.dry_run = options.dry_run;
  request.settings.concurrent_indexes = !options.no_concurrent_indexes;
  const auto result = workflows::run_plan(request);
  const auto& planned = result.planned;
  workflows::warn_hints(planned.plan);
  PlanView view =
    build_plan_view(planned.plan, result.rendered_plan, *result.db.dialect, planned.live, planned.desired, "plan");
  view.version = result.version;
  view.up_sql = result.rendered.up_sql;
  for (const auto& follower : result.rendered.followers) {
    view.up_sql += "\n" + follower.up_sql; // the no-transaction part, applied right after
  }
  if (result.files) {
    const auto& files = *result.files;
    place_steps(view, result.rendered_plan, files);
    if (format != Format::text) {
      spdlog::info("wrote {} and {}", files.up.string(), files.down.string());
    }
    for (size_t i = 0; i + 1 < files.followers.size(); i += 2) {
      spdlog::info("wrote {} and {} (steps that cannot run in a transaction)", files.followers[i].string(),
                   files.followers[i + 1].string());
    }
  }
  print_out(render(view, format, stdout_colour()));
  if (planned.plan.empty() && format == Format::sql) {
    spdlog::info("no changes"); // the sql format prints nothing then
  }
  if (!planned.plan.empty() && options.dry_run) {
    spdlog::info("dry run: no files written");
  }
  return planned.plan.empty() ? exit_codes::ok : exit_codes::changes;
}

} // namespace

void register_plan(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand(
    "plan", "Diff the desired schema against the database and write the next up/down migration files");
  add_schema_option(*command, options->schema);
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  command->add_option("--name", options->name, "slug of the migration file name (default: strata)");
  command->add_option("--version", options->version,
                      "version of the migration (default: the UTC time, YYYYMMDDHHMMSS)");
  command->add_flag("--dry-run", options->dry_run, "print the plan only; write no files");
  command->add_flag("--no-concurrent-indexes", options->no_concurrent_indexes,
                    "PostgreSQL: build and drop indexes of existing tables inside the file's transaction "
                    "(locks writes) instead of CONCURRENTLY in a no-transaction file");
  command->add_option("--format", options->format,
                      "output: text, sql, markdown, json, or github (Actions annotations on the written files)")
    ->check(CLI::IsMember({"text", "sql", "markdown", "json", "github"}));
  command->callback([options, &globals] { globals.exit_code = run_plan(*options); });
}

} // namespace strata::cli
