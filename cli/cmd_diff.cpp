// strata diff FROM TO: the SQL that turns FROM into TO, each a schema file or folder, a database
// or a migration folder (workflows/diff.hpp). Exit 0 when they are the same schema, 2 when not.
#include "cli/commands.hpp"
#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"
#include "workflows/diff.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct DiffFlags {
  std::string from;
  std::string to;
  std::string engine;
  std::string dev_db;
  std::string format = "text";
};

const char* kind_name(workflows::DiffSide::Kind kind)
{
  switch (kind) {
  case workflows::DiffSide::Kind::database:
    return "database";
  case workflows::DiffSide::Kind::migrations:
    return "migrations";
  case workflows::DiffSide::Kind::schema:
    break;
  }
  return "schema";
}

// A side as outputs name it: a database by its redacted URL, a path as given.
std::string side_name(const workflows::DiffSide& side)
{
  return side.url ? side.url->redacted() : side.path.string();
}

int run_diff(const DiffFlags& flags)
{
  Format format = Format::text;
  parse_format(flags.format, format);
  workflows::DiffRequest request{flags.from, flags.to, flags.engine, resolve_dev_db(flags.dev_db)};
  const auto result = workflows::run_diff(request);
  workflows::warn_hints(result.planned.plan);
  PlanView view = build_plan_view(result.planned, result.rendered_plan, *result.dialect, "diff");
  view.up_sql = result.script;
  view.from = side_name(result.from);
  view.from_kind = kind_name(result.from.kind);
  view.to = side_name(result.to);
  view.to_kind = kind_name(result.to.kind);
  print_out(render(view, format, stdout_colour()));
  if (result.equal()) {
    if (format == Format::sql) {
      spdlog::info("no differences"); // the sql format prints nothing then
    }
    return exit_codes::ok;
  }
  return exit_codes::changes;
}

} // namespace

void register_diff(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "diff",
                "Print the SQL that turns FROM into TO (each a schema file or folder, a database URL or a migration "
                "folder; exit 2 when they differ)",
                run_diff);
  command->add_option("FROM", flags->from, "the current schema: schema file or folder, database URL, migration folder")
    ->required();
  command->add_option("TO", flags->to, "the wanted schema: schema file or folder, database URL, migration folder")
    ->required();
  command
    ->add_option("--engine", flags->engine,
                 "the engine when neither side is a database: sqlite (in memory), postgres or mysql (with --dev-db)")
    ->check(one_of({"sqlite", "postgres", "mysql"}));
  add_dev_db_option(*command, flags->dev_db);
  command->add_option("--format", flags->format, "output: text, sql (a script of the statements), markdown or json")
    ->check(one_of({"text", "sql", "markdown", "json"}));
}

} // namespace strata::cli
