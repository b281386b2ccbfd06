// The output formats of `strata lint`: text (summary line, then file:line findings), json (the
// stable document described in lint_view.hpp and the README), markdown (for pull-request
// comments) and github (workflow annotations on the files' lines).
#include "cli/output/colour.hpp"
#include "cli/output/diagram.hpp"
#include "cli/output/lint_view.hpp"
#include "cli/output/text_parts.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace strata::cli {

namespace {

using Json = nlohmann::ordered_json;

// "lint: 3 files, 5 findings (2 high, 3 medium)"
std::string summary(const LintReport& view)
{
  std::string out = "lint: " + count_of(view.files.size(), "file") + ", " +
                    count_of(static_cast<size_t>(view.finding_count()), "finding");
  const auto levels = view.findings_by_level();
  std::string parts;
  for (const char* level : k_risk_levels) {
    if (const auto it = levels.find(level); it != levels.end()) {
      parts += (parts.empty() ? "" : ", ") + fmt::format("{} {}", it->second, level);
    }
  }
  return parts.empty() ? out : out + " (" + parts + ")";
}

// A fence longer than any run of backticks in the text.
std::string fence_for(const std::string& text)
{
  std::string fence = "```";
  while (text.find(fence) != std::string::npos) {
    fence += '`';
  }
  return fence;
}

void markdown_tables(const LintReport& view, std::string& out)
{
  if (!view.operations_by_kind.empty()) {
    markdown_count_table(out, "operation", "count", view.operations_by_kind);
  }
  const auto levels = view.findings_by_level();
  if (!levels.empty()) {
    markdown_count_table(out, "level", "findings", levels, true);
  }
  std::string counts;
  for (const auto& file : view.files) {
    for (const auto& finding : file.findings) {
      if (finding.count) {
        counts += fmt::format("| {}:{} | {} | {} | {} |\n", markdown_cell(file.file), finding.line, finding.code,
                              *finding.count, markdown_cell(finding.count_label));
      }
    }
  }
  if (!counts.empty()) {
    out += "Live counts measured on the database:\n\n| where | finding | count | of |\n|---|---|---:|---|\n" +
           counts + '\n';
  }
}

} // namespace

std::string render_lint_text(const LintReport& view, bool colour)
{
  std::string out = paint_bold(summary(view), colour) + "\n";
  for (const auto& file : view.files) {
    if (file.skipped) {
      out += fmt::format("{}: not linted (an earlier file failed to replay)\n", file.file);
    }
    for (const auto& f : file.findings) {
      out += fmt::format("{}:{} {} {} {} {}{}\n", file.file, f.line, f.code,
                         paint_level(f.level, f.level, colour), f.kind, f.message, count_text(f.count, f.count_label));
    }
  }
  return out;
}

std::string render_lint_json(const LintReport& view)
{
  Json files = Json::array();
  for (const auto& file : view.files) {
    Json findings = Json::array();
    for (const auto& f : file.findings) {
      findings.push_back(Json{{"line", f.line},
                              {"code", f.code},
                              {"kind", f.kind},
                              {"level", f.level},
                              {"message", f.message},
                              {"count", f.count ? Json(*f.count) : Json(nullptr)},
                              {"count_label", f.count ? Json(f.count_label) : Json(nullptr)},
                              {"statement", f.statement},
                              {"operation", f.operation.empty() ? Json(nullptr) : Json(f.operation)}});
    }
    files.push_back(Json{
      {"file", file.file}, {"version", file.version}, {"skipped", file.skipped}, {"findings", std::move(findings)}});
  }
  Json by_level = Json::object();
  const auto levels = view.findings_by_level();
  for (const char* level : k_risk_levels) {
    by_level[level] = levels.count(level) > 0 ? levels.at(level) : 0;
  }
  Json operations = Json::object();
  for (const auto& [kind, count] : view.operations_by_kind) {
    operations[kind] = count;
  }
  const Json doc{{"files", std::move(files)},
                 {"summary",
                  {{"files", view.files.size()},
                   {"findings", view.finding_count()},
                   {"by_level", std::move(by_level)},
                   {"operations", std::move(operations)}}},
                 {"format_version", 1}}; // last: keys are only ever added at the end
  return doc.dump(2) + "\n";
}

std::string render_lint_markdown(const LintReport& view)
{
  std::string out = "## strata lint\n\n**" + summary(view).substr(6) + "**\n\n";
  markdown_tables(view, out);
  out += mermaid_section(render_mermaid_er(view.touched));
  for (const auto& file : view.files) {
    out += fmt::format("### {}\n\n", file.file);
    if (file.skipped) {
      out += "Not linted: an earlier file failed to replay.\n\n";
      continue;
    }
    if (file.findings.empty()) {
      out += "No findings.\n\n";
      continue;
    }
    for (const auto& f : file.findings) {
      out += fmt::format("- **{}** {} `{}` line {}: {}{}\n", f.level, f.kind, f.code, f.line, f.message, count_text(f.count, f.count_label));
      if (!f.statement.empty()) {
        const std::string fence = fence_for(f.statement);
        out += "\n  " + fence + "sql\n";
        for (size_t at = 0; at <= f.statement.size();) {
          const auto end = f.statement.find('\n', at);
          const auto line = f.statement.substr(at, end == std::string::npos ? std::string::npos : end - at);
          out += "  " + line + (end == std::string::npos ? ";\n" : "\n");
          at = end == std::string::npos ? f.statement.size() + 1 : end + 1;
        }
        out += "  " + fence + "\n\n";
      }
    }
    out += '\n';
  }
  return out;
}

std::string render_lint_github(const LintReport& view)
{
  std::string out;
  for (const auto& file : view.files) {
    for (const auto& f : file.findings) {
      out += github_annotation(github_level(f.level), file.file, f.line, fmt::format("{} {} {}", f.code, f.level, f.kind),
                               f.message + count_text(f.count, f.count_label));
    }
  }
  return out + github_annotation("notice", "", 0, "strata lint", summary(view).substr(6));
}

std::string render_lint(const LintReport& view, Format format, bool colour)
{
  switch (format) {
  case Format::json:
    return render_lint_json(view);
  case Format::markdown:
    return render_lint_markdown(view);
  case Format::github:
    return render_lint_github(view);
  default:
    return render_lint_text(view, colour);
  }
}

} // namespace strata::cli
