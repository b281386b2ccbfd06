#pragma once
// plan: schema.yaml against the live database, rendered into the next up/down migration and
// written to the migration folder (unless a dry run). The database is only read.

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
  PlanSettings settings;
};

struct PlanResult {
  Database db;
  Planned planned;
  std::string version;
  // The plan rendered once: each step's statements (for the views) and, once written, its file
  // and line (for annotations).
  migrations::RenderedPlan rendered_plan;
  migrations::RenderedMigration rendered; // the files' texts
  std::optional<migrations::WrittenFiles> files; // written: not a dry run and not empty
};

// Throws SchemaError (bad schema file), Error(usage) (a bad --name/--version), IntegrityError (an
// edited folder or a dirty database), Error(input) (a pending file): each before any file is written.
PlanResult run_plan(const PlanRequest& request);

// Error(usage) unless `version` (--version) is a positive integer.
void check_version(const std::string& version);

// Lower-case letters, digits and '_' only; anything else becomes one '_'. Error(usage) when
// nothing is left.
std::string make_slug(const std::string& name);

} // namespace strata::workflows
