// strata plan: diff schema.yaml against the live database and write the next up/down migration
// (or only print it with --dry-run). Exit 0 when there is nothing to do, 2 when changes were
// planned or written.
#include "cli/commands.hpp"
#include "cli/keep_until_exit.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "workflows/plan.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct PlanFlags {
  std::string schema;
  std::string db;
  std::string dir;
  std::string name;
  std::string version;
  std::string format = "text";
  std::string from = "database";
  std::string dev_db;
  bool dry_run = false;
  bool no_concurrent_indexes = false;
  bool allow_empty = false;
};

void log_written(const migrations::WrittenFiles& files, Format format)
{
  if (format != Format::text) {
    spdlog::info("wrote {} and {}", files.up.string(), files.down.string());
  }
  const size_t parts = files.followers.size() / 2 + 1;
  for (size_t i = 0; i + 1 < files.followers.size(); i += 2) {
    // A name ending in _no_transaction holds the steps that cannot run in a transaction.
    spdlog::info("wrote {} and {} (part {} of {} of the plan)", files.followers[i].string(),
                 files.followers[i + 1].string(), i / 2 + 2, parts);
  }
}

int run_plan(const PlanFlags& flags)
{
  Format format = Format::text;
  parse_format(flags.format, format);
  workflows::PlanRequest request;
  request.target = target_of(flags.db);
  request.schema_path = resolve_schema(flags.schema);
  request.dir = resolve_dir(flags.dir);
  request.name = flags.name;
  request.version = flags.version;
  request.dry_run = flags.dry_run;
  request.from_migrations = flags.from == "migrations";
  request.dev_db = resolve_dev_db(flags.dev_db);
  request.allow_empty = flags.allow_empty;
  request.settings.concurrent_indexes = !flags.no_concurrent_indexes;
  auto result = workflows::run_plan(request);
  const auto& plan = result.planned.plan;
  workflows::warn_hints(plan);
  PlanView view = build_plan_view(result.planned, result.rendered_plan, *result.dialect, "plan", format != Format::sql);
  view.version = result.version;
  view.up_sql = result.rendered.up_sql;
  for (const auto& follower : result.rendered.followers) {
    view.up_sql += "\n" + follower.up_sql; // the next part, applied right after
  }
  if (result.files) {
    place_steps(view, result.rendered_plan, *result.files);
    log_written(*result.files, format);
  }
  print_out(render(view, format, stdout_colour()));
  if (plan.empty() && format == Format::sql) {
    spdlog::info("no changes"); // the sql format prints nothing then
  }
  if (!plan.empty() && flags.dry_run) {
    spdlog::info("dry run: no files written");
  }
  const int code = plan.empty() ? exit_codes::ok : exit_codes::changes;
  keep_until_exit(std::move(result));
  return code;
}

} // namespace

void register_plan(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "plan", "Diff the desired schema against the database and write the next up/down migration files",
    run_plan);
  add_schema_option(*command, flags->schema);
  add_db_option(*command, flags->db);
  add_dir_option(*command, flags->dir);
  command->add_option("--name", flags->name, "slug of the migration file name (default: strata)");
  command->add_option("--version", flags->version, "version of the migration (default: the UTC time, YYYYMMDDHHMMSS)");
  command->add_flag("--dry-run", flags->dry_run, "print the plan only; write no files");
  command
    ->add_option("--from", flags->from,
                 "current state: database (the --db database, default) or migrations (the --dir folder replayed on "
                 "a scratch database: --dev-db, else a temporary database on the --db server; SQLite: in memory)")
    ->check(CLI::IsMember({"database", "migrations"}));
  add_dev_db_option(*command, flags->dev_db);
  command->add_flag("--allow-empty", flags->allow_empty,
                    "plan even when the schema file yields no tables while the database has some (drops them all)");
  command->add_flag("--no-concurrent-indexes", flags->no_concurrent_indexes,
                    "PostgreSQL: build and drop indexes of existing tables inside the file's transaction "
                    "(locks writes) instead of CONCURRENTLY in a no-transaction file");
  command->add_option("--format", flags->format,
                      "output: text, sql, markdown, json, github (Actions annotations on the written files), or dot "
                      "(the operation graph for Graphviz, each edge with its reason)")
    ->check(one_of({"text", "sql", "markdown", "json", "github", "dot"}));
}

} // namespace strata::cli
