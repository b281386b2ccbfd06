// strata inspect: the live schema as schema YAML (stdout, or a file written atomically).
#include "cli/commands.hpp"
#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "schemas/yaml.hpp"

#include <spdlog/spdlog.h>

#include <memory>

namespace strata::cli {

namespace {

struct InspectOptions {
  std::string db;
  std::string output;
};

int run_inspect(const InspectOptions& options)
{
  Database db = open_database(options.db, workflows::Access::read_only);
  // --schema-name a,b: a is the default schema (unqualified in the YAML), b is read as well.
  // Without it: every schema of the database, the current one (public) unqualified.
  introspect::ReadOptions read{db.default_schema, db.extra_schemas};
  read.all_schemas = db.default_schema.empty();
  const schemas::Schema live = introspect::read_schema(*db.connection, *db.dialect, read);
  const std::string yaml = schemas::write_yaml(live);
  if (options.output.empty() || options.output == "-") {
    print_out(yaml);
  } else {
    migrations::write_file_atomic(options.output, yaml);
    spdlog::info("wrote {} ({} table{}, {} view{}) from {}", options.output, live.tables.size(),
                 live.tables.size() == 1 ? "" : "s", live.views.size(), live.views.size() == 1 ? "" : "s",
                 db.connection->redacted_url());
  }
  return exit_codes::ok;
}

} // namespace

void register_inspect(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<InspectOptions>();
  auto* command = app.add_subcommand("inspect", "Write the live schema of a database as schema YAML");
  add_db_option(*command, options->db);
  command->add_option("-o,--output", options->output, "write to this file (atomically) instead of stdout");
  command->callback([options, &globals] { globals.exit_code = run_inspect(*options); });
}

} // namespace strata::cli
