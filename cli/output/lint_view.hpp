#pragma once
// What every output format of `strata lint` renders: plain strings and numbers only, built once
// by cli/lint_run.cpp from the replay (diff risks and SQL-level checks per file), so text, json,
// markdown and github cannot disagree.

#include "cli/output/render.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::cli {

struct LintFindingView {
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

struct LintFileView {
  std::string file;    // path as given (--dir joined with the file name)
  std::string version;
  bool skipped = false; // not linted: an earlier file failed to replay
  std::vector<LintFindingView> findings; // ordered by line
};

struct LintView {
  std::vector<LintFileView> files;               // the files selected for linting, in version order
  std::map<std::string, int> operations_by_kind; // operations the linted files perform ("DropColumn": 1)

  int finding_count() const;
  // "high" -> n, ... (levels without findings absent)
  std::map<std::string, int> findings_by_level() const;
};

// "lint: 3 files, 5 findings (2 high, 3 medium)", then per file its findings
// "file:line CODE level kind message (count label)". `colour`: ANSI colours per level.
std::string render_lint_text(const LintView& view, bool colour);
// {"files":[{"file","version","skipped","findings":[{"line","code","kind","level","message","count",
// "count_label","statement","operation"}]}],"summary":{"files","findings","by_level":{...},
// "operations":{...}}}: stable (README "strata lint").
std::string render_lint_json(const LintView& view);
// Summary tables (operations by kind, findings by level, live counts), then one section per file
// with each finding and its statement in a fenced sql block: ready for a pull-request comment.
std::string render_lint_markdown(const LintView& view);
// One GitHub Actions annotation per finding at its file and line, then a notice with the summary.
std::string render_lint_github(const LintView& view);

// Format::sql is not a lint format: rendered as text.
std::string render_lint(const LintView& view, Format format, bool colour);

} // namespace strata::cli
