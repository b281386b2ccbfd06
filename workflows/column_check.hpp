#pragma once
// plan's check of the column types and defaults it is about to write: a type or default the
// engine does not know (`type: integr`, PostgreSQL `default: now`) fails at plan time naming the
// YAML line, not at apply time. The check creates throw-away one-column tables: only the columns
// that are new or whose type or default changes. On a scratch database, or (PostgreSQL) on the
// target itself as temporary tables in a transaction that is rolled back, when the target already
// holds every type and function those columns may name: nothing stays on the target either way.

#include "migrations/scratch.hpp"
#include "workflows/planning.hpp"

#include <vector>

namespace strata::workflows {

// The desired columns (normalized, with their YAML locations) that are new or whose type or
// default differs from the live column. With `live_known` (the live schema is a real database,
// not a replay), a column whose type and default some live column already has is left out: the
// target's engine knows them (an extension type, a function it has).
std::vector<const schemas::Column*> columns_to_check(const Planned& planned, bool live_known);

// Creates each column of `columns` (with the enums and sequences of both sides, which their types
// and defaults may name) on `scratch`; throws SchemaError with one diagnostic per column the
// engine refuses, at the column's YAML line, with the engine's message. A refused column that
// `target` (the live database, only read; null when planning from the folder) knows is not an
// error (Rendering::target_knows_column: an extension's type the scratch database lacks).
void check_columns(migrations::ScratchDatabase& scratch, const Planned& planned,
                   const std::vector<const schemas::Column*>& columns, dialects::Connection* target);

// The same check on `target` itself (Rendering::try_columns_on_target: temporary tables in a
// transaction that is rolled back), without the cost of a scratch database. Throws SchemaError as
// check_columns does; false, having tried nothing or left nothing, when it cannot answer there:
// the engine has no such check, the desired schema adds or changes a type, sequence, function,
// schema or extension the columns may name (the target does not hold it yet), or the target takes
// no temporary table (a read-only session, a hot standby, no TEMP privilege).
bool check_columns_on_target(dialects::Connection& target, const dialects::Rendering& dialect, const Planned& planned,
                             const std::vector<const schemas::Column*>& columns);

} // namespace strata::workflows
