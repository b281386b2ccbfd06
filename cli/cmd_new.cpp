// strata new SLUG: an empty hand-written up/down pair with the next version, and strata.sum
// rewritten to include it.
#include "cli/commands.hpp"
#include "cli/output/migration_render.hpp"
#include "workflows/folder.hpp"

namespace strata::cli {

namespace {

struct NewFlags {
  std::string slug;
  std::string dir;
};

int run_new(const NewFlags& flags)
{
  print_out(render_created(workflows::create_migration({resolve_dir(flags.dir), flags.slug})));
  return exit_codes::ok;
}

} // namespace

void register_new(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "new", "Create an empty hand-written up/down migration pair with the next version", run_new);
  command->add_option("slug", flags->slug, "name part of the files, e.g. backfill_emails")->required();
  add_dir_option(*command, flags->dir);
}

} // namespace strata::cli
