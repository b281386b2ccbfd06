#pragma once
// plan: schema.yaml against the current state, rendered into the next up/down migration and
// written to the migration folder (unless a dry run). The current state is the live database,
// or, with --from migrations (and for a dry run while files are pending on the database), the
// migration folder replayed on a scratch database. The database is only read. Before anything is
// written, the new and changed columns' types and defaults are tried on a scratch database
// (column_check.hpp).

#include "migrations/writer.hpp"
#include "workflows/database.hpp"
#include "workflows/planning.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace strata::workflows {

struct PlanRequest {
  Target target;
  std::filesystem::path schema_path;
  std::filesystem::path dir;
  std::string name;    // --name (empty: "strata")
  std::string version; // --version (empty: the next one of the folder)
  bool dry_run = false;
  // --from migrations: plan from the folder replayed on a scratch database; the --db database is
  // then not opened (its server only hosts the temporary scratch database).
  bool from_migrations = false;
  std::optional<dialects::DbUrl> dev_db; // --dev-db: the scratch database (else one next to --db)
  // --allow-empty: a schema file without tables may plan dropping every table (refuse_empty_schema).
  bool allow_empty = false;
  PlanSettings settings;
};

struct PlanResult {
  const dialects::Dialect* dialect = nullptr;
  Planned planned;
  std::string version;
  // The plan rendered once: each step's statements (for the views) and, once written, its file
  // and line (for annotations).
  migrations::RenderedPlan rendered_plan;
  migrations::RenderedMigration rendered; // the files' texts
  std::optional<migrations::WrittenFiles> files; // written: not a dry run and not empty
};

// Throws SchemaError (bad schema file, a name the --db engine would refuse or change, or a column
// type or default the engine refuses), Error(usage) (a bad --name/--version), IntegrityError (an
// edited folder or a dirty database), Error(input) (a pending file, unless a dry run or --from
// migrations; a schema file without tables against tables, unless allow_empty), Error (a folder
// that does not replay; --from migrations with --schema-name): each before any file is written.
PlanResult run_plan(const PlanRequest& request);

// Error(usage) unless `version` (--version) is a positive integer.
void check_version(const std::string& version);

// Lower-case letters, digits and '_' only; anything else becomes one '_'. Error(usage) when
// nothing is left.
std::string make_slug(const std::string& name);

} // namespace strata::workflows
