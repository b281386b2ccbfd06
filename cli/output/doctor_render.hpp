#pragma once
// The report of `strata doctor` (workflows/doctor.hpp): one line per check, then a summary.

#include "workflows/doctor.hpp"

#include <string>

namespace strata::cli {

// "doctor URL (engine)", then per check "  ok    name   detail" with its fixes indented under it
// ("        fix: ..."), then "N ok, N warnings, N failed". `colour` paints the levels.
std::string render_doctor(const workflows::DoctorReport& report, bool colour);

// {"format_version": 1, "command": "doctor", "database", "engine", "ok", "counts": {"ok", "warn",
//  "fail"}, "clock_skew_seconds", "checks": [{"name", "level", "detail", "fixes": [...],
//  "privileges": [{"name", "held", "required", "fix"}]}]}
std::string render_doctor_json(const workflows::DoctorReport& report);

} // namespace strata::cli
