#pragma once
// Renders a plan through the dialect into up/down files with the `-- strata:` header.

#include "dialects/dialect.hpp"
#include "planner/plan.hpp"

#include <filesystem>
#include <string>

namespace strata::migrations {

struct RenderedMigration {
  std::string version;
  std::string slug;
  std::string up_sql;   // full file text, header included
  std::string down_sql;
};

// Pure: the exact bytes the files would have. Same plan + version + slug -> identical bytes.
RenderedMigration render_migration(const planner::Plan& plan, const dialects::Dialect& dialect,
                                   const std::string& version, const std::string& slug,
                                   const schemas::Schema* live = nullptr,
                                   const schemas::Schema* desired = nullptr);

struct WrittenFiles {
  std::filesystem::path up;
  std::filesystem::path down;
};

// Writes <dir>/<version>_<slug>.up.sql and .down.sql atomically and rewrites strata.sum.
// Verifies the existing strata.sum first (throws IntegrityError when the folder was edited).
WrittenFiles write_migration(const RenderedMigration& migration, const std::filesystem::path& dir);

} // namespace strata::migrations
