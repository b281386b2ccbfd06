// strata baseline: adopt a database that already holds a schema. Writes schema.yaml and a
// baseline migration (the live schema's full DDL) into a folder without migrations, proves on a
// scratch database that the file reproduces the schema, and records it as applied on the
// database without running it. Exit 0 done, 1 error or refused (nothing written or recorded).
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/baseline_render.hpp"
#include "cli/output/migration_render.hpp"
#include "schemas/error.hpp"
#include "workflows/baseline.hpp"

namespace strata::cli {

namespace {

struct BaselineFlags : DbDirFlags {
  std::string schema;
  std::string version;
  std::string dev_db;
  bool force = false;
  RunFlags run;
};

int run_baseline(const BaselineFlags& flags)
{
  workflows::BaselineRequest request;
  request.target = target_of(flags.db);
  request.schema_path = resolve_schema(flags.schema);
  request.dir = resolve_dir(flags.dir);
  request.version = flags.version;
  request.force = flags.force;
  request.dev_db = resolve_dev_db(flags.dev_db);
  request.executor = executor_options(flags.run);
  const auto result = workflows::run_baseline(request);
  if (result.mismatch) {
    print_out(render_baseline_mismatch(*result.mismatch, stdout_colour()));
    throw Error(ErrorKind::internal,
                "the baseline file does not reproduce the schema of " + result.database +
                  " when replayed (differences above); nothing was written or recorded");
  }
  print_out(render_baselined(result));
  return exit_codes::ok;
}

} // namespace

void register_baseline(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_db_dir_command(
    app, globals, "baseline",
    "Adopt a database that already has a schema: write schema.yaml and a baseline migration of its full DDL, "
    "recorded as applied there without running it",
    run_baseline);
  add_schema_option(*command, flags->schema);
  add_dev_db_option(*command, flags->dev_db);
  command->add_option("--version", flags->version, "the baseline's version (default: now, UTC YYYYMMDDHHMMSS)");
  command->add_flag("--force", flags->force, "replace an existing schema file");
  command->add_option("--lock-timeout", flags->run.lock_timeout_seconds,
                      "seconds to wait for another strata holding the migration lock (default: 10)");
  command->footer("Exit codes: 0 adopted, 1 error or refused (nothing written or recorded).");
}

} // namespace strata::cli
