// strata help [COMMAND...]: the help of strata or of one command (as `strata COMMAND --help`).
// strata version: the build's version line (as `strata --version`).
#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "strata_version.hpp"

namespace strata::cli {

void register_help(CLI::App& app, Globals& globals)
{
  auto words = std::make_shared<std::vector<std::string>>();
  auto* command = app.add_subcommand("help", "Show the help of strata or of a command: strata help plan");
  command->add_option("command", *words, "the command, e.g. plan or backup list");
  command->callback([&app, &globals, words] {
    const CLI::App& target = find_command(app, *words);
    std::string name = "strata";
    for (const auto& word : *words) {
      name += " " + word;
    }
    print_out(target.get_formatter()->make_help(&target, name, CLI::AppFormatMode::Normal));
    globals.exit_code = exit_codes::ok;
  });
}

void register_version(CLI::App& app, Globals& globals)
{
  app.add_subcommand("version", "Print the version of this build (as --version)")->callback([&globals] {
    print_out(std::string(k_version_line) + "\n");
    globals.exit_code = exit_codes::ok;
  });
}

} // namespace strata::cli
