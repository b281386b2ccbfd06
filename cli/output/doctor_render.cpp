#include "cli/output/doctor_render.hpp"

#include "cli/output/colour.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace strata::cli {

using dialects::HealthLevel;

namespace {

// paint_level's levels: a failure as a high risk, a warning as a medium one.
std::string painted(HealthLevel level, bool colour)
{
  const std::string name = fmt::format("{:<5}", workflows::level_name(level));
  return paint_level(name, level == HealthLevel::fail ? "high" : level == HealthLevel::warn ? "medium" : "ok", colour);
}

} // namespace

std::string render_doctor(const workflows::DoctorReport& report, bool colour)
{
  size_t width = 0;
  for (const auto& check : report.checks) {
    width = std::max(width, check.name.size());
  }
  std::string out = paint_bold(fmt::format("doctor {} ({})", report.database, report.engine), colour) + "\n";
  for (const auto& check : report.checks) {
    out += fmt::format("  {} {:<{}}  {}\n", painted(check.level, colour), check.name, width, check.detail);
    if (check.level != HealthLevel::ok) {
      for (const auto& fix : check.fixes) {
        out += fmt::format("  {:<5} {:<{}}  fix: {}\n", "", "", width, fix);
      }
    }
  }
  const auto warnings = report.count(HealthLevel::warn);
  const auto failed = report.count(HealthLevel::fail);
  out += paint_bold(fmt::format("{} ok, {} warning{}, {} failed", report.count(HealthLevel::ok), warnings,
                                warnings == 1 ? "" : "s", failed),
                    colour) +
         "\n";
  return out;
}

std::string render_doctor_json(const workflows::DoctorReport& report)
{
  using Json = nlohmann::ordered_json;
  Json doc;
  doc["format_version"] = 1;
  doc["command"] = "doctor";
  doc["database"] = report.database;
  doc["engine"] = report.engine;
  doc["ok"] = !report.failed();
  doc["counts"] = {{"ok", report.count(HealthLevel::ok)},
                   {"warn", report.count(HealthLevel::warn)},
                   {"fail", report.count(HealthLevel::fail)}};
  doc["clock_skew_seconds"] = report.clock_skew_seconds ? Json(*report.clock_skew_seconds) : Json(nullptr);
  Json checks = Json::array();
  for (const auto& check : report.checks) {
    Json privileges = Json::array();
    for (const auto& privilege : check.privileges) {
      privileges.push_back({{"name", privilege.name},
                            {"held", privilege.held},
                            {"required", privilege.required},
                            {"fix", privilege.held || privilege.fix.empty() ? Json(nullptr) : Json(privilege.fix)}});
    }
    checks.push_back({{"name", check.name},
                      {"level", workflows::level_name(check.level)},
                      {"detail", check.detail},
                      {"fixes", check.level == HealthLevel::ok ? Json::array() : Json(check.fixes)},
                      {"privileges", std::move(privileges)}});
  }
  doc["checks"] = std::move(checks);
  return doc.dump(2) + "\n";
}

} // namespace strata::cli
