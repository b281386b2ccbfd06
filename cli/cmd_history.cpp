// strata history: the applied migrations recorded in strata_schema_history.
#include "cli/commands.hpp"
#include "cli/output/table.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"

#include <memory>

namespace strata::cli {

namespace {

struct HistoryOptions {
  std::string db;
  std::string dir;
};

int run_history(const HistoryOptions& options)
{
  const auto directory = migrations::Directory::open(resolve_dir(options.dir));
  Database db = open_database(options.db, workflows::Access::read_only);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, {});
  const auto rows = executor.history();
  if (rows.empty()) {
    print_out("no migrations applied to " + db.connection->redacted_url() + "\n");
    return exit_codes::ok;
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    cells.push_back({row.version, row.name, row.applied_at, std::to_string(row.duration_ms), row.applied_by,
                     row.status, row.backup_ref.empty() ? "-" : row.backup_ref});
  }
  print_out(render_table({"version", "name", "applied_at", "duration_ms", "applied_by", "status", "backups"}, cells));
  for (const auto& row : rows) {
    if (row.status == "dirty") { // the failed statement and what to do about it
      print_out(row.version + ": " + migrations::describe_dirty(row) + " (see `strata repair`)\n");
    } else if (!row.message.empty()) {
      print_out(row.version + ": " + row.message + "\n");
    }
  }
  return exit_codes::ok;
}

} // namespace

void register_history(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<HistoryOptions>();
  auto* command = app.add_subcommand("history", "List applied migrations with times, durations and backups");
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  command->callback([options, &globals] { globals.exit_code = run_history(*options); });
}

} // namespace strata::cli
