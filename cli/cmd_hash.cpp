// strata hash: rewrite strata.sum from the files on disk after a deliberate hand edit.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/folder.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

int run_hash(const std::string& dir)
{
  const auto result = workflows::rehash(resolve_dir(dir));
  for (const auto& problem : result.accepted) {
    // The problem text ends with advice to run this very command; keep the part naming the file.
    spdlog::info("accepting: {}", problem.substr(0, problem.find("; run `strata hash`")));
  }
  print_out(render_hashed(result));
  return exit_codes::ok;
}

} // namespace

void register_hash(CLI::App& app, Globals& globals)
{
  auto [command, dir] =
    add_command(app, globals, "hash", "Rewrite strata.sum after a deliberate hand edit of migration files", run_hash);
  add_dir_option(*command, *dir);
}

} // namespace strata::cli
