// strata status: current version, pending files, and every integrity problem (dirty versions,
// edited applied files, missing files, strata.sum mismatches). Exit 1 when there is a problem.
// strata history: the applied migrations recorded in strata_schema_history.
#include "cli/commands.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/history.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct ReadFlags : DbDirFlags {
  std::string format = "text";
};

int run_status(const ReadFlags& flags)
{
  return for_each_target(flags.db, [&](const workflows::Target& target) {
    const auto result = workflows::run_status({target, resolve_dir(flags.dir)});
    print_out(flags.format == "json" ? render_status_json(result) : render_status(result));
    for (const auto& problem : status_problems(result)) {
      spdlog::error("{}", problem);
    }
    return result.ok() ? exit_codes::ok : exit_codes::error;
  });
}

int run_history(const ReadFlags& flags)
{
  return for_each_target(flags.db, [&](const workflows::Target& target) {
    const auto result = workflows::run_history({target, resolve_dir(flags.dir)});
    print_out(flags.format == "json" ? render_history_json(result) : render_history(result));
    return exit_codes::ok;
  });
}

void add_format_option(CLI::App& command, ReadFlags& flags)
{
  command.add_option("--format", flags.format, "output: text or json")->check(one_of({"text", "json"}));
}

} // namespace

void register_status(CLI::App& app, Globals& globals)
{
  auto added = add_db_dir_command(app, globals, "status",
                                  "Show the current version, pending files and integrity problems", run_status);
  add_format_option(*added.first, *added.second);
}

void register_history(CLI::App& app, Globals& globals)
{
  auto added = add_db_dir_command(app, globals, "history", "List applied migrations with times, durations and backups",
                                  run_history);
  add_format_option(*added.first, *added.second);
}

} // namespace strata::cli
