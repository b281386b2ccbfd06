// strata inspect: the live schema as schema YAML or as the engine's DDL (stdout, or a file written
// atomically); --format json prints a summary (counts, names, where the YAML went).
#include "cli/commands.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/inspect.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct InspectFlags {
  std::string db;
  std::string output;
  std::string format = "yaml";
};

int run_inspect(const InspectFlags& flags)
{
  const bool to_stdout = flags.output.empty() || flags.output == "-";
  const std::filesystem::path output = to_stdout ? std::string{} : flags.output;
  const auto result = workflows::run_inspect({target_of(flags.db), output, flags.format == "sql"});
  if (flags.format == "json") {
    print_out(render_inspect_json(result, output));
  } else if (to_stdout) {
    print_out(result.text);
  } else {
    spdlog::info("wrote {} ({}, {}) from {}", flags.output, count_of(result.live.tables.size(), "table"),
                 count_of(result.live.views.size(), "view"), result.database);
  }
  return exit_codes::ok;
}

} // namespace

void register_inspect(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "inspect", "Write the live schema of a database as schema YAML (or as SQL DDL)",
                run_inspect);
  add_db_option(*command, flags->db);
  command->add_option("-o,--output", flags->output, "write to this file (atomically) instead of stdout");
  command
    ->add_option("--format", flags->format,
                 "yaml (the schema file, default), sql (the engine's DDL: what applying it to an empty database "
                 "runs) or json (a summary on stdout; the YAML goes to -o, else into the document)")
    ->check(one_of({"yaml", "sql", "json"}));
}

} // namespace strata::cli
