// strata new SLUG: an empty hand-written up/down pair with the next version, and strata.sum
// rewritten to include it.
#include "cli/commands.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <cctype>
#include <memory>

namespace strata::cli {

namespace {

struct NewOptions {
  std::string slug;
  std::string dir;
};

void check_slug(const std::string& slug)
{
  for (char c : slug) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '_' && c != '-') {
      throw Error(ErrorKind::usage, "slug '" + slug + "' may only hold letters, digits, '_' and '-'");
    }
  }
  if (slug.empty()) {
    throw Error(ErrorKind::usage, "the slug must not be empty");
  }
}

int run_new(const NewOptions& options)
{
  check_slug(options.slug);
  const auto dir = resolve_dir(options.dir);
  const auto before = migrations::Directory::open(dir);
  before.verify_sum_or_throw(); // a new file must not bless an edited folder into strata.sum
  const std::string version = before.next_version();
  const std::string base = version + "_" + options.slug;
  const auto up = dir / (base + ".up.sql");
  const auto down = dir / (base + ".down.sql");

  std::filesystem::create_directories(dir);
  migrations::write_file_atomic(
    up, fmt::format("-- strata: version {}\n"
                    "-- Hand-written migration. Write the SQL that applies it below, each statement ending with ';'.\n"
                    "-- Then run `strata hash` so strata.sum records the edited file.\n\n",
                    version));
  migrations::write_file_atomic(
    down, fmt::format("-- strata: version {}\n"
                      "-- Write the SQL that undoes {} below (run by `strata rollback`), each statement ending with ';'.\n"
                      "-- Then run `strata hash` so strata.sum records the edited file.\n\n",
                      version, up.filename().string()));
  migrations::Directory::open(dir).write_sum();
  print_out(fmt::format("created {}\ncreated {}\n", up.string(), down.string()));
  return exit_codes::ok;
}

} // namespace

void register_new(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<NewOptions>();
  auto* command = app.add_subcommand("new", "Create an empty hand-written up/down migration pair with the next version");
  command->add_option("slug", options->slug, "name part of the files, e.g. backfill_emails")->required();
  add_dir_option(*command, options->dir);
  command->callback([options, &globals] { globals.exit_code = run_new(*options); });
}

} // namespace strata::cli
