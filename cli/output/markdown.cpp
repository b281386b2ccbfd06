// Markdown format of `plan` and `drift`, for pull-request review: a heading with the summary,
// tables of operations by kind, risks by level and measured live counts, the hints, then one
// section per step with its SQL in a fenced block and its risks. Drift adds a table of the
// differences (object, expected and actual definition) before the SQL that would fix them.
#include "cli/output/render.hpp"

#include "cli/output/diagram.hpp"
#include "cli/output/text_parts.hpp"

#include <fmt/format.h>

namespace strata::cli {

namespace {

// A code span that survives backticks inside the text.
std::string code(const std::string& text)
{
  const std::string fence = text.find('`') == std::string::npos ? "`" : "``";
  return fence + (fence.size() > 1 ? " " + text + " " : text) + fence;
}

void summary_tables(const PlanView& view, std::string& out)
{
  markdown_count_table(out, "operation", "count", view.operations_by_kind);
  if (!view.risks_by_level.empty()) {
    markdown_count_table(out, "risk level", "count", view.risks_by_level, true);
  }
  std::string counts;
  for (const auto& step : view.steps) {
    for (const auto& risk : step.risks) {
      if (risk.count) {
        counts += fmt::format("| {}. {} | {} | {} | {} |\n", step.index, markdown_cell(step.description), risk.code,
                              *risk.count, markdown_cell(risk.count_label));
      }
    }
  }
  if (!counts.empty()) {
    out += "Live counts measured on the database:\n\n";
    out += "| step | risk | count | of |\n|---|---|---:|---|\n" + counts + '\n';
  }
}

// A definition in a code span, "(absent)" in italics; `cell` keeps a pipe from splitting the row
// (GitHub unescapes \| inside code spans in tables).
std::string definition_cell(const std::string& definition)
{
  if (definition == "(absent)") {
    return "*(absent)*";
  }
  return markdown_cell(code(definition));
}

void differences_table(const PlanView& view, std::string& out)
{
  out += "| # | object | expected | actual | fixed by steps |\n|---:|---|---|---|---|\n";
  int number = 0;
  for (const auto& difference : view.differences) {
    std::string steps;
    for (int index : difference.steps) {
      steps += (steps.empty() ? "" : ", ") + std::to_string(index);
    }
    out += fmt::format("| {} | {} | {} | {} | {} |\n", ++number, markdown_cell(difference.object),
                       definition_cell(difference.expected), definition_cell(difference.actual), steps);
  }
  out += '\n';
}

void step_section(const StepView& step, std::string& out)
{
  out += fmt::format("### {}. {}\n\n", step.index, step.description);
  if (!step.sql.empty()) {
    out += "```sql\n";
    for (const auto& statement : step.sql) {
      out += statement + ";\n";
    }
    out += "```\n\n";
  }
  for (const auto& risk : step.risks) {
    const std::string count = count_text(risk.count, risk.count_label);
    out += fmt::format("- **{}** {} {}: {}{}{}\n", risk.level, risk.kind, code(risk.code), risk.message, count,
                       risk.will_fail ? std::string(" — **") + k_will_fail + "**" : "");
  }
  if (!step.reversible) {
    out += fmt::format("- **irreversible**: {}\n", step.irreversible_reason);
  }
  if (!step.risks.empty() || !step.reversible) {
    out += '\n';
  }
}

} // namespace

std::string render_markdown(const PlanView& view)
{
  std::string out;
  if (view.command == "drift") {
    out += fmt::format("## strata drift ({})\n\n", view.engine);
  } else if (view.command == "diff") {
    out += fmt::format("## strata diff ({})\n\nFrom {} ({}) to {} ({}).\n\n", view.engine, code(view.from),
                       view.from_kind, code(view.to), view.to_kind);
  } else if (view.version.empty()) {
    out += fmt::format("## strata plan ({})\n\n", view.engine);
  } else {
    out += fmt::format("## strata plan {} ({})\n\n", view.version, view.engine);
  }
  const bool drift = view.command == "drift";
  if (view.empty()) {
    if (drift && !view.baseline.empty()) {
      out += fmt::format("**In sync** with {}: no differences.\n", view.baseline);
    } else {
      out += drift                     ? "**In sync**: the database matches the schema.\n"
             : view.command == "diff" ? "**No differences**: both sides are the same schema.\n"
                                      : "**No changes**: the database already matches the schema.\n";
    }
    return out;
  }
  if (drift && !view.baseline.empty()) {
    const size_t n = view.differences.size();
    out += fmt::format("**{} difference{} against {}** ({})\n\n", n, n == 1 ? "" : "s", view.baseline, view.summary);
  } else {
    out += fmt::format("**{}**{}\n\n", view.summary, view.reversible ? "" : " — not fully reversible");
  }
  if (const auto failing = will_fail_summary(view); !failing.empty()) {
    out += "> [!CAUTION]\n> **" + markdown_cell(failing) + "**\n\n";
  }
  summary_tables(view, out);
  if (drift && !view.differences.empty()) {
    differences_table(view, out);
    out += "SQL that would bring the database to the expected schema:\n\n";
  }
  for (const auto& hint : view.hints) {
    out += fmt::format("> hint: {}\n", hint);
  }
  if (!view.hints.empty()) {
    out += '\n';
  }
  for (const auto& step : view.steps) {
    step_section(step, out);
  }
  out += mermaid_section(view.diagram);
  if (view.files) {
    out += fmt::format("Files: {} and {}\n", code(view.files->up), code(view.files->down));
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

} // namespace strata::cli
