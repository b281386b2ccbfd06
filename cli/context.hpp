#pragma once
// What every command shares: global flags, resolution of --db/--schema/--dir with their
// environment defaults, opening the database through its dialect, terminals and colour.

#include "cli/exit_codes.hpp"
#include "dialects/connection.hpp"
#include "dialects/dialect.hpp"
#include "dialects/url.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
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

struct Database {
  dialects::DbUrl url;
  // --schema-name: the default schema (empty: the connection's own, normally public), then any
  // further schemas named after a comma (inspect reads them too).
  std::string default_schema;
  std::vector<std::string> extra_schemas;
  const dialects::Dialect* dialect = nullptr;
  std::unique_ptr<dialects::Connection> connection;
};

// Resolves the URL, finds its dialect and connects. Logs the redacted URL at debug level.
Database open_database(const std::string& flag);

bool stdout_is_terminal();
// Colour on stdout: only for a terminal and when NO_COLOR is unset.
bool stdout_colour();
// stdin and stderr are both terminals: a question can be asked and answered.
bool interactive();
// Asks `question` on stderr, reads the answer from stdin; true only for y/yes.
bool ask_yes_no(const std::string& question);

// Data goes to stdout (flushed).
void print_out(const std::string& text);

} // namespace strata::cli
