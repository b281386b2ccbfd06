// strata inspect: the live schema as schema YAML (stdout, or a file written atomically).
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/inspect.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct InspectFlags {
  std::string db;
  std::string output;
};

int run_inspect(const InspectFlags& flags)
{
  const bool to_stdout = flags.output.empty() || flags.output == "-";
  const auto result = workflows::run_inspect({target_of(flags.db), to_stdout ? std::string{} : flags.output});
  if (to_stdout) {
    print_out(result.yaml);
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
    add_command(app, globals, "inspect", "Write the live schema of a database as schema YAML", run_inspect);
  add_db_option(*command, flags->db);
  command->add_option("-o,--output", flags->output, "write to this file (atomically) instead of stdout");
}

} // namespace strata::cli
