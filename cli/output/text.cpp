// Text format of `plan` and `drift`: a one-line summary, the numbered steps with their risks,
// hints, and the files written.
#include "cli/output/render.hpp"

#include <fmt/format.h>

namespace strata::cli {

namespace {

constexpr const char* k_reset = "\033[0m";

std::string paint(const std::string& text, const char* code, bool colour)
{
  return colour ? fmt::format("\033[{}m{}{}", code, text, k_reset) : text;
}

const char* level_colour(const std::string& level)
{
  if (level == "high") {
    return "1;31";
  }
  if (level == "medium") {
    return "33";
  }
  return "36";
}

std::string count_text(const RiskView& risk)
{
  if (!risk.count) {
    return {};
  }
  return risk.count_label.empty() ? fmt::format(" ({})", *risk.count)
                                  : fmt::format(" ({} {})", *risk.count, risk.count_label);
}

} // namespace

std::string render_text(const PlanView& view, bool colour)
{
  std::string out;
  if (view.empty()) {
    out += view.command == "drift" ? "in sync\n" : "no changes\n";
  } else {
    const std::string head = view.command == "drift" ? "drift: " + view.summary : view.summary;
    out += paint(head, "1", colour) + "\n";
  }
  for (const auto& step : view.steps) {
    out += fmt::format("  {}. {}\n", step.index, step.description);
    for (const auto& risk : step.risks) {
      out += fmt::format("     {} {} {} {} {}{}\n", paint("!", level_colour(risk.level), colour),
                         paint(risk.level, level_colour(risk.level), colour), risk.kind, risk.code,
                         risk.message, count_text(risk));
    }
    if (!step.reversible) {
      out += fmt::format("     irreversible: {}\n", step.irreversible_reason);
    }
  }
  for (const auto& hint : view.hints) {
    out += fmt::format("{} {}\n", paint("hint:", "33", colour), hint);
  }
  if (view.files) {
    out += fmt::format("wrote {}\nwrote {}\n", view.files->up, view.files->down);
  }
  return out;
}

} // namespace strata::cli
