#pragma once
// `strata doctor`: a health check of one database that writes nothing. It connects read-only
// (Access::read_only; when only something in between refuses the read-only session — a pooler
// refusing libpq's options — it says so and goes on over a plain session, running the same
// catalog queries), then reports one check per line: the connection, the server version and
// whether strata supports it, the privileges each group of commands needs (dialects/health.hpp),
// the history table's state (the same audit as `status`), the migration lock's holder (looked
// up, never taken), the clock skew between this machine and the server, and how the server is
// deployed (a hot standby, a pooler, SQLite's journal). A check that cannot run is itself a
// failed line: the report is always complete.

#include "dialects/health.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

struct DoctorRequest {
  Target target;
  std::filesystem::path dir;        // the migration folder (checksums, pending files); may be absent
  std::filesystem::path backup_dir; // apply --backup-dir, empty: the engine's default
};

struct DoctorCheck {
  std::string name;                 // "connection", "server version", "apply", "history table", ...
  dialects::HealthLevel level = dialects::HealthLevel::ok;
  std::string detail;               // what was found
  std::vector<std::string> fixes;   // what to do, when not ok
  std::vector<dialects::Privilege> privileges; // the privilege groups' items
};

struct DoctorReport {
  std::string database; // redacted URL
  std::string engine;
  std::vector<DoctorCheck> checks;
  std::optional<double> clock_skew_seconds; // server minus this machine; none without a server clock
  bool failed() const;
  size_t count(dialects::HealthLevel level) const;
};

// Error(usage) when no database is given; every other problem is a line of the report.
DoctorReport run_doctor(const DoctorRequest& request);

// "ok", "warn", "fail".
const char* level_name(dialects::HealthLevel level);

} // namespace strata::workflows
