// strata repair: what to do about a dirty database, the state a migration file leaves when it
// fails outside a transaction (every file on MySQL/MariaDB, whose DDL commits on its own; a
// `no-transaction` file on PostgreSQL). Without an action it shows the dirty version, the
// statement that failed and the choices; with one it takes the migration lock and acts.
// Exit 0 done (or shown), 1 nothing dirty / error.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>

namespace strata::cli {

namespace {

struct RepairOptions {
  std::string db;
  std::string dir;
  bool resolved = false;
  bool rolled_back = false;
  bool resume = false;
  RunFlags run;
};

// The failed statement's text (first lines), from the file as it is now.
std::string statement_text(const migrations::Migration* migration, const migrations::HistoryRow& row)
{
  if (migration == nullptr || row.failed_statement <= 0) {
    return {};
  }
  const auto& sql = row.direction == "down" ? migration->down_sql : migration->up_sql;
  const auto statements = migrations::split_statements(sql);
  if (row.failed_statement > static_cast<int>(statements.size())) {
    return {};
  }
  std::string text;
  int lines = 0;
  for (const char c : statements[static_cast<size_t>(row.failed_statement - 1)].sql) {
    if (c == '\n' && ++lines == 5) {
      text += "\n    ...";
      break;
    }
    text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  }
  return "    " + text + "\n";
}

std::string describe(const migrations::Directory& directory, const migrations::HistoryRow& row)
{
  const auto* migration = directory.find(row.version);
  const bool down = row.direction == "down";
  const auto file = migration == nullptr ? row.name
                                         : (down ? migration->down_path : migration->up_path).filename().string();
  std::string out = fmt::format("dirty: version {} ({}), left by {}\n  {}\n", row.version, file,
                                down ? "a rollback (its down file)" : "an apply (its up file)",
                                migrations::describe_dirty(row));
  if (row.failed_statement > 1 && row.failed_line > 0) {
    out += fmt::format("  statements 1-{} ran and stay applied (no transaction)\n", row.failed_statement - 1);
  }
  const auto text = statement_text(migration, row);
  if (!text.empty()) {
    out += fmt::format("  statement {}:\n{}", row.failed_statement, text);
  }
  out += fmt::format(
    "choose one:\n"
    "  strata repair --continue      fix the cause first; runs {} again from statement {} on\n"
    "  strata repair --resolved      you finished the file by hand: {}\n"
    "  strata repair --rolled-back   you undid what it did by hand: {}\n",
    file, row.failed_statement > 0 ? std::to_string(row.failed_statement) : std::string("?"),
    down ? "the version counts as rolled back" : "the version counts as applied",
    down ? "the version counts as applied again" : "the version is pending again");
  return out;
}

int run_repair(const RepairOptions& options)
{
  const int actions = int{options.resolved} + int{options.rolled_back} + int{options.resume};
  if (actions > 1) {
    throw Error(ErrorKind::usage, "repair takes one of --continue, --resolved or --rolled-back");
  }
  const auto directory = migrations::Directory::open(resolve_dir(options.dir));
  Database db = open_database(options.db);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, executor_options(options.run));
  const auto dirty = executor.dirty_row();
  if (!dirty) {
    throw Error(ErrorKind::input,
                fmt::format("nothing to repair: no migration is dirty on {}", db.connection->redacted_url()));
  }
  if (actions == 0) {
    print_out(describe(directory, *dirty));
    return exit_codes::ok;
  }
  const auto action = options.resume     ? migrations::RepairAction::resume
                      : options.resolved ? migrations::RepairAction::resolved
                                         : migrations::RepairAction::rolled_back;
  const auto result = executor.repair(action);
  print_out(fmt::format("repaired version {}: it is {} now\n", result.before.version, result.outcome));
  return exit_codes::ok;
}

} // namespace

void register_repair(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<RepairOptions>();
  auto* command = app.add_subcommand(
    "repair",
    "Show or resolve a dirty migration (a file that failed outside a transaction: every file on MySQL/MariaDB). "
    "Without a flag it shows the failed statement; apply and rollback refuse until it is repaired");
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  auto* resume = command->add_flag("--continue", options->resume,
                                   "after fixing the cause: run the file again from the failed statement on (the "
                                   "statements before it count as done); success marks it applied (rolled back for "
                                   "a down file), a failure leaves it dirty at the new statement");
  auto* resolved = command->add_flag("--resolved", options->resolved,
                                     "you finished the file by hand: mark it applied (a down file: rolled back)");
  auto* rolled_back = command->add_flag("--rolled-back", options->rolled_back,
                                        "you undid the file's statements by hand: forget the run, so the version "
                                        "is pending again (a down file: applied again)");
  resume->excludes(resolved)->excludes(rolled_back);
  resolved->excludes(rolled_back);
  command->add_option("--lock-timeout", options->run.lock_timeout_seconds,
                      "seconds to wait for another strata holding the migration lock (default: 10)");
  command->footer("Exit codes: 0 repaired (or shown), 1 nothing is dirty or an error.");
  command->callback([options, &globals] { globals.exit_code = run_repair(*options); });
}

} // namespace strata::cli
