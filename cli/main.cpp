// The strata executable: global flags, logging, the commands, and the one place where errors
// become exit codes (cli/exit_codes.hpp).
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/exit_codes.hpp"
#include "cli/usage.hpp"
#include "schemas/error.hpp"
#include "strata_version.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <string_view>

namespace {

// CLI11 runs the subcommand callback only after every flag is parsed, so logging is set up from
// a pre-callback on the app (it runs before any subcommand callback).
int run(int argc, char** argv)
{
  using namespace strata::cli;
  Globals globals;
  CLI::App app{"strata: declarative schema-diff planner (YAML schema -> reviewed migrations -> database)", "strata"};
  app.set_version_flag("--version", strata::k_version_line);
  app.add_flag("-v,--verbose", globals.verbose, "debug logs on stderr");
  app.add_flag("-q,--quiet", globals.quiet, "only warnings and errors on stderr");
  add_settings_options(app);
  app.require_subcommand(1);
  app.fallthrough(); // global flags may follow the command: `strata plan -v`
  app.parse_complete_callback([&globals] { setup_logging(globals); });

  register_inspect(app, globals);
  register_baseline(app, globals);
  register_plan(app, globals);
  register_apply(app, globals);
  register_rollback(app, globals);
  register_status(app, globals);
  register_history(app, globals);
  register_drift(app, globals);
  register_diff(app, globals);
  register_validate(app, globals);
  register_backup(app, globals);
  register_new(app, globals);
  register_hash(app, globals);
  register_repair(app, globals);
  register_verify(app, globals);
  register_doctor(app, globals);
  register_lint(app, globals);
  register_config(app, globals);
  register_help(app, globals);
  register_completion(app, globals);
  register_version(app, globals);

  setup_logging(globals);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error is a usage error (CLI11's own codes
    // are not ours).
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(e);
    }
    spdlog::error("{}", usage_message(app, e));
    return exit_codes::usage;
  } catch (const strata::SchemaError& e) {
    for (const auto& diagnostic : e.diagnostics()) {
      spdlog::error("{}", diagnostic.str());
    }
    return strata::exit_code_for(e.kind());
  } catch (const strata::Error& e) {
    if (e.kind() == strata::ErrorKind::usage) {
      spdlog::error("{}; {}", e.what(), help_hint(app));
    } else if (const auto& at = e.location(); !at.file.empty() && at.line > 0 &&
                                              std::string_view(e.what()).find(at.str()) == std::string_view::npos) {
      spdlog::error("{}: {}", at.str(), e.what()); // the YAML line of the object the error is about
    } else {
      spdlog::error("{}", e.what());
    }
    return strata::exit_code_for(e.kind());
  }
  return globals.exit_code;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return strata::cli::exit_codes::error;
  }
}
