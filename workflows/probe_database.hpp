#pragma once
// Canonical forms for read-only commands (drift). Dialect::canonicalize() asks the server how it
// would store a desired expression by creating throw-away objects (temporary tables, probe
// views); a read-only command must never do that on its target, whose session refuses writes
// anyway. So the probes run on a scratch database (migrations::ScratchDatabase: --dev-db,
// $STRATA_DEV_DB, or a temporary database on the --db server) that first receives copies of the
// live objects they need, created by the planner and renderer from the live schema. When nothing
// needs a probe (the common case) no scratch database is made. When none can be made (no
// --dev-db, and a --db account that may not create databases) the probes are skipped with a
// warning: differing expressions keep their desired text, so a difference of spelling alone then
// shows as drift.

#include "dialects/dialect.hpp"
#include "schemas/error.hpp"
#include "migrations/scratch.hpp"
#include "schemas/model.hpp"
#include "workflows/planning.hpp"

#include <functional>

namespace strata::workflows {

// The live objects the probes of `needs` use: the probed tables, what the probed views' queries
// name (tables and views, following the views' own queries), and every enum and sequence
// (column types and defaults use them). Foreign keys are left out: what they reference may be
// absent, and the probes never need them.
schemas::Schema probe_copies(const schemas::Schema& live, const schemas::Schema& desired,
                             const dialects::CanonicalProbes& needs);

// Creates `copies` on the empty scratch database, statement by statement as the planner orders
// them; a statement the scratch server refuses (an extension type, a function it lacks) is
// skipped with a warning: the probes of that object then keep the desired text.
void create_copies(migrations::ScratchDatabase& scratch, const schemas::Schema& copies);
// The same, reporting each refused statement to `refused` (its operation and the error) instead.
void create_copies(migrations::ScratchDatabase& scratch, const schemas::Schema& copies,
                   const std::function<void(const schemas::Operation&, const Error&)>& refused);

// Dialect::canonicalize for a read-only command on `target`: catalog questions on the target,
// probes (when any is needed) on a scratch database as described above. `desired` and
// `live_normal` are normalized; `live` is the schema as read. Returns canonicalize's answer:
// whether `desired` was changed (or may have been).
bool canonicalize_read_only(const Source& target, const ProbeScratch& where, schemas::Schema& desired,
                            const schemas::Schema& live, const schemas::Schema& live_normal);

} // namespace strata::workflows
