#include "cli/context.hpp"

#include "cli/output/colour.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

namespace strata::cli {

namespace {

std::string env(const char* name)
{
  const char* value = std::getenv(name);
  return value == nullptr ? std::string{} : std::string{value};
}

// The one colour policy (cli/output/colour.hpp) applied to a stream of this process.
bool colour_on(int fd)
{
  return colour_enabled(::isatty(fd) == 1, std::getenv("NO_COLOR"), std::getenv("TERM"));
}

// "%*": the level as a prefix users read ("warning: ", "error: "); info lines carry none.
class LevelPrefix : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override
  {
    std::string_view text;
    switch (msg.level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      text = "debug: ";
      break;
    case spdlog::level::warn:
      text = "warning: ";
      break;
    case spdlog::level::err:
    case spdlog::level::critical:
      text = "error: ";
      break;
    default:
      break;
    }
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<LevelPrefix>(); }
};

} // namespace

void setup_logging(const Globals& globals)
{
  // spdlog's own "automatic" mode would apply a second policy (its list of TERM values); ours decides.
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(colour_on(STDERR_FILENO) ? spdlog::color_mode::always
                                                                                             : spdlog::color_mode::never);
  auto logger = std::make_shared<spdlog::logger>("strata", sink);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelPrefix>('*').set_pattern("%^%*%$%v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(globals.verbose ? spdlog::level::debug
                                    : globals.quiet ? spdlog::level::warn : spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

// Exactly one command runs per process, so the value of its --schema-name lives here and
// target_of() hands it to the workflow of every command that connects.
std::string& schema_name_flag()
{
  static std::string value;
  return value;
}

void add_db_option(CLI::App& command, std::string& value)
{
  command.add_option("--db", value,
                     "database URL: sqlite:path/app.db, a bare path, or postgres://user@host/db (default: the --env "
                     "environment's db, then $STRATA_DB)");
  command.add_option("--schema-name", schema_name_flag(),
                     "PostgreSQL: the default schema (objects there are unqualified; default: public); "
                     "inspect: NAME,OTHER,... reads the others too");
}

void add_schema_option(CLI::App& command, std::string& value)
{
  command.add_option("--schema", value,
                     "desired schema: a YAML file or a folder of them (default: $STRATA_SCHEMA, then strata.yaml's "
                     "schema, then schema.yaml)");
}

void add_dir_option(CLI::App& command, std::string& value)
{
  command.add_option("--dir", value, "migration folder (default: $STRATA_DIR, then strata.yaml's dir, then migrations/)");
}

void add_db_dir_options(CLI::App& command, DbDirFlags& flags)
{
  add_db_option(command, flags.db);
  add_dir_option(command, flags.dir);
}

std::string flag_or_env(const std::string& flag, const char* variable, const char* fallback)
{
  if (!flag.empty()) {
    return flag;
  }
  const std::string from_env = env(variable);
  return from_env.empty() ? std::string(fallback) : from_env;
}

namespace {

workflows::SettingFlags& settings_flags()
{
  static workflows::SettingFlags flags;
  return flags;
}

} // namespace

void add_settings_options(CLI::App& app)
{
  auto& flags = settings_flags();
  app.add_option("--project", flags.project,
                 "the project file (default: the nearest strata.yaml in this folder or a folder above it)");
  app.add_option("--env", flags.environment, "the project file's environment whose database(s) to use");
}

const workflows::Settings& settings()
{
  static const workflows::Settings resolved =
    workflows::Settings::discover(settings_flags(), std::filesystem::current_path());
  return resolved;
}

std::filesystem::path resolve_schema(const std::string& flag)
{
  return settings().schema(flag).value;
}

std::filesystem::path resolve_dir(const std::string& flag)
{
  return settings().dir(flag).value;
}

bool schema_named(const std::string& flag)
{
  return settings().schema(flag).source != "default";
}

workflows::Target target_of(const std::string& flag)
{
  auto found = settings().databases(flag);
  if (found.size() > 1) {
    throw Error(ErrorKind::usage,
                fmt::format("environment \"{}\" lists {} databases and this command works on one: name it with --db URL "
                            "(apply, status, drift and verify run on each, history on each in turn)",
                            settings().environment()->name, found.size()));
  }
  if (found.empty()) {
    return workflows::Target{std::nullopt, schema_name_flag()};
  }
  return workflows::Target{std::move(found.front().url), schema_name_flag()};
}

int for_each_target(const std::string& flag, const std::function<int(const workflows::Target&)>& run)
{
  auto found = settings().databases(flag);
  if (found.size() <= 1) {
    return run(target_of(flag));
  }
  int worst = exit_codes::ok;
  for (size_t i = 0; i < found.size(); ++i) {
    spdlog::info("database {} of {}: {}", i + 1, found.size(), found[i].url.redacted());
    const auto not_run = [&] {
      if (i + 1 < found.size()) {
        spdlog::warn("stopped at database {} of {}: the later ones were not run", i + 1, found.size());
      }
    };
    int code = exit_codes::ok;
    try {
      code = run(workflows::Target{std::move(found[i].url), schema_name_flag()});
    } catch (...) {
      not_run();
      throw;
    }
    if (code == exit_codes::error) {
      not_run();
      return code;
    }
    worst = std::max(worst, code);
  }
  return worst;
}

void add_dev_db_option(CLI::App& command, std::string& value)
{
  command.add_option("--dev-db", value,
                     "empty scratch database to replay migrations and probe canonical forms on (default: "
                     "$STRATA_DEV_DB, then strata.yaml's dev_db, else a temporary database strata creates on the --db server and drops; "
                     "SQLite: in memory)");
}

std::optional<dialects::DbUrl> resolve_dev_db(const std::string& flag)
{
  auto found = settings().dev_db(flag);
  return found ? std::optional<dialects::DbUrl>(std::move(found->url)) : std::nullopt;
}

bool stdout_colour()
{
  return colour_on(STDOUT_FILENO);
}

bool interactive()
{
  return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1;
}

bool ask_yes_no(const std::string& question)
{
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    return false;
  }
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes";
}

void print_out(const std::string& text)
{
  std::cout << text << std::flush;
}

} // namespace strata::cli
