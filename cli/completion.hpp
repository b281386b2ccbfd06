#pragma once
// Shell completions and the man page's command section, generated from the CLI11 definitions of
// the commands (CLI11 has no completion of its own), so they cannot fall behind the flags.

#include <CLI/CLI.hpp>

#include <string>

namespace strata::cli {

// A bash completion script: the function _strata, registered with `complete -F` (files as the
// fallback). Completes commands, the subcommands of a command (backup list|restore|prune), and
// the flags of the command being typed plus the global ones; skips each flag's value.
std::string bash_completion(const CLI::App& app);

// A zsh completion script (#compdef strata): commands and flags with their descriptions.
std::string zsh_completion(const CLI::App& app);

// The help of every command, one after the other under "strata COMMAND" headings: `strata help
// --all`, and the COMMANDS section of the man page (cli/CMakeLists.txt runs help2man).
std::string all_help(const CLI::App& app);

} // namespace strata::cli
