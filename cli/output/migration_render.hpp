#pragma once
// The text of the commands that run or read migrations on a database (apply, rollback, repair,
// status, history, backup) and of the offline folder commands (new, hash, validate). Each
// returns the complete stdout text; the lines a command logs as errors come separately.

#include "cli/output/text_parts.hpp"
#include "workflows/baseline.hpp"
#include "workflows/folder.hpp"
#include "workflows/history.hpp"
#include "workflows/migrate.hpp"

#include <string>
#include <vector>

namespace strata::cli {

// "applied 2 migration(s):\n  <file>\n..." (dry run: "would apply ..."; none: "nothing to apply"),
// then one line per backup taken. `verb` is "apply" or "roll back", `done` "applied" or "rolled back".
std::string render_run(const workflows::RunResult& result, const std::string& verb, const std::string& done);

// `apply --capture`, one file: "capture of <file> (N ms):", then a line per table reported
// ("  items: 10 -> 8 rows, checksum a1b2c3d4 -> 9f8e7d6c (changed: name); ROWS LOST") and per
// foreign key whose orphans changed ("  orphans of orders.orders_customer_fk -> customers: 0 -> 2").
std::string render_capture(const workflows::FileCapture& capture);

// Without an action: the dirty version, the statement that failed and the choices; after one:
// "repaired version V: it is applied now".
std::string render_repair(const workflows::RepairResult& result);

// Database, folder, current version, pending files, then a section per kind of problem.
std::string render_status(const workflows::StatusResult& result);
// Every problem of the status, one line each (logged as errors; empty when ok()).
std::vector<std::string> status_problems(const workflows::StatusResult& result);

// The history table and a line per dirty row (what failed) or note; "no migrations applied to URL" when empty.
// The applied migrations; with `runs`, then every run of a file (strata_schema_runs).
std::string render_history(const workflows::HistoryResult& result, bool runs = false);

// The backup table (id, version, target, rows, created_at, location); "no backups in URL" when empty.
std::string render_backups(const workflows::BackupList& list);
std::string render_restored(const dialects::BackupRecord& record);

// `strata baseline`: the files written and the version recorded (not run) on the database.
std::string render_baselined(const workflows::BaselineResult& result);
// `apply --baseline`: the files recorded as baselined, then render_run of the files applied after.
std::string render_adopted(const workflows::AdoptResult& result);
// `repair --accept`: the version whose edited file was accepted and the checksums.
std::string render_accepted(const migrations::HistoryRow& before, const std::string& checksum);

std::string render_created(const workflows::NewMigration& created);
std::string render_hashed(const workflows::HashResult& result);
// The "<path>: ok (...)" lines of what validated without a problem.
std::string render_validated(const workflows::ValidateResult& result);

} // namespace strata::cli
