// Text format of `plan` and `drift`: a one-line summary, the numbered steps with their risks,
// hints, and the files written. Drift names each difference's object with its expected and
// actual definitions, and the step that would repair it.
#include "cli/output/colour.hpp"
#include "cli/output/render.hpp"
#include "cli/output/text_parts.hpp"

#include <fmt/format.h>

namespace strata::cli {

namespace {

std::string drift_head(const PlanView& view)
{
  if (view.baseline.empty()) {
    return view.empty() ? "in sync" : "drift: " + view.summary;
  }
  if (view.empty()) {
    return "in sync with " + view.baseline;
  }
  const size_t n = view.differences.size();
  return fmt::format("drift: {} difference{} against {}", n, n == 1 ? "" : "s", view.baseline);
}

void risk_lines(const StepView& step, bool colour, std::string& out)
{
  for (const auto& risk : step.risks) {
    out += fmt::format("     {} {} {} {} {}{}{}\n", paint_level("!", risk.level, colour),
                       paint_level(risk.level, risk.level, colour), risk.kind, risk.code, risk.message,
                       count_text(risk.count, risk.count_label),
                       risk.will_fail ? " " + paint_level(std::string("[") + k_will_fail + "]", "high", colour) : "");
  }
}

// Drift against a baseline: each difference with its definitions and the steps that repair it;
// steps that belong to no difference (a view recreated around a table change) come last.
void differences(const PlanView& view, bool colour, std::string& out)
{
  std::vector<bool> covered(view.steps.size() + 1, false);
  int number = 0;
  for (const auto& difference : view.differences) {
    out += fmt::format("  {}. {}\n", ++number, paint_bold(difference.object, colour));
    out += fmt::format("     expected: {}\n     actual:   {}\n", difference.expected, difference.actual);
    std::string fix;
    for (int index : difference.steps) {
      fix += (fix.empty() ? "" : "; ") + view.steps[static_cast<size_t>(index - 1)].description;
      covered[static_cast<size_t>(index)] = true;
    }
    out += "     fix:      " + fix + "\n";
    for (int index : difference.steps) {
      risk_lines(view.steps[static_cast<size_t>(index - 1)], colour, out);
    }
  }
  std::string also;
  for (const auto& step : view.steps) {
    if (!covered[static_cast<size_t>(step.index)]) {
      also += (also.empty() ? "" : "; ") + step.description;
    }
  }
  if (!also.empty()) {
    out += "  the fix also runs: " + also + "\n";
  }
}

} // namespace

std::string render_text(const PlanView& view, bool colour)
{
  std::string out;
  const bool drift = view.command == "drift";
  if (view.empty()) {
    out += drift ? drift_head(view) + "\n" : view.command == "diff" ? "no differences\n" : "no changes\n";
  } else {
    out += paint_bold(drift ? drift_head(view) : view.summary, colour) + "\n";
  }
  if (const auto failing = will_fail_summary(view); !failing.empty()) {
    out += paint_level("FAILS: " + failing, "high", colour) + "\n";
  }
  if (drift && !view.baseline.empty()) {
    differences(view, colour, out);
  } else {
    for (const auto& step : view.steps) {
      out += fmt::format("  {}. {}\n", step.index, step.description);
      risk_lines(step, colour, out);
      if (!step.reversible) {
        out += fmt::format("     irreversible: {}\n", step.irreversible_reason);
      }
    }
  }
  for (const auto& hint : view.hints) {
    out += fmt::format("{} {}\n", paint_hint("hint:", colour), hint);
  }
  if (view.files) {
    out += fmt::format("wrote {}\nwrote {}\n", view.files->up, view.files->down);
  }
  return out;
}

} // namespace strata::cli
