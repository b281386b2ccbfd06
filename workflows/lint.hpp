#pragma once
// The lint replay: every migration file replayed in order on a scratch database; for each file
// selected, the schema before and after it diffed by the planner (risks exactly as a generated
// plan's) plus the SQL-level checks (migrations/sql_checks.hpp), each finding attributed to the
// line of the statement that caused it, with live counts from the --db database when given.

#include "dialects/url.hpp"
#include "schemas/model.hpp"
#include "schemas/risk.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::workflows {

struct LintFinding {
  int line = 0;          // 1-based line in the file of the statement it is attributed to (0: none)
  std::string code;      // "D102", "S602", "S600"
  std::string kind;      // a risk kind, or "transaction" / "replay" (lint only)
  std::string level;     // "low", "medium", "high"
  std::string message;
  std::optional<long long> count; // measured on the --db database; empty when not measured
  std::string count_label;        // what count counts ("rows", "non-null values", ...)
  std::string statement;          // the SQL statement at `line` (without ';'); empty when unknown
  std::string operation;          // the diff's operation ("drop column users.email"); empty for SQL checks
};

struct LintFile {
  std::string file;    // path as given (--dir joined with the file name)
  std::string version;
  bool skipped = false; // not linted: an earlier file failed to replay
  std::vector<LintFinding> findings; // ordered by line
};

struct LintReport {
  std::vector<LintFile> files;               // the files selected for linting, in version order
  std::map<std::string, int> operations_by_kind; // operations the linted files perform ("DropColumn": 1)
  // The tables and views the linted files create, change or drop, as the last of them leaves them
  // (workflows/touched.hpp): the markdown format's diagram.
  schemas::Schema touched;

  int finding_count() const;
  // "high" -> n, ... (levels without findings absent)
  std::map<std::string, int> findings_by_level() const;
};

struct LintRequest {
  Target target;                         // --db: scratch server and live counts; only read
  std::optional<dialects::DbUrl> dev_db; // the scratch database
  std::filesystem::path dir;
  std::string base;   // --base REV: lint the files added or modified since merge-base(REV, HEAD)
  bool changed_only = false; // without --base: the files changed or untracked against HEAD
  std::vector<std::string> files; // explicit files (path, file name or version); empty: all
  std::set<std::string> disabled; // codes never reported (the project file's lint.disable)
  // S607: an UPDATE/DELETE that is no batched step, on a table with more rows than this on the
  // --db database (--batch-threshold).
  long long batch_threshold = 100000;
};

LintReport run_lint(const LintRequest& request);

// True when a finding is at or above `threshold` (--fail-on).
bool fails_at(const LintReport& report, schemas::RiskLevel threshold);

// The names of the files directly in `dir` that git reports added or modified since
// merge-base(base, HEAD) (`base` empty: since HEAD, i.e. uncommitted changes), plus untracked
// ones. Runs git without a shell. Throws Error(usage) outside a git work tree, Error(input) when
// git fails (unknown revision).
std::set<std::string> git_changed_files(const std::filesystem::path& dir, const std::string& base);

} // namespace strata::workflows
