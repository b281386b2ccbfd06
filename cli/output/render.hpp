#pragma once
// The output formats of `plan` and `drift`. Each renders the same PlanView; each returns the
// complete stdout text (ending with a newline unless empty).

#include "cli/output/plan_view.hpp"

#include <string>

namespace strata::cli {

enum class Format { text, sql, markdown, json, github, dot };

// "text", "sql", "markdown", "json", "github", "dot" -> Format; false for anything else.
bool parse_format(const std::string& text, Format& format);

// Summary line, then numbered steps with their risks, hints and written files. `colour` adds
// ANSI colours (risk levels, headings); set it as colour_enabled (cli/output/colour.hpp) decides.
std::string render_text(const PlanView& view, bool colour);
// The up migration file text exactly as written (empty when there are no changes).
std::string render_sql(const PlanView& view);
// A review-ready report for pull requests: summary tables, then each step with its SQL and risks.
std::string render_markdown(const PlanView& view);
// The stable JSON document documented in json.cpp.
std::string render_json(const PlanView& view);

// GitHub Actions workflow commands, one per risk ("::warning file=…,line=…,title=…::…") at the
// step's line of the written up file (no file on a dry run), then one "::notice::" summary line.
std::string render_github(const PlanView& view);

std::string render(const PlanView& view, Format format, bool colour);

// One GitHub Actions annotation: `level` is error, warning or notice; `file` may be empty (no
// location) and `line` 0 (file only). Properties and message are escaped as GitHub documents
// (%, CR, LF; also ':' and ',' in properties), so any text is safe.
std::string github_annotation(const std::string& level, const std::string& file, int line, const std::string& title,
                              const std::string& message);
// Risk level -> annotation level: high -> error, medium -> warning, low -> notice.
std::string github_level(const std::string& risk_level);

} // namespace strata::cli
