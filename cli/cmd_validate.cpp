// strata validate: offline checks of the schema YAML (every diagnostic as file:line:col) and of
// the migration folder (file names, headers, strata.sum). Exit 0 valid, 1 any problem.
#include "cli/commands.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "schemas/yaml.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>

namespace strata::cli {

namespace {

struct ValidateOptions {
  std::string schema;
  std::string dir;
};

// Returns the number of problems found (each logged as an error).
size_t validate_schema(const std::filesystem::path& path, std::string& out)
{
  const auto result = schemas::load_path(path);
  for (const auto& diagnostic : result.diagnostics) {
    spdlog::error("{}", diagnostic.str());
  }
  if (result.ok()) {
    const auto& schema = result.schema;
    out += fmt::format("{}: ok ({} table{}, {} view{})\n", path.string(), schema.tables.size(),
                       schema.tables.size() == 1 ? "" : "s", schema.views.size(), schema.views.size() == 1 ? "" : "s");
  }
  return result.diagnostics.size();
}

size_t validate_directory(const std::filesystem::path& dir, std::string& out)
{
  try {
    const auto directory = migrations::Directory::open(dir);
    const auto problems = directory.verify_sum();
    for (const auto& problem : problems) {
      spdlog::error("{}", problem);
    }
    if (problems.empty()) {
      const auto count = directory.migrations().size();
      out += fmt::format("{}: ok ({} migration{}{})\n", dir.string(), count, count == 1 ? "" : "s",
                         count == 0 ? "" : ", strata.sum matches");
    }
    return problems.size();
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}

// The schema is checked when one was named (--schema, $STRATA_SCHEMA) or the default schema.yaml
// exists, so `validate --dir D` checks a migration folder on its own.
bool schema_wanted(const ValidateOptions& options, const std::filesystem::path& path)
{
  const char* from_env = std::getenv("STRATA_SCHEMA");
  const bool named = !options.schema.empty() || (from_env != nullptr && *from_env != '\0');
  return named || std::filesystem::exists(path);
}

int run_validate(const ValidateOptions& options)
{
  std::string out;
  const auto schema_path = resolve_schema(options.schema);
  size_t problems = 0;
  if (schema_wanted(options, schema_path)) {
    problems += validate_schema(schema_path, out);
  } else {
    spdlog::info("no {} here: schema not checked (pass --schema)", schema_path.string());
  }
  problems += validate_directory(resolve_dir(options.dir), out);
  print_out(out);
  if (problems > 0) {
    spdlog::error("{} problem{} found", problems, problems == 1 ? "" : "s");
    return exit_codes::error;
  }
  return exit_codes::ok;
}

} // namespace

void register_validate(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<ValidateOptions>();
  auto* command =
    app.add_subcommand("validate", "Check the schema YAML and the migration folder offline (no database)");
  add_schema_option(*command, options->schema);
  add_dir_option(*command, options->dir);
  command->callback([options, &globals] { globals.exit_code = run_validate(*options); });
}

} // namespace strata::cli
