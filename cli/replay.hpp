#pragma once
// What verify, lint and drift --against migrations share: the scratch database (--dev-db,
// $STRATA_DEV_DB, or a temporary database strata creates next to --db), the executor options for
// replaying migration files on it, and schema snapshots compared through the planner.

#include "cli/context.hpp"
#include "cli/planning.hpp"
#include "migrations/executor.hpp"
#include "migrations/scratch.hpp"
#include "planner/plan.hpp"
#include "schemas/model.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

namespace strata::cli {

// --dev-db URL (default $STRATA_DEV_DB).
void add_dev_db_option(CLI::App& command, std::string& value);

// The target database's URL when --db (or STRATA_DB) is given, nullopt otherwise.
std::optional<dialects::DbUrl> optional_db_url(const std::string& flag);

// The scratch database: the --dev-db (else $STRATA_DEV_DB) one, which must be empty, or a fresh
// database on the server of `target` (SQLite: in memory; the target itself is never touched).
// The engine is the dev URL's, else the target's; Error(usage) when there is neither, or when
// the two name different engines.
std::unique_ptr<migrations::ScratchDatabase> open_scratch(const std::string& dev_flag,
                                                          const std::optional<dialects::DbUrl>& target);

// A Source over the scratch database (every namespace is its own: no --schema-name).
Source scratch_source(migrations::ScratchDatabase& scratch);

// Executor options for replays: destructive steps approved, no backups, no strata.sum check
// (callers that care check it themselves), a short lock wait, progress at debug level.
migrations::ExecutorOptions replay_options();

// The scratch database's schema: every namespace read (PostgreSQL: objects outside public carry
// their schema), strata's own objects left out, normalized by the dialect.
schemas::Schema snapshot(migrations::ScratchDatabase& scratch);

// The operations that would turn `actual` into `expected` (both normalized, e.g. snapshots):
// empty when the two schemas are equal.
planner::Plan compare_schemas(const schemas::Schema& actual, const schemas::Schema& expected,
                              const dialects::Dialect& dialect);

} // namespace strata::cli
