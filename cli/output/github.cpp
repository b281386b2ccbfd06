// GitHub Actions format of `plan` (and the annotation helpers `lint` shares): workflow commands
// that GitHub shows on the lines of the pull request's files.
#include "cli/output/render.hpp"
#include "cli/output/text_parts.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::cli {

namespace {

// GitHub's escapes for the message part of a workflow command.
std::string escape_data(const std::string& text)
{
  return replace_chars(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}});
}

// ... and of a property value, where ':' and ',' separate the command's parts.
std::string escape_property(const std::string& text)
{
  return replace_chars(escape_data(text), {{':', "%3A"}, {',', "%2C"}});
}

} // namespace

std::string github_annotation(const std::string& level, const std::string& file, int line, const std::string& title,
                              const std::string& message)
{
  std::vector<std::string> properties;
  if (!file.empty()) {
    properties.push_back("file=" + escape_property(file));
    if (line > 0) {
      properties.push_back(fmt::format("line={}", line));
    }
  }
  if (!title.empty()) {
    properties.push_back("title=" + escape_property(title));
  }
  std::string out = "::" + level;
  for (size_t i = 0; i < properties.size(); ++i) {
    out += (i == 0 ? " " : ",") + properties[i];
  }
  return out + "::" + escape_data(message) + "\n";
}

std::string github_level(const std::string& risk_level)
{
  if (risk_level == "high") {
    return "error";
  }
  if (risk_level == "medium") {
    return "warning";
  }
  return "notice";
}

std::string render_github(const PlanView& view)
{
  std::string out;
  const std::string file = view.files ? view.files->up : std::string{};
  for (const auto& step : view.steps) {
    const std::string& step_file = step.file.empty() ? file : step.file;
    for (const auto& risk : step.risks) {
      const std::string count = count_text(risk.count, risk.count_label);
      // A step that will fail is an error whatever the risk's level.
      const std::string fails = risk.will_fail ? std::string(" ") + k_will_fail : "";
      out += github_annotation(risk.will_fail ? "error" : github_level(risk.level), step_file, step.line,
                               fmt::format("{} {} {}{}", risk.code, risk.level, risk.kind, fails),
                               fmt::format("step {}, {}: {}{}{}", step.index, step.description, risk.message, count,
                                           risk.will_fail ? " — " + fails.substr(1) : ""));
    }
    const bool flagged = std::any_of(step.risks.begin(), step.risks.end(),
                                     [](const RiskView& risk) { return risk.kind == "irreversible"; });
    if (!step.reversible && !flagged) {
      out += github_annotation("warning", step_file, step.line, "irreversible",
                               fmt::format("step {}, {}: {}", step.index, step.description, step.irreversible_reason));
    }
  }
  const std::string what = view.command == "drift" ? "strata drift" : "strata plan";
  if (view.empty()) {
    out += github_annotation("notice", "", 0, what, view.command == "drift" ? "in sync" : "no changes");
  } else {
    out += github_annotation("notice", file, 0, what, view.summary);
  }
  return out;
}

} // namespace strata::cli
