// strata help [COMMAND...]: the help of strata or of one command (as `strata COMMAND --help`).
// strata completion bash|zsh: the shell completion scripts (cli/completion.hpp).
// strata version: the build's version line (as `strata --version`).
#include "cli/commands.hpp"
#include "cli/completion.hpp"
#include "cli/usage.hpp"
#include "strata_version.hpp"

namespace strata::cli {

void register_help(CLI::App& app, Globals& globals)
{
  auto words = std::make_shared<std::vector<std::string>>();
  auto all = std::make_shared<bool>(false);
  auto* command = app.add_subcommand("help", "Show the help of strata or of a command: strata help plan");
  command->add_option("command", *words, "the command, e.g. plan or backup list");
  command->add_flag("--all", *all, "the help of every command, one after the other");
  command->callback([&app, &globals, words, all] {
    if (*all) {
      print_out(all_help(app));
      globals.exit_code = exit_codes::ok;
      return;
    }
    const CLI::App& target = find_command(app, *words);
    std::string name = "strata";
    for (const auto& word : *words) {
      name += " " + word;
    }
    print_out(target.get_formatter()->make_help(&target, name, CLI::AppFormatMode::Normal));
    globals.exit_code = exit_codes::ok;
  });
}

void register_completion(CLI::App& app, Globals& globals)
{
  auto shell = std::make_shared<std::string>();
  auto* command = app.add_subcommand(
    "completion", "Print the shell completion script: strata completion bash (or zsh); see the README for where to put it");
  command->add_option("shell", *shell, "bash or zsh")->required()->check(one_of({"bash", "zsh"}));
  command->callback([&app, &globals, shell] {
    print_out(*shell == "bash" ? bash_completion(app) : zsh_completion(app));
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
