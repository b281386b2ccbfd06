#include "cli/output/migration_json.hpp"

#include <nlohmann/json.hpp>

namespace strata::cli {

namespace {

using Json = nlohmann::ordered_json;

Json document(const char* command)
{
  Json doc;
  doc["format_version"] = 1;
  doc["command"] = command;
  return doc;
}

Json text_or_null(const std::string& text)
{
  return text.empty() ? Json(nullptr) : Json(text);
}

Json number_or_null(int number)
{
  return number > 0 ? Json(number) : Json(nullptr);
}

// "a,b" -> ["a", "b"]; "" -> [].
Json id_list(const std::string& ids)
{
  Json out = Json::array();
  for (size_t at = 0; at < ids.size();) {
    const auto comma = ids.find(',', at);
    const auto end = comma == std::string::npos ? ids.size() : comma;
    if (end > at) {
      out.push_back(ids.substr(at, end - at));
    }
    at = end + 1;
  }
  return out;
}

std::string text(const Json& doc)
{
  return doc.dump(2) + "\n";
}

std::string qualified(const std::string& schema, const std::string& name)
{
  return schema.empty() ? name : schema + "." + name;
}

} // namespace

std::string render_status_json(const workflows::StatusResult& result)
{
  const auto& report = result.report;
  Json doc = document("status");
  doc["database"] = result.database;
  doc["dir"] = result.dir.generic_string();
  doc["migrations"] = result.migrations;
  doc["current_version"] = report.current_version ? Json(*report.current_version) : Json(nullptr);
  doc["current_file"] = text_or_null(result.current_file);
  Json pending = Json::array();
  for (size_t i = 0; i < report.pending.size(); ++i) {
    pending.push_back({{"version", report.pending[i]},
                       {"file", i < result.pending_files.size() ? Json(result.pending_files[i]) : Json(nullptr)}});
  }
  doc["pending"] = std::move(pending);
  Json dirty = Json::array();
  for (const auto& [row, file] : result.dirty) {
    dirty.push_back({{"version", row.version},
                     {"file", file},
                     {"direction", row.direction},
                     {"failed_statement", number_or_null(row.failed_statement)},
                     {"failed_line", number_or_null(row.failed_line)},
                     {"message", text_or_null(row.message)},
                     {"batch_key", text_or_null(row.batch_key)},
                     {"rows_affected", row.rows_affected}});
  }
  doc["dirty"] = std::move(dirty);
  doc["checksum_mismatches"] = report.checksum_mismatches;
  doc["missing_files"] = report.missing_files;
  doc["sum_problems"] = report.sum_problems;
  doc["out_of_order"] = report.out_of_order;
  doc["ok"] = result.ok();
  doc["accepted_edits"] = report.accepted_edits;
  doc["leftover_backups"] = report.leftover_backups;
  return text(doc);
}

std::string render_history_json(const workflows::HistoryResult& result)
{
  Json doc = document("history");
  doc["database"] = result.database;
  Json rows = Json::array();
  for (const auto& row : result.rows) {
    rows.push_back({{"version", row.version},
                    {"name", row.name},
                    {"checksum", row.checksum},
                    {"applied_at", row.applied_at},
                    {"duration_ms", row.duration_ms},
                    {"applied_by", row.applied_by},
                    {"status", row.status},
                    {"backups", id_list(row.backup_ref)},
                    {"message", text_or_null(row.message)},
                    {"direction", row.direction},
                    {"failed_statement", number_or_null(row.failed_statement)},
                    {"failed_line", number_or_null(row.failed_line)},
                    {"accepted_by", text_or_null(row.accepted_by)},
                    {"accepted_at", text_or_null(row.accepted_at)},
                    {"rows_affected", row.rows_affected},
                    {"batch_key", text_or_null(row.batch_key)}});
  }
  doc["migrations"] = std::move(rows);
  Json runs = Json::array();
  for (const auto& run : result.runs) {
    runs.push_back({{"id", run.id},
                    {"version", run.version},
                    {"name", run.name},
                    {"direction", run.direction},
                    {"command", run.command},
                    {"started_at", run.started_at},
                    {"finished_at", text_or_null(run.finished_at)},
                    {"duration_ms", run.duration_ms},
                    {"rows_affected", run.rows_affected},
                    {"outcome", run.outcome},
                    {"message", text_or_null(run.message)},
                    {"applied_by", run.applied_by}});
  }
  doc["runs"] = std::move(runs);
  return text(doc);
}

std::string render_batch_event_json(const char* command, const migrations::BatchProgress& progress)
{
  Json doc = document(command);
  doc["event"] = "batch";
  doc["file"] = progress.file;
  doc["statement"] = progress.statement;
  doc["line"] = progress.line;
  doc["batches"] = progress.batches;
  doc["rows"] = progress.rows;
  doc["last_key"] = text_or_null(progress.last_key);
  doc["max_key"] = text_or_null(progress.max_key);
  doc["done"] = progress.done >= 0 ? Json(progress.done) : Json(nullptr);
  doc["elapsed_ms"] = progress.elapsed_ms;
  doc["finished"] = progress.finished;
  return doc.dump() + "\n";
}

std::string render_capture_event_json(const char* command, const workflows::FileCapture& capture)
{
  const auto count_or_null = [](const std::optional<long long>& count) {
    return count ? Json(*count) : Json(nullptr);
  };
  Json doc = document(command);
  doc["event"] = "capture";
  doc["file"] = capture.file;
  doc["tables"] = Json::array();
  for (const auto& table : capture.tables) {
    doc["tables"].push_back({{"table", table.table},
                             {"renamed_from", text_or_null(table.renamed_from)},
                             {"rows_before", count_or_null(table.rows_before)},
                             {"rows_after", count_or_null(table.rows_after)},
                             {"touched", table.touched},
                             {"checksum_before", text_or_null(table.checksum_before)},
                             {"checksum_after", text_or_null(table.checksum_after)},
                             {"changed_columns", table.changed_columns},
                             {"added_columns", table.added_columns},
                             {"dropped_columns", table.dropped_columns},
                             {"checksum_note", text_or_null(table.checksum_note)},
                             {"rows_lost", table.rows_lost}});
  }
  doc["orphans"] = Json::array();
  for (const auto& orphans : capture.orphans) {
    doc["orphans"].push_back({{"table", orphans.table},
                              {"foreign_key", orphans.foreign_key},
                              {"references", orphans.references},
                              {"before", count_or_null(orphans.before)},
                              {"after", orphans.after}});
  }
  doc["warnings"] = capture.warnings;
  doc["capture_ms"] = capture.capture_ms;
  return doc.dump() + "\n";
}

std::string render_run_json(const char* command, const workflows::RunResult& result)
{
  Json doc = document(command);
  doc["event"] = "result";
  doc["dry_run"] = result.dry_run;
  doc["files"] = result.files;
  doc["backups"] = result.backups;
  // The wait for the standbys after the files ran (null: none, e.g. --replica-wait 0 or SQLite).
  doc["replicas"] = nullptr;
  if (result.replicas) {
    const auto& wait = *result.replicas;
    doc["replicas"] = {{"standbys", wait.standbys},
                       {"position", text_or_null(wait.position)},
                       {"waited_ms", wait.waited_ms},
                       {"lagging", wait.lagging}};
  }
  return doc.dump() + "\n";
}

std::string render_backups_json(const workflows::BackupList& list)
{
  Json doc = document("backup list");
  doc["database"] = list.database;
  Json backups = Json::array();
  for (const auto& [record, version] : list.backups) {
    backups.push_back({{"id", record.id},
                       {"version", version == "-" ? Json(nullptr) : Json(version)},
                       {"table", record.target.table.str()},
                       {"column", text_or_null(record.target.column)},
                       {"rows", record.rows},
                       {"created_at", record.created_at},
                       {"location", record.location}});
  }
  doc["backups"] = std::move(backups);
  return text(doc);
}

std::string render_inspect_json(const workflows::InspectResult& result, const std::filesystem::path& output)
{
  const auto& live = result.live;
  Json doc = document("inspect");
  doc["engine"] = result.engine;
  doc["database"] = result.database;
  doc["output"] = output.empty() ? Json(nullptr) : Json(output.generic_string());
  size_t columns = 0, indexes = 0, foreign_keys = 0, checks = 0;
  Json tables = Json::array();
  for (const auto& table : live.tables) {
    columns += table.columns.size();
    indexes += table.indexes.size();
    foreign_keys += table.foreign_keys.size();
    checks += table.checks.size();
    tables.push_back(qualified(table.schema, table.name));
  }
  Json views = Json::array();
  for (const auto& view : live.views) {
    views.push_back(qualified(view.schema, view.name));
  }
  doc["counts"] = {{"tables", live.tables.size()},   {"columns", columns},          {"indexes", indexes},
                   {"foreign_keys", foreign_keys},   {"checks", checks},            {"views", live.views.size()},
                   {"enums", live.enums.size()},     {"sequences", live.sequences.size()}};
  doc["tables"] = std::move(tables);
  doc["views"] = std::move(views);
  doc["yaml"] = output.empty() ? Json(result.text) : Json(nullptr);
  return text(doc);
}

} // namespace strata::cli
