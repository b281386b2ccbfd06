// strata status: current version, pending files, and every integrity problem (dirty versions,
// edited applied files, missing files, strata.sum mismatches). Exit 1 when there is a problem.
#include "cli/commands.hpp"
#include "cli/executor_setup.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace strata::cli {

namespace {

struct StatusOptions {
  std::string db;
  std::string dir;
};

void section(std::string& out, const std::string& title, const std::vector<std::string>& lines)
{
  if (lines.empty()) {
    return;
  }
  out += fmt::format("{} ({}):\n", title, lines.size());
  for (const auto& line : lines) {
    out += "  " + line + "\n";
  }
}

int run_status(const StatusOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  const auto directory = migrations::Directory::open(dir);
  Database db = open_database(options.db, workflows::Access::read_only);
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, {});
  const auto report = executor.status();

  std::string out = fmt::format("database: {}\nmigrations: {} ({} migration{})\n", db.connection->redacted_url(),
                                directory.path().string(), directory.migrations().size(),
                                directory.migrations().size() == 1 ? "" : "s");
  if (report.current_version) {
    const auto* current = directory.find(*report.current_version);
    out += fmt::format("current version: {}{}\n", *report.current_version,
                       current == nullptr ? std::string{} : " (" + current->file_name() + ")");
  } else {
    out += "current version: none (nothing applied)\n";
  }
  if (report.pending.empty()) {
    out += "pending: none\n";
  } else {
    out += fmt::format("pending ({}):\n{}", report.pending.size(), migration_list(directory, report.pending));
  }
  std::vector<std::string> dirty;
  for (const auto& row : report.dirty_rows) {
    const auto* migration = directory.find(row.version);
    const auto file = migration == nullptr ? row.name
                      : row.direction == "down" ? migration->down_path.filename().string()
                                                : migration->file_name();
    dirty.push_back(fmt::format("version {} ({}) is dirty: {}; see `strata repair`", row.version, file,
                                migrations::describe_dirty(row)));
  }
  section(out, "dirty", dirty);
  section(out, "checksum mismatches", report.checksum_mismatches);
  section(out, "missing files", report.missing_files);
  section(out, "strata.sum problems", report.sum_problems);
  print_out(out);

  if (report.ok()) {
    return exit_codes::ok;
  }
  std::vector<std::string> problems = dirty;
  for (const auto* list : {&report.checksum_mismatches, &report.missing_files, &report.sum_problems}) {
    problems.insert(problems.end(), list->begin(), list->end());
  }
  for (const auto& problem : problems) {
    spdlog::error("{}", problem);
  }
  return exit_codes::error;
}

} // namespace

void register_status(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<StatusOptions>();
  auto* command = app.add_subcommand("status", "Show the current version, pending files and integrity problems");
  add_db_option(*command, options->db);
  add_dir_option(*command, options->dir);
  command->callback([options, &globals] { globals.exit_code = run_status(*options); });
}

} // namespace strata::cli
