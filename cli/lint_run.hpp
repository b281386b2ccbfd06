#pragma once
// The lint replay: every migration file replayed in order on a scratch database; for each file
// selected, the schema before and after it diffed by the planner (risks exactly as a generated
// plan's) plus the SQL-level checks (migrations/sql_checks.hpp), each finding attributed to the
// line of the statement that caused it, with live counts from the --db database when given.

#include "cli/output/lint_view.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace strata::cli {

struct LintOptions {
  std::string db;     // --db (else $STRATA_DB): scratch server and live counts; only read
  std::string dev_db; // --dev-db (else $STRATA_DEV_DB)
  std::string dir;    // --dir (else $STRATA_DIR, migrations/)
  std::string base;   // --base REV: lint the files added or modified since merge-base(REV, HEAD)
  bool changed_only = false; // without --base: the files changed or untracked against HEAD
  std::vector<std::string> files; // explicit files (path, file name or version); empty: all
};

LintView run_lint(const LintOptions& options);

// The names of the files directly in `dir` that git reports added or modified since
// merge-base(base, HEAD) (`base` empty: since HEAD, i.e. uncommitted changes), plus untracked
// ones. Runs git without a shell. Throws Error(usage) outside a git work tree, Error(input) when
// git fails (unknown revision).
std::set<std::string> git_changed_files(const std::filesystem::path& dir, const std::string& base);

} // namespace strata::cli
