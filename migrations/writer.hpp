#pragma once
// Assembles a rendered plan (rendered_plan.hpp) into up/down files with the `-- strata:` header.

#include "dialects/dialect.hpp"
#include "migrations/rendered_plan.hpp"
#include "planner/plan.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace strata::migrations {

struct RenderedMigration {
  std::string version;
  std::string slug;
  std::string up_sql;   // full file text, header included
  std::string down_sql;
  // When some steps render statements that cannot run in a transaction (PostgreSQL CREATE INDEX
  // CONCURRENTLY, VALIDATE CONSTRAINT) and others can, those steps become the next version
  // (<version+1>_<slug>_no_transaction, marked `-- strata: no-transaction`), applied after this
  // one. Empty otherwise (always on SQLite): then this one file holds every step.
  std::vector<RenderedMigration> followers;
};

// Pure: the exact bytes the files would have, assembled from the plan's one rendering (the
// header from `plan`, the statements from `rendered`, whose steps' `line` it fills). Same plan +
// version + slug -> identical bytes.
RenderedMigration render_migration(const planner::Plan& plan, RenderedPlan& rendered, const std::string& version,
                                   const std::string& slug);
// render_plan, then the above (for callers that need only the texts).
RenderedMigration render_migration(const planner::Plan& plan, const dialects::Rendering& dialect,
                                   const std::string& version, const std::string& slug,
                                   const schemas::Schema* live = nullptr, const schemas::Schema* desired = nullptr,
                                   const planner::PlanSettings& settings = {});

// The baseline migration of `strata baseline`: `plan` (empty -> the live schema) as one up file
// marked `-- strata: baseline` and irreversible, and a down file with no statement (rollback
// refuses to go below a baseline). Error(internal) when the plan would split into two files.
RenderedMigration render_baseline(const planner::Plan& plan, RenderedPlan& rendered, const std::string& version);

// "20261121193000" -> "20261121193001", "009" -> "010", "99" -> "100".
std::string next_version_after(const std::string& version);

struct WrittenFiles {
  std::filesystem::path up;
  std::filesystem::path down;
  std::vector<std::filesystem::path> followers; // up and down of each follower, in order
};

// Writes <dir>/<version>_<slug>.up.sql and .down.sql (and those of the followers) atomically and
// rewrites strata.sum.
// Verifies the existing strata.sum first (throws IntegrityError when the folder was edited).
WrittenFiles write_migration(const RenderedMigration& migration, const std::filesystem::path& dir);

} // namespace strata::migrations
