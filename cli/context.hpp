#pragma once
// What every command shares: global flags, resolution of --db/--schema/--dir with their
// environment defaults, opening the database through its dialect, terminals and colour.

#include "cli/exit_codes.hpp"
#include "dialects/url.hpp"
#include "workflows/database.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
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

// --db URL (default $STRATA_DB), --schema F (default $STRATA_SCHEMA, then schema.yaml),
// --dir D (default $STRATA_DIR, then migrations/). add_db_option also adds --schema-name NAME[,EXTRA...]
// (engines with schemas: the default schema, put first on the connection's search_path).
void add_db_option(CLI::App& command, std::string& value);
void add_schema_option(CLI::App& command, std::string& value);
void add_dir_option(CLI::App& command, std::string& value);

// Throws Error(usage) when neither --db nor STRATA_DB is given.
dialects::DbUrl resolve_db_url(const std::string& flag);
std::filesystem::path resolve_schema(const std::string& flag);
std::filesystem::path resolve_dir(const std::string& flag);

// The URL of --db (else $STRATA_DB) when given, nullopt otherwise.
std::optional<dialects::DbUrl> optional_db_url(const std::string& flag);
// --db (else $STRATA_DB; may be absent) with --schema-name, as workflows take it.
workflows::Target target_of(const std::string& flag);

// --dev-db URL (default $STRATA_DEV_DB) and its resolution (nullopt when neither is given).
void add_dev_db_option(CLI::App& command, std::string& value);
std::optional<dialects::DbUrl> resolve_dev_db(const std::string& flag);

using workflows::Database;
// Resolves the URL (Error(usage) when none), applies --schema-name and connects (read-only
// commands pass Access::read_only: the server then refuses any write).
Database open_database(const std::string& flag, workflows::Access access = workflows::Access::read_write);

bool stdout_is_terminal();
// Colour on stdout, as colour_enabled (cli/output/colour.hpp) decides for this process.
bool stdout_colour();
// stdin and stderr are both terminals: a question can be asked and answered.
bool interactive();
// Asks `question` on stderr, reads the answer from stdin; true only for y/yes.
bool ask_yes_no(const std::string& question);

// Data goes to stdout (flushed).
void print_out(const std::string& text);

} // namespace strata::cli
