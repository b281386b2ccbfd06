// strata plan: diff schema.yaml against the live database and write the next up/down migration
// (or only print it with --dry-run). Exit 0 when there is nothing to do, 2 when changes were
// planned or written.
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "workflows/plan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
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

// The line of `text` where the SQL of the step described `description` starts: the writer puts
// "-- <n>. <description>" before each step's statements (several such lines before a merged
// MySQL ALTER TABLE). 0 when the step is not in `text`.
int step_line(const std::string& text, const std::string& description)
{
  int number = 0;
  bool found = false;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    const std::string line = text.substr(pos, end - pos);
    ++number;
    pos = end + 1;
    if (found && line.rfind("-- ", 0) != 0) {
      return number;
    }
    const size_t dot = line.find(". ");
    if (!found && line.rfind("-- ", 0) == 0 && dot != std::string::npos && dot > 3 &&
        std::all_of(line.begin() + 3, line.begin() + static_cast<long>(dot),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
        line.substr(dot + 2) == description) {
      found = true;
    }
  }
  return 0;
}

// Where each step's SQL sits in the written files (for --format github): the up file, or the
// follower file holding the steps that run outside a transaction.
void locate_steps(PlanView& view, const migrations::RenderedMigration& rendered,
                  const migrations::WrittenFiles& files)
{
  for (auto& step : view.steps) {
    if (const int line = step_line(rendered.up_sql, step.description); line > 0) {
      step.file = files.up.string();
      step.line = line;
      continue;
    }
    for (size_t i = 0; i < rendered.followers.size() && 2 * i < files.followers.size(); ++i) {
      if (const int line = step_line(rendered.followers[i].up_sql, step.description); line > 0) {
        step.file = files.followers[2 * i].string();
        step.line = line;
        break;
      }
    }
    if (step.file.empty()) {
      step.file = files.up.string();
    }
  }
}

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
  PlanView view = build_plan_view(planned.plan, *result.db.dialect, planned.live, planned.desired, "plan",
                                  request.settings.concurrent_indexes);
  view.version = result.version;
  view.up_sql = result.rendered.up_sql;
  for (const auto& follower : result.rendered.followers) {
    view.up_sql += "\n" + follower.up_sql; // the no-transaction part, applied right after
  }
  if (result.files) {
    const auto& files = *result.files;
    view.files = FilesView{files.up.string(), files.down.string()};
    locate_steps(view, result.rendered, files);
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
