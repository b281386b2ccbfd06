// strata validate: offline checks of the schema YAML (every diagnostic as file:line:col; with
// --db, the names its engine would refuse or change too, without connecting) and of the
// migration folder (file names, headers, strata.sum). Exit 0 valid, 1 any problem.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/folder.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct ValidateFlags {
  std::string schema;
  std::string dir;
  std::string db;
};

int run_validate(const ValidateFlags& flags)
{
  workflows::ValidateRequest request;
  // The schema is checked when one was named (--schema, $STRATA_SCHEMA, the project file) or the
  // default schema.yaml exists, so `validate --dir D` checks a migration folder on its own.
  const auto schema_path = resolve_schema(flags.schema);
  if (schema_named(flags.schema) || std::filesystem::exists(schema_path)) {
    request.schema_path = schema_path;
  }
  request.dir = resolve_dir(flags.dir);
  request.db = target_of(flags.db).url; // its engine's name rules; never connected to
  const auto result = workflows::validate(request);
  if (!result.schema_path) {
    spdlog::info("no {} here: schema not checked (pass --schema)", schema_path.string());
  }
  for (const auto* problems : {&result.schema_problems, &result.folder_problems}) {
    for (const auto& problem : *problems) {
      spdlog::error("{}", problem);
    }
  }
  print_out(render_validated(result));
  if (result.problems() > 0) {
    spdlog::error("{} found", count_of(result.problems(), "problem"));
    return exit_codes::error;
  }
  return exit_codes::ok;
}

} // namespace

void register_validate(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "validate", "Check the schema YAML and the migration folder offline (no database)", run_validate);
  add_schema_option(*command, flags->schema);
  add_dir_option(*command, flags->dir);
  command->add_option("--db", flags->db,
                      "check the schema's names against this database's engine too (its URL names the engine; "
                      "validate never connects; default: $STRATA_DB)");
}

} // namespace strata::cli
