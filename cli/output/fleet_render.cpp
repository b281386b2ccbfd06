#include "cli/output/fleet_render.hpp"

#include "cli/output/text_parts.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace strata::cli {

using workflows::Outcome;

std::vector<Outcome> summary_outcomes(const std::string& command)
{
  if (command == "apply") {
    return {Outcome::applied, Outcome::current, Outcome::pending, Outcome::failed};
  }
  if (command == "status") {
    return {Outcome::current, Outcome::pending, Outcome::failed};
  }
  if (command == "drift") {
    return {Outcome::in_sync, Outcome::drifted, Outcome::failed};
  }
  return {Outcome::ok, Outcome::failed};
}

namespace {

// The words of the summary line.
std::string words_of(Outcome outcome, const std::string& command)
{
  switch (outcome) {
  case Outcome::current:
    return command == "apply" ? "already current" : "current";
  case Outcome::in_sync:
    return "in sync";
  case Outcome::not_run:
    return "not run";
  default:
    return workflows::outcome_name(outcome);
  }
}

// The outcomes the summary counts: the command's own, then refused and not_run when present.
std::vector<std::pair<Outcome, size_t>> counts(const std::string& command,
                                               const std::vector<workflows::TargetResult>& results)
{
  auto outcomes = summary_outcomes(command);
  for (const auto extra : {Outcome::refused, Outcome::not_run}) {
    if (std::any_of(results.begin(), results.end(), [&](const auto& r) { return r.outcome == extra; })) {
      outcomes.push_back(extra);
    }
  }
  std::vector<std::pair<Outcome, size_t>> out;
  for (const auto outcome : outcomes) {
    out.emplace_back(outcome, static_cast<size_t>(std::count_if(results.begin(), results.end(),
                                                                [&](const auto& r) { return r.outcome == outcome; })));
  }
  return out;
}

} // namespace

std::string render_fleet_line(std::size_t index, const std::vector<workflows::FleetTarget>& targets,
                              const workflows::TargetResult& result)
{
  const bool timed = result.outcome != Outcome::not_run;
  return fmt::format("[{}/{}] {}: {}{}\n", index + 1, targets.size(), targets[index].label, result.detail,
                     timed ? fmt::format(" ({} ms)", result.duration_ms) : std::string{});
}

std::string render_fleet_summary(const std::string& command, const std::vector<workflows::TargetResult>& results,
                                 bool interrupted)
{
  std::string out = count_of(results.size(), "target") + ":";
  bool first = true;
  for (const auto& [outcome, count] : counts(command, results)) {
    out += fmt::format("{} {} {}", first ? "" : ",", count, words_of(outcome, command));
    first = false;
  }
  return out + (interrupted ? "; interrupted\n" : "\n");
}

std::string render_fleet_markdown(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                                  const std::vector<workflows::TargetResult>& results, bool interrupted)
{
  std::string out = fmt::format("### strata {}: {}\n\n", command, count_of(targets.size(), "target"));
  out += "| # | target | outcome | detail | ms |\n|---|---|---|---|---|\n";
  for (size_t i = 0; i < targets.size(); ++i) {
    out += fmt::format("| {} | `{}` | {} | {} | {} |\n", i + 1, markdown_cell(targets[i].label),
                       words_of(results[i].outcome, command), markdown_cell(results[i].detail),
                       results[i].outcome == Outcome::not_run ? std::string{} : std::to_string(results[i].duration_ms));
  }
  out += "\n**" + render_fleet_summary(command, results, interrupted);
  out.insert(out.size() - 1, "**");
  return out;
}

std::string render_fleet_json(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                              const std::vector<workflows::TargetResult>& results, bool interrupted, int exit_code)
{
  nlohmann::ordered_json doc;
  doc["format_version"] = 1;
  doc["command"] = command;
  auto& list = doc["targets"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& result = results[i];
    list.push_back({{"target", targets[i].label},
                    {"source", targets[i].source},
                    {"outcome", workflows::outcome_name(result.outcome)},
                    {"detail", result.detail},
                    {"files", result.files},
                    {"duration_ms", result.duration_ms},
                    {"exit_code", result.exit_code}});
  }
  nlohmann::ordered_json summary;
  summary["targets"] = targets.size();
  for (const auto outcome : {Outcome::applied, Outcome::current, Outcome::pending, Outcome::in_sync, Outcome::drifted,
                             Outcome::ok, Outcome::failed, Outcome::refused, Outcome::not_run}) {
    const auto listed = summary_outcomes(command);
    const auto count = std::count_if(results.begin(), results.end(), [&](const auto& r) { return r.outcome == outcome; });
    if (std::find(listed.begin(), listed.end(), outcome) != listed.end() || count > 0) {
      summary[workflows::outcome_name(outcome)] = count;
    }
  }
  doc["summary"] = summary;
  doc["interrupted"] = interrupted;
  doc["exit_code"] = exit_code;
  return doc.dump(2) + "\n";
}

} // namespace strata::cli
