#pragma once
// Usage errors (exit 64, EX_USAGE): a mistyped command or flag, a missing argument, a bad or
// conflicting flag value. Each is reported on one line with a "did you mean" suggestion where a
// close name exists and the help to read: `strata help COMMAND`.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace strata::cli {

// The command the parse reached, as typed after "strata": "", "plan", "backup list". The `help`
// and `version` commands name no command of their own ("").
std::string command_path(const CLI::App& app);

// "see `strata help plan`" for the command the parse reached.
std::string help_hint(const CLI::App& app);

// The line reporting CLI11's parse error `error` (not --help/--version): an unknown command or
// flag named with the closest known one, else CLI11's own message; then the help hint.
std::string usage_message(const CLI::App& app, const CLI::ParseError& error);

// A CLI11 check that the value is one of `values`; its message lists them and suggests the closest.
CLI::Validator one_of(std::vector<std::string> values);

// The subcommand of `app` at `path` (e.g. {"backup", "list"}); throws Error(usage) naming the
// closest command when a word is not one.
const CLI::App& find_command(const CLI::App& app, const std::vector<std::string>& path);

} // namespace strata::cli
