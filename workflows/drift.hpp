#pragma once
// drift: the live database compared with what it should be. Two baselines:
//   schema      the desired YAML, as `plan --dry-run` would see it;
//   migrations  the schema its applied history leads to: exactly the applied versions' up files,
//               replayed on a scratch database (never the target), so a change made by hand is
//               caught even when the YAML has moved on. Pending files are not replayed.
// The target is only read, through a read-only session (Access::read_only).

#include "migrations/rendered_plan.hpp"
#include "workflows/database.hpp"
#include "workflows/planning.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace strata::workflows {

struct DriftRequest {
  Target target;
  bool against_migrations = false;
  std::filesystem::path schema_path;           // against schema
  std::filesystem::path dir;                   // against migrations
  // The scratch database: the replay (against migrations) and the canonical-form probes (both
  // ways, only when an expression needs one) run there; else on a temporary database.
  std::optional<dialects::DbUrl> dev_db;
  // --allow-empty: a schema file without tables may be compared with a database that has some
  // (refuse_empty_schema); only against schema.
  bool allow_empty = false;
};

struct DriftResult {
  Database db;               // the target, still open (its dialect renders the differences)
  Planned planned;           // the operations that would bring the target to the baseline
  migrations::RenderedPlan rendered_plan; // each operation's statements (default rendering settings)
  std::string baseline;      // "schema.yaml", "migrations applied up to 2026...", ...
  std::string applied_version; // against migrations: the newest applied version ("" when none)
  bool in_sync() const { return planned.plan.empty(); }
};

// Throws SchemaError for a bad schema file or a name the engine would refuse or change (before
// connecting), Error(input) for a schema file without tables against a database with some
// (unless allow_empty), IntegrityError when the applied history cannot be replayed (each problem
// named), Error otherwise.
DriftResult run_drift(const DriftRequest& request);

} // namespace strata::workflows
