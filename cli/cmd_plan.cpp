// strata plan: diff schema.yaml against the live database and write the next up/down migration
// (or only print it with --dry-run). Exit 0 when there is nothing to do, 2 when changes were
// planned or written.
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "cli/planning.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "migrations/writer.hpp"
#include "schemas/error.hpp"

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

// Lower-case letters, digits and '_' only; anything else becomes one '_'.
std::string make_slug(const std::string& name)
{
  std::string slug;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  while (!slug.empty() && slug.back() == '_') {
    slug.pop_back();
  }
  if (slug.empty()) {
    throw Error(ErrorKind::usage, "--name '" + name + "' has no letters or digits to make a file name from");
  }
  return slug;
}

void check_version(const std::string& version)
{
  const bool digits = !version.empty() && std::all_of(version.begin(), version.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (!digits || std::all_of(version.begin(), version.end(), [](char c) { return c == '0'; })) {
    throw Error(ErrorKind::usage, "--version '" + version + "' must be a positive integer such as 20261121193000");
  }
}

// A pinned version must be new and newer than every file, or the folder's order breaks. A dry run
// writes nothing, so there a clash is only worth a warning (previews may reuse a version).
void check_version_free(const std::string& version, const migrations::Directory& directory, bool dry_run)
{
  std::string problem;
  if (const auto* used = directory.find(version); used != nullptr) {
    problem = "version " + version + " is already used by " + used->file_name();
  } else if (!directory.migrations().empty() &&
             migrations::compare_versions(version, directory.migrations().back().version) <= 0) {
    problem = "version " + version + " must be newer than the last migration, " +
              directory.migrations().back().file_name();
  }
  if (problem.empty()) {
    return;
  }
  if (!dry_run) {
    throw Error(ErrorKind::usage, problem);
  }
  spdlog::warn("{}", problem);
}

// Planning on top of unapplied files would duplicate their changes in the new migration, and on
// top of a dirty (half-applied) database it would plan from a state nobody reviewed. Edited or
// missing applied files do not change what the live schema is, so they are only warned about
// (`status` and `apply` refuse them).
void refuse_pending(Database& db, const migrations::Directory& directory)
{
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, {});
  const auto report = executor.status();
  if (!report.dirty.empty()) {
    throw IntegrityError("version " + report.dirty.front() +
                         " is dirty (a failed run left it half-done): see `strata repair` (finish it with --continue, or "
                         "mark what you did by hand with --resolved / --rolled-back), then plan again");
  }
  for (const auto* list : {&report.checksum_mismatches, &report.missing_files}) {
    for (const auto& problem : *list) {
      spdlog::warn("{}", problem);
    }
  }
  if (report.pending.empty()) {
    return;
  }
  const auto* pending = directory.find(report.pending.front());
  const std::string name = pending == nullptr ? report.pending.front() : pending->file_name();
  throw Error(ErrorKind::input,
              "apply or delete pending migration " + name + " first (it is not applied to " +
                db.connection->redacted_url() + "; planning now would repeat its changes)");
}

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
  const schemas::Schema desired = load_desired(resolve_schema(options.schema));
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  directory.verify_sum_or_throw();

  if (!options.version.empty()) {
    check_version(options.version);
    check_version_free(options.version, directory, options.dry_run);
  }
  Database db = open_database(options.db);
  refuse_pending(db, directory);
  const std::string version = options.version.empty() ? directory.next_version() : options.version;
  const std::string slug = options.name.empty() ? std::string("strata") : make_slug(options.name);

  const Planned planned = plan_against(db, desired);
  warn_hints(planned.plan);
  const bool concurrent = !options.no_concurrent_indexes;
  PlanView view = build_plan_view(planned.plan, *db.dialect, planned.live, planned.desired, "plan", concurrent);
  view.version = version;
  const auto rendered = migrations::render_migration(planned.plan, *db.dialect, version, slug, &planned.live,
                                                     &planned.desired, concurrent);
  view.up_sql = rendered.up_sql;
  for (const auto& follower : rendered.followers) {
    view.up_sql += "\n" + follower.up_sql; // the no-transaction part, applied right after
  }

  if (!planned.plan.empty() && !options.dry_run) {
    const auto files = migrations::write_migration(rendered, dir);
    view.files = FilesView{files.up.string(), files.down.string()};
    locate_steps(view, rendered, files);
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
