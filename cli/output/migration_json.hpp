#pragma once
// `--format json` of the commands that read a database's migrations (status, history, backup
// list) and of inspect's summary. Each prints one JSON object whose first key is
// "format_version": 1 and second "command"; keys keep the order below, and new keys are only
// ever added at the end of an object (README "--format json").

#include "workflows/history.hpp"
#include "workflows/inspect.hpp"
#include "workflows/migrate.hpp"

#include <filesystem>
#include <string>

namespace strata::cli {

// {"format_version", "command": "status", "database", "dir", "migrations", "current_version",
//  "current_file", "pending": [{"version", "file"}], "dirty": [{"version", "file", "direction",
//  "failed_statement", "failed_line", "message", "batch_key", "rows_affected"}], "checksum_mismatches", "missing_files",
//  "sum_problems", "out_of_order", "ok", "accepted_edits", "leftover_backups"}
std::string render_status_json(const workflows::StatusResult& result);

// {"format_version", "command": "history", "database", "migrations": [{"version", "name",
//  "checksum", "applied_at", "duration_ms", "applied_by", "status", "backups": [ids], "message",
//  "direction", "failed_statement", "failed_line", "accepted_by", "accepted_at", "rows_affected",
//  "batch_key"}]}
std::string render_history_json(const workflows::HistoryResult& result);

// `apply --format json` / `rollback --format json` print one JSON object per line: the progress
// of batched steps, then the run's result.
// {"format_version", "command", "event": "batch", "file", "statement", "line", "batches", "rows",
//  "last_key", "max_key", "done", "elapsed_ms", "finished"}
std::string render_batch_event_json(const char* command, const migrations::BatchProgress& progress);
// `apply --capture`, after each file: {"format_version", "command", "event": "capture", "file",
//  "tables": [{"table", "renamed_from", "rows_before", "rows_after", "touched", "checksum_before",
//  "checksum_after", "changed_columns", "added_columns", "dropped_columns", "checksum_note",
//  "rows_lost"}], "orphans": [{"table", "foreign_key", "references", "before", "after"}],
//  "warnings": [text], "capture_ms"}
std::string render_capture_event_json(const char* command, const workflows::FileCapture& capture);
// {"format_version", "command", "event": "result", "dry_run", "files": [names], "backups": [ids]}
std::string render_run_json(const char* command, const workflows::RunResult& result);

// {"format_version", "command": "backup list", "database", "backups": [{"id", "version", "table",
//  "column", "rows", "created_at", "location"}]}
std::string render_backups_json(const workflows::BackupList& list);

// {"format_version", "command": "inspect", "engine", "database", "output", "counts": {"tables",
//  "columns", "indexes", "foreign_keys", "checks", "views", "enums", "sequences"}, "tables":
//  [names], "views": [names], "yaml"}: `output` is the file the YAML went to (null: none, and
// "yaml" holds it; null when it went to the file).
std::string render_inspect_json(const workflows::InspectResult& result, const std::filesystem::path& output);

} // namespace strata::cli
