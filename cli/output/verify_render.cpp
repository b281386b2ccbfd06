// The outputs of `strata verify`: text (a summary line, then one line per problem), json (the
// README's contract) and GitHub annotations.
#include "cli/output/verify_render.hpp"

#include "cli/output/render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace strata::cli {

namespace {

std::string plural(int count, const std::string& word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string summary_line(const VerifyReport& report)
{
  const std::string replayed = report.replayed == report.migrations
                                 ? plural(report.migrations, "migration")
                                 : fmt::format("{} of {}", report.replayed, plural(report.migrations, "migration"));
  return fmt::format("verify: {} replayed, {} checked, {}", replayed, plural(report.round_trips, "round trip"),
                     plural(static_cast<int>(report.problems.size()), "problem"));
}

} // namespace

std::string render_verify_text(const VerifyReport& report)
{
  std::string out = summary_line(report) + "\n";
  for (const auto& p : report.problems) {
    const auto where = p.line ? fmt::format("{}:{}", p.file, *p.line) : p.file;
    out += fmt::format("{}: {}: {}\n", where, p.kind, p.message);
  }
  for (const auto& note : report.notes) {
    out += "note: " + note + "\n";
  }
  return out;
}

std::string render_verify_json(const VerifyReport& report)
{
  nlohmann::ordered_json out;
  out["ok"] = report.ok();
  out["engine"] = report.engine.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(report.engine);
  out["migrations"] = report.migrations;
  out["replayed"] = report.replayed;
  out["checked_round_trips"] = report.round_trips;
  out["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : report.problems) {
    out["problems"].push_back({{"kind", p.kind},
                               {"file", p.file},
                               {"line", p.line ? nlohmann::ordered_json(*p.line) : nlohmann::ordered_json(nullptr)},
                               {"message", p.message}});
  }
  out["notes"] = report.notes;
  out["format_version"] = 1; // last: keys are only ever added at the end
  return out.dump(2) + "\n";
}

// GitHub Actions: one error annotation per problem on its file (migration files under --dir).
std::string render_verify_github(const VerifyReport& report, const std::filesystem::path& dir,
                                 const std::filesystem::path& schema)
{
  std::string out = summary_line(report) + "\n";
  for (const auto& p : report.problems) {
    const auto path = p.kind == "missing-migration" ? schema : dir / p.file;
    out += github_annotation("error", path.generic_string(), p.line.value_or(0), "strata verify: " + p.kind,
                             p.message);
  }
  for (const auto& note : report.notes) {
    out += github_annotation("notice", "", 0, "strata verify", note);
  }
  return out;
}

} // namespace strata::cli
