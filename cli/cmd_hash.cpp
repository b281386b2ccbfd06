// strata hash: rewrite strata.sum from the files on disk after a deliberate hand edit.
#include "cli/commands.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace strata::cli {

namespace {

struct HashOptions {
  std::string dir;
};

int run_hash(const HashOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  if (!std::filesystem::is_directory(dir)) {
    throw Error(ErrorKind::input, "migration folder " + dir.string() + " does not exist");
  }
  const auto directory = migrations::Directory::open(dir);
  for (const auto& problem : directory.verify_sum()) {
    // The problem text ends with advice to run this very command; keep the part naming the file.
    spdlog::info("accepting: {}", problem.substr(0, problem.find("; run `strata hash`")));
  }
  directory.write_sum();
  const auto count = directory.migrations().size();
  print_out(fmt::format("wrote {} ({} migration{})\n", (dir / "strata.sum").string(), count, count == 1 ? "" : "s"));
  return exit_codes::ok;
}

} // namespace

void register_hash(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<HashOptions>();
  auto* command = app.add_subcommand("hash", "Rewrite strata.sum after a deliberate hand edit of migration files");
  add_dir_option(*command, options->dir);
  command->callback([options, &globals] { globals.exit_code = run_hash(*options); });
}

} // namespace strata::cli
