#pragma once
// One register_<verb> per command (cmd_<verb>.cpp; rollback beside apply, history beside
// status). Each adds its subcommand to the app; its callback runs the command and stores the
// exit code in globals. Command-ending errors are
// thrown as strata::Error and mapped to exit codes in main.cpp.

#include "cli/context.hpp"
#include "cli/usage.hpp"

#include <CLI/CLI.hpp>

namespace strata::cli {

void register_inspect(CLI::App& app, Globals& globals);
void register_baseline(CLI::App& app, Globals& globals);
void register_plan(CLI::App& app, Globals& globals);
void register_apply(CLI::App& app, Globals& globals);
void register_rollback(CLI::App& app, Globals& globals);
void register_status(CLI::App& app, Globals& globals);
void register_history(CLI::App& app, Globals& globals);
void register_drift(CLI::App& app, Globals& globals);
void register_diff(CLI::App& app, Globals& globals);
void register_validate(CLI::App& app, Globals& globals);
void register_backup(CLI::App& app, Globals& globals);
// `backup prune`, a subcommand of the `backup` command (cmd_backup_prune.cpp).
void register_backup_prune(CLI::App& backup, Globals& globals);
void register_new(CLI::App& app, Globals& globals);
void register_hash(CLI::App& app, Globals& globals);
void register_repair(CLI::App& app, Globals& globals);
void register_verify(CLI::App& app, Globals& globals);
void register_doctor(CLI::App& app, Globals& globals);
void register_lint(CLI::App& app, Globals& globals);
void register_config(CLI::App& app, Globals& globals);
void register_help(CLI::App& app, Globals& globals);    // cmd_help.cpp, with completion and version
void register_completion(CLI::App& app, Globals& globals);
void register_version(CLI::App& app, Globals& globals);

} // namespace strata::cli
