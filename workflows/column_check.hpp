#pragma once
// plan's check of the column types and defaults it is about to write: a type or default the
// engine does not know (`type: integr`, PostgreSQL `default: now`) fails at plan time naming the
// YAML line, not at apply time. The check creates throw-away one-column tables on a scratch
// database (never the target): only the columns that are new or whose type or default changes.

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

} // namespace strata::workflows
