#pragma once
// The outputs of `strata lint`, all rendered from one LintReport (workflows/lint.hpp), so text,
// json, markdown and github cannot disagree.

#include "cli/output/render.hpp"
#include "workflows/lint.hpp"

#include <string>

namespace strata::cli {

using workflows::LintFile;
using workflows::LintFinding;
using workflows::LintReport;

// "lint: 3 files, 5 findings (2 high, 3 medium)", then per file its findings
// "file:line CODE level kind message (count label)". `colour`: ANSI colours per level.
std::string render_lint_text(const LintReport& view, bool colour);
// {"files":[{"file","version","skipped","findings":[{"line","code","kind","level","message","count",
// "count_label","statement","operation"}]}],"summary":{"files","findings","by_level":{...},
// "operations":{...}}}: stable (README "strata lint").
std::string render_lint_json(const LintReport& view);
// Summary tables (operations by kind, findings by level, live counts), then one section per file
// with each finding and its statement in a fenced sql block: ready for a pull-request comment.
std::string render_lint_markdown(const LintReport& view);
// One GitHub Actions annotation per finding at its file and line, then a notice with the summary.
std::string render_lint_github(const LintReport& view);

// Format::sql is not a lint format: rendered as text.
std::string render_lint(const LintReport& view, Format format, bool colour);

} // namespace strata::cli
