#include "cli/usage.hpp"

#include "schemas/error.hpp"
#include "schemas/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::cli {

namespace {

// The subcommands the parse selected, outermost first (empty: none).
std::vector<const CLI::App*> parsed_chain(const CLI::App& app)
{
  std::vector<const CLI::App*> chain;
  for (const CLI::App* at = &app;;) {
    const auto selected = at->get_subcommands();
    if (selected.empty()) {
      return chain;
    }
    at = selected.front();
    chain.push_back(at);
  }
}

const CLI::App& deepest(const CLI::App& app)
{
  const auto chain = parsed_chain(app);
  return chain.empty() ? app : *chain.back();
}

std::vector<std::string> subcommand_names(const CLI::App& command)
{
  std::vector<std::string> names;
  for (const auto* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// "--dry-run", "-y", ... of `command` and of the apps above it (global flags may follow a command).
std::vector<std::string> flag_names(const CLI::App& command)
{
  std::vector<std::string> names;
  for (const CLI::App* at = &command; at != nullptr; at = at->get_parent()) {
    for (const auto* option : at->get_options()) {
      for (const auto& name : option->get_lnames()) {
        names.push_back("--" + name);
      }
      for (const auto& name : option->get_snames()) {
        names.push_back("-" + name);
      }
    }
  }
  return names;
}

std::string strata_command(const std::string& path)
{
  return path.empty() ? "strata" : "strata " + path;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates)
{
  const auto match = schemas::closest_match(word, candidates);
  return match ? fmt::format(" (did you mean {}?)", *match) : std::string{};
}

} // namespace

std::string command_path(const CLI::App& app)
{
  std::string path;
  for (const auto* command : parsed_chain(app)) {
    if (command->get_parent() == &app && (command->get_name() == "help" || command->get_name() == "version")) {
      return {};
    }
    path += (path.empty() ? "" : " ") + command->get_name();
  }
  return path;
}

std::string help_hint(const CLI::App& app)
{
  const auto path = command_path(app);
  return path.empty() ? "see `strata help`" : fmt::format("see `strata help {}`", path);
}

std::string usage_message(const CLI::App& app, const CLI::ParseError& error)
{
  const CLI::App& command = deepest(app);
  const std::string where = strata_command(command_path(app));
  const auto left = app.remaining(true);
  std::string message = error.what();
  if (!left.empty()) {
    const std::string& word = left.front();
    if (word.size() > 1 && word.front() == '-') {
      const std::string flag = word.substr(0, word.find('='));
      message = fmt::format("unknown flag {} for {}{}", flag, where, suggestion(flag, flag_names(command)));
    } else if (!subcommand_names(command).empty()) {
      message = fmt::format("unknown command \"{}\" for {}{}", word, where, suggestion(word, subcommand_names(command)));
    } else {
      message = fmt::format("unexpected argument \"{}\" for {}", word, where);
    }
  } else if (!subcommand_names(command).empty() && command.get_subcommands().empty()) {
    message = fmt::format("{} needs a command", where);
  }
  return message + "; " + help_hint(app);
}

CLI::Validator one_of(std::vector<std::string> values)
{
  std::string listed;
  for (const auto& value : values) {
    listed += (listed.empty() ? "" : ", ") + value;
  }
  return CLI::Validator(
    [values, listed](std::string& value) -> std::string {
      if (std::find(values.begin(), values.end(), value) != values.end()) {
        return {};
      }
      return fmt::format("\"{}\" is not one of {}{}", value, listed, suggestion(value, values));
    },
    "one of " + listed);
}

const CLI::App& find_command(const CLI::App& app, const std::vector<std::string>& path)
{
  const CLI::App* at = &app;
  std::string typed;
  for (const auto& word : path) {
    const auto names = subcommand_names(*at);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      throw Error(ErrorKind::usage, fmt::format("unknown command \"{}\" for {}{}", word, strata_command(typed),
                                                suggestion(word, names)));
    }
    at = at->get_subcommand(word);
    typed += (typed.empty() ? "" : " ") + word;
  }
  return *at;
}

} // namespace strata::cli
