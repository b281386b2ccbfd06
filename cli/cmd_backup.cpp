// strata backup list | restore ID: the copies taken before destructive steps.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "cli/output/table.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"

#include <fmt/format.h>

#include <memory>

namespace strata::cli {

namespace {

struct BackupOptions {
  std::string db;
  std::string dir;
  std::string id;
  RunFlags run;
};

std::string target_text(const dialects::BackupTarget& target)
{
  return target.column.empty() ? target.table.str() : target.table.str() + "." + target.column;
}

// The version a backup was taken for: from the history rows that reference it, else (after a
// rollback removed the row) from the id's leading version when that migration exists.
std::string version_of(const std::string& id, const std::vector<migrations::HistoryRow>& history,
                       const migrations::Directory& directory)
{
  for (const auto& row : history) {
    size_t start = 0;
    while (start <= row.backup_ref.size()) {
      const auto comma = row.backup_ref.find(',', start);
      const auto ref = row.backup_ref.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (ref == id) {
        return row.version;
      }
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
  }
  const std::string prefix = id.substr(0, id.find('-'));
  return directory.find(prefix) != nullptr ? prefix : "-";
}

int run_list(const BackupOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  Database db = open_database(options.db, workflows::Access::read_only);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, executor_options(options.run));
  const auto records = executor.backups();
  if (records.empty()) {
    print_out("no backups in " + db.connection->redacted_url() + "\n");
    return exit_codes::ok;
  }
  const auto history = executor.history();
  std::vector<std::vector<std::string>> cells;
  for (const auto& record : records) {
    cells.push_back({record.id, version_of(record.id, history, directory), target_text(record.target), std::to_string(record.rows),
                     record.created_at, record.location});
  }
  print_out(render_table({"id", "version", "target", "rows", "created_at", "location"}, cells));
  return exit_codes::ok;
}

int run_restore(const BackupOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  Database db = open_database(options.db);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, executor_options(options.run));
  const auto record = executor.restore_backup(options.id);
  print_out(fmt::format("restored backup {} into {} ({} row{})\n", record.id, target_text(record.target), record.rows,
                        record.rows == 1 ? "" : "s"));
  return exit_codes::ok;
}

} // namespace

void register_backup(CLI::App& app, Globals& globals)
{
  auto* command = app.add_subcommand("backup", "List or restore the backups taken before destructive steps");
  command->require_subcommand(1);

  auto list_options = std::make_shared<BackupOptions>();
  auto* list = command->add_subcommand("list", "List backups: id, version, table[.column], rows, created_at, location");
  add_db_option(*list, list_options->db);
  add_dir_option(*list, list_options->dir);
  list->callback([list_options, &globals] { globals.exit_code = run_list(*list_options); });

  auto restore_options = std::make_shared<BackupOptions>();
  auto* restore = command->add_subcommand("restore", "Put the rows or values of one backup back");
  restore->add_option("id", restore_options->id, "backup id (see `strata backup list`)")->required();
  add_db_option(*restore, restore_options->db);
  add_dir_option(*restore, restore_options->dir);
  restore->add_option("--backup-dir", restore_options->run.backup_dir, "backup folder (default as for apply)");
  restore->callback([restore_options, &globals] { globals.exit_code = run_restore(*restore_options); });
}

} // namespace strata::cli
