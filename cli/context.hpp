#pragma once
// What every command shares: global flags, resolution of --db/--schema/--dir with their
// environment defaults, declaring a command, terminals and colour.

#include "cli/exit_codes.hpp"
#include "dialects/url.hpp"
#include "workflows/database.hpp"
#include "workflows/settings.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::cli {

// Global state of one run: the flags of the top-level app and the exit code the command chose.
struct Globals {
  bool verbose = false;
  bool quiet = false;
  int exit_code = exit_codes::ok;
};

// spdlog to stderr: "warning: ...", "error: ...", plain progress lines at info level.
void setup_logging(const Globals& globals);

// The global --project FILE and --env NAME (workflows/settings.hpp), added to the top-level app.
void add_settings_options(CLI::App& app);
// The settings of this run: the project file found (or named) and the environment chosen, read
// once on first use (a bad project file or --env fails the command that needs a setting).
const workflows::Settings& settings();

// Adds the subcommand `name`; once every flag is parsed its callback runs `run` on the flags its
// options filled and keeps the exit code `run` returns. Returns the subcommand and those flags.
template <class Flags>
std::pair<CLI::App*, std::shared_ptr<Flags>> add_command(CLI::App& parent, Globals& globals, const std::string& name,
                                                         const std::string& description, int (*run)(const Flags&))
{
  auto flags = std::make_shared<Flags>();
  auto* command = parent.add_subcommand(name, description);
  command->callback([flags, run, &globals] { globals.exit_code = run(*flags); });
  return {command, flags};
}

// --db URL (default $STRATA_DB), --schema F (default $STRATA_SCHEMA, then schema.yaml),
// --dir D (default $STRATA_DIR, then migrations/). add_db_option also adds --schema-name NAME[,EXTRA...]
// (engines with schemas: the default schema, put first on the connection's search_path).
void add_db_option(CLI::App& command, std::string& value);
// The --schema-name value of this run (one command runs per process).
std::string& schema_name_flag();
void add_schema_option(CLI::App& command, std::string& value);
void add_dir_option(CLI::App& command, std::string& value);

// The flags of the commands that work on the migrations of a database: --db and --dir.
struct DbDirFlags {
  std::string db;
  std::string dir;
};
void add_db_dir_options(CLI::App& command, DbDirFlags& flags);

// add_command for a command whose flags start with --db and --dir (Flags derives from DbDirFlags).
template <class Flags>
std::pair<CLI::App*, std::shared_ptr<Flags>> add_db_dir_command(CLI::App& parent, Globals& globals,
                                                                const std::string& name,
                                                                const std::string& description,
                                                                int (*run)(const Flags&))
{
  auto added = add_command(parent, globals, name, description, run);
  add_db_dir_options(*added.first, *added.second);
  return added;
}

// The flag's value, else the environment variable's (unset or empty: `fallback`).
std::string flag_or_env(const std::string& flag, const char* variable, const char* fallback = "");

// --schema / --dir, else $STRATA_SCHEMA / $STRATA_DIR, else the project file, else the default.
std::filesystem::path resolve_schema(const std::string& flag);
std::filesystem::path resolve_dir(const std::string& flag);
// True when the schema path was named (flag, variable or project file), not the default.
bool schema_named(const std::string& flag);

// --db, else the --env environment's database, else $STRATA_DB (may be absent: the workflow then
// says none was given), with --schema-name, as workflows take it. Error(usage) when the
// environment lists several databases: the command works on one.
workflows::Target target_of(const std::string& flag);
// The same for the commands that run once per database of an environment (status, history, drift,
// apply): `run` for each, in order, each announced on stderr when there are several. Stops at the
// first that throws or returns exit_codes::error (returned); else the highest exit code.
int for_each_target(const std::string& flag, const std::function<int(const workflows::Target&)>& run);

// --dev-db URL (default $STRATA_DEV_DB, then the project's dev_db) and its resolution (nullopt
// when none is given).
void add_dev_db_option(CLI::App& command, std::string& value);
std::optional<dialects::DbUrl> resolve_dev_db(const std::string& flag);

// Colour on stdout, as colour_enabled (cli/output/colour.hpp) decides for this process.
bool stdout_colour();
// stdin and stderr are both terminals: a question can be asked and answered.
bool interactive();
// Asks `question` on stderr, reads the answer from stdin; true only for y/yes.
bool ask_yes_no(const std::string& question);

// Data goes to stdout (flushed).
void print_out(const std::string& text);

} // namespace strata::cli
