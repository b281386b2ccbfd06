#pragma once
// The output formats of `plan` and `drift`. Each renders the same PlanView; each returns the
// complete stdout text (ending with a newline unless empty).

#include "cli/output/plan_view.hpp"

#include <string>

namespace strata::cli {

enum class Format { text, sql, markdown, json };

// "text", "sql", "markdown", "json" -> Format; false for anything else.
bool parse_format(const std::string& text, Format& format);

// Summary line, then numbered steps with their risks, hints and written files. `colour` adds
// ANSI colours (risk levels, headings); only set it when stdout is a terminal and NO_COLOR is unset.
std::string render_text(const PlanView& view, bool colour);
// The up migration file text exactly as written (empty when there are no changes).
std::string render_sql(const PlanView& view);
// A review-ready report for pull requests: summary tables, then each step with its SQL and risks.
std::string render_markdown(const PlanView& view);
// The stable JSON document documented in json.cpp.
std::string render_json(const PlanView& view);

std::string render(const PlanView& view, Format format, bool colour);

} // namespace strata::cli
