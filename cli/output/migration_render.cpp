#include "cli/output/migration_render.hpp"

#include "cli/output/table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::cli {

namespace {

std::string file_list(const std::vector<std::string>& files)
{
  std::string out;
  for (const auto& file : files) {
    out += "  " + file + "\n";
  }
  return out;
}

void section(std::string& out, const std::string& title, const std::vector<std::string>& lines)
{
  if (lines.empty()) {
    return;
  }
  out += fmt::format("{} ({}):\n{}", title, lines.size(), file_list(lines));
}

std::vector<std::string> dirty_lines(const workflows::StatusResult& result)
{
  std::vector<std::string> lines;
  for (const auto& dirty : result.dirty) {
    lines.push_back(fmt::format("version {} ({}) is dirty: {}; see `strata repair`", dirty.row.version, dirty.file,
                                migrations::describe_dirty(dirty.row)));
  }
  return lines;
}

// The failed statement's first lines, indented.
std::string statement_text(const std::string& sql)
{
  std::string text;
  int lines = 0;
  for (const char c : sql) {
    if (c == '\n' && ++lines == 5) {
      text += "\n    ...";
      break;
    }
    text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  }
  return "    " + text + "\n";
}

std::string target_text(const dialects::BackupTarget& target)
{
  return target.column.empty() ? target.table.str() : target.table.str() + "." + target.column;
}

} // namespace

std::string render_run(const workflows::RunResult& result, const std::string& verb, const std::string& done)
{
  std::string out;
  if (result.files.empty()) {
    out = "nothing to " + verb + "\n";
  } else {
    out = fmt::format("{} {} migration(s):\n{}", result.dry_run ? "would " + verb : done, result.files.size(),
                      file_list(result.files));
  }
  for (const auto& backup : result.backups) {
    out += fmt::format("backup {} taken (restore with: strata backup restore {})\n", backup, backup);
  }
  return out;
}

namespace {

std::string rows_text(const workflows::TableCapture& table)
{
  if (!table.rows_before) {
    return fmt::format("created, {} rows", grouped(*table.rows_after));
  }
  if (!table.rows_after) {
    return fmt::format("dropped ({} rows)", grouped(*table.rows_before));
  }
  if (*table.rows_before == *table.rows_after) {
    return fmt::format("{} rows", grouped(*table.rows_after));
  }
  return fmt::format("{} -> {} rows", grouped(*table.rows_before), grouped(*table.rows_after));
}

std::string checksum_text(const workflows::TableCapture& table)
{
  if (!table.checksum_note.empty()) {
    return ", " + table.checksum_note;
  }
  if (table.checksum_before.empty()) {
    return {};
  }
  const auto short_sum = [](const std::string& sum) { return sum.substr(0, 8); };
  std::string out = table.changed_columns.empty()
                      ? fmt::format(", checksum {} unchanged", short_sum(table.checksum_after))
                      : fmt::format(", checksum {} -> {} (changed: {})", short_sum(table.checksum_before),
                                    short_sum(table.checksum_after), fmt::join(table.changed_columns, ", "));
  if (!table.added_columns.empty()) {
    out += fmt::format(" (new, not compared: {})", fmt::join(table.added_columns, ", "));
  }
  if (!table.dropped_columns.empty()) {
    out += fmt::format(" (dropped: {})", fmt::join(table.dropped_columns, ", "));
  }
  return out;
}

} // namespace

std::string render_capture(const workflows::FileCapture& capture)
{
  std::string out = fmt::format("capture of {} (read in {} ms):\n", capture.file, capture.capture_ms);
  if (capture.tables.empty() && capture.orphans.empty()) {
    out += "  no table touched, no row count changed\n";
  }
  for (const auto& table : capture.tables) {
    out += fmt::format("  {}{}: {}{}{}\n", table.table,
                       table.renamed_from.empty() ? std::string{} : " (was " + table.renamed_from + ")",
                       rows_text(table), checksum_text(table), table.rows_lost ? "; ROWS LOST" : "");
  }
  for (const auto& orphans : capture.orphans) {
    out += fmt::format("  orphans of {}.{} -> {}: {} -> {}\n", orphans.table, orphans.foreign_key, orphans.references,
                       orphans.before ? grouped(*orphans.before) : std::string("new"), grouped(orphans.after));
  }
  for (const auto& warning : capture.warnings) {
    out += "  warning: " + warning + "\n";
  }
  return out;
}

std::string render_repair(const workflows::RepairResult& result)
{
  if (result.repaired) {
    return fmt::format("repaired version {}: it is {} now\n", result.repaired->before.version,
                       result.repaired->outcome);
  }
  const auto& row = result.dirty;
  const bool down = row.direction == "down";
  std::string out = fmt::format("dirty: version {} ({}), left by {}\n  {}\n", row.version, result.file,
                                down ? "a rollback (its down file)" : "an apply (its up file)",
                                migrations::describe_dirty(row));
  if (row.failed_statement > 1 && row.failed_line > 0) {
    out += fmt::format("  statements 1-{} ran and stay applied (no transaction)\n", row.failed_statement - 1);
  }
  if (!result.failed_sql.empty()) {
    out += fmt::format("  statement {}:\n{}", row.failed_statement, statement_text(result.failed_sql));
  }
  std::string resume = fmt::format("fix the cause first; runs {} again from statement {} on", result.file,
                                   row.failed_statement > 0 ? std::to_string(row.failed_statement) : "?");
  if (migrations::stopped_before_first(row)) {
    resume = fmt::format("nothing of it ran: runs {} from statement 1", result.file);
  } else if (migrations::stopped_while_running(row)) {
    resume = fmt::format("the run was stopped while statement {} ran: checks on the catalog whether the server "
                         "finished it, then goes on after it or runs it again (--skip-current / --rerun-current: "
                         "you say which)",
                         row.failed_statement);
  } else if (!row.batch_key.empty()) {
    resume = fmt::format("fix the cause first; goes on with the batched step at statement {} of {} after key {} "
                         "(its batches up to that key are committed; `strata apply` does the same)",
                         row.failed_statement, result.file, row.batch_key);
  }
  out += fmt::format(
    "choose one:\n"
    "  strata repair --continue      {}\n"
    "  strata repair --resolved      you finished the file by hand: {}\n"
    "  strata repair --rolled-back   you undid what it did by hand: {}\n",
    resume, down ? "the version counts as rolled back" : "the version counts as applied",
    down ? "the version counts as applied again" : "the version is pending again");
  return out;
}

std::string render_status(const workflows::StatusResult& result)
{
  const auto& report = result.report;
  std::string out = fmt::format("database: {}\nmigrations: {} ({})\n", result.database, result.dir.string(),
                                count_of(result.migrations, "migration"));
  if (report.current_version) {
    out += fmt::format("current version: {}{}\n", *report.current_version,
                       result.current_file.empty() ? std::string{} : " (" + result.current_file + ")");
  } else {
    out += "current version: none (nothing applied)\n";
  }
  if (result.pending_files.empty()) {
    out += "pending: none\n";
  } else {
    section(out, "pending", result.pending_files);
  }
  section(out, "dirty", dirty_lines(result));
  section(out, "checksum mismatches", report.checksum_mismatches);
  section(out, "missing files", report.missing_files);
  section(out, "strata.sum problems", report.sum_problems);
  section(out, "accepted edits", report.accepted_edits);
  section(out, "leftover backups", report.leftover_backups);
  return out;
}

std::vector<std::string> status_problems(const workflows::StatusResult& result)
{
  std::vector<std::string> problems = dirty_lines(result);
  const auto& report = result.report;
  for (const auto* list : {&report.checksum_mismatches, &report.missing_files, &report.sum_problems}) {
    problems.insert(problems.end(), list->begin(), list->end());
  }
  return problems;
}

namespace {

std::string render_runs(const std::vector<migrations::RunRow>& runs)
{
  if (runs.empty()) {
    return "no runs recorded\n";
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& run : runs) {
    cells.push_back({std::to_string(run.id), run.version, run.direction, run.command, run.started_at,
                     run.finished_at.empty() ? "-" : run.finished_at, std::to_string(run.duration_ms),
                     std::to_string(run.rows_affected), run.outcome, run.applied_by});
  }
  std::string out = "runs:\n" + render_table({"run", "version", "direction", "command", "started_at", "finished_at",
                                               "duration_ms", "rows", "outcome", "by"},
                                              cells);
  for (const auto& run : runs) {
    if (!run.message.empty()) {
      out += fmt::format("run {}: {}\n", run.id, run.message);
    }
  }
  return out;
}

} // namespace

std::string render_history(const workflows::HistoryResult& result, bool runs)
{
  if (result.rows.empty()) {
    return "no migrations applied to " + result.database + "\n" + (runs ? render_runs(result.runs) : "");
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : result.rows) {
    cells.push_back({row.version, row.name, row.applied_at, std::to_string(row.duration_ms), row.applied_by,
                     row.status, row.backup_ref.empty() ? "-" : row.backup_ref});
  }
  std::string out =
    render_table({"version", "name", "applied_at", "duration_ms", "applied_by", "status", "backups"}, cells);
  for (const auto& row : result.rows) {
    if (row.status == "dirty") { // the failed statement and what to do about it
      out += row.version + ": " + migrations::describe_dirty(row) + " (see `strata repair`)\n";
    } else if (!row.message.empty()) {
      out += row.version + ": " + row.message + "\n";
    }
    if (row.status != "dirty" && row.rows_affected > 0) {
      out += fmt::format("{}: its batched steps changed {} rows\n", row.version, row.rows_affected);
    }
    if (!row.accepted_by.empty()) {
      out += fmt::format("{}: edited after it was applied; the edit was accepted by {} at {}\n", row.version,
                         row.accepted_by, row.accepted_at);
    }
  }
  return runs ? out + render_runs(result.runs) : out;
}

std::string render_backups(const workflows::BackupList& list)
{
  if (list.backups.empty()) {
    return "no backups in " + list.database + "\n";
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& [record, version] : list.backups) {
    cells.push_back({record.id, version, target_text(record.target), std::to_string(record.rows), record.created_at,
                     record.location});
  }
  return render_table({"id", "version", "target", "rows", "created_at", "location"}, cells);
}

std::string render_restored(const dialects::BackupRecord& record)
{
  return fmt::format("restored backup {} into {} ({})\n", record.id, target_text(record.target),
                     count_of(static_cast<size_t>(record.rows), "row"));
}

std::string render_baselined(const workflows::BaselineResult& result)
{
  return fmt::format("wrote {} ({}, {})\nwrote {}\nwrote {}\nrecorded version {} as applied on {} (baseline, not "
                     "run)\n",
                     result.schema_file.string(), count_of(result.tables, "table"), count_of(result.views, "view"),
                     result.files.up.string(), result.files.down.string(), result.version, result.database);
}

std::string render_adopted(const workflows::AdoptResult& result)
{
  std::string out = fmt::format("{} {} migration(s) as applied (baselined, not run):\n{}",
                                result.run.dry_run ? "would record" : "recorded", result.baselined.size(),
                                file_list(result.baselined));
  return out + render_run(result.run, "apply", "applied");
}

std::string render_accepted(const migrations::HistoryRow& before, const std::string& checksum)
{
  return fmt::format("accepted the edit of {} (version {}): checksum {} recorded (was {})\n", before.name,
                     before.version, checksum, before.checksum);
}

std::string render_created(const workflows::NewMigration& created)
{
  return fmt::format("created {}\ncreated {}\n", created.up.string(), created.down.string());
}

std::string render_hashed(const workflows::HashResult& result)
{
  return fmt::format("wrote {} ({})\n", result.sum_file.string(), count_of(result.migrations, "migration"));
}

std::string render_validated(const workflows::ValidateResult& result)
{
  std::string out;
  if (result.schema_ok()) {
    out += fmt::format("{}: ok ({}, {}{})\n", result.schema_path->string(), count_of(result.tables, "table"),
                       count_of(result.views, "view"),
                       result.engine.empty() ? std::string() : ", names fit " + result.engine);
  }
  if (result.folder_problems.empty()) {
    out += fmt::format("{}: ok ({}{})\n", result.dir.string(), count_of(result.migrations, "migration"),
                       result.migrations == 0 ? "" : ", strata.sum matches");
  }
  return out;
}

} // namespace strata::cli
