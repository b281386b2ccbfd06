#include "workflows/doctor.hpp"

#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"
#include "workflows/migrate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <set>

namespace strata::workflows {

using dialects::HealthLevel;

namespace {

// A skew beyond this is worth a warning: history rows and backups are stamped with this
// machine's clock, statement timeouts and server logs with the server's.
constexpr double k_skew_warning_seconds = 2.0;

double now_seconds()
{
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Runs `check`; an error it throws becomes a failed line named `name`.
void guarded(DoctorReport& report, const std::string& name, const std::function<void()>& check)
{
  try {
    check();
  } catch (const std::exception& e) {
    report.checks.push_back({name, HealthLevel::fail, std::string("could not check: ") + e.what(), {}, {}});
  }
}

// "CREATE on `shop`.*", "ALTER on `shop`.*" -> "CREATE, ALTER on `shop`.*": names that end with
// the same " on <level>" are said once, in their order; the others stay as they are.
std::vector<std::string> combined(const std::vector<std::string>& names)
{
  const auto level_of = [](const std::string& name) {
    const auto on = name.rfind(" on ");
    return on == std::string::npos ? std::string{} : name.substr(on + 4);
  };
  std::vector<std::string> out;
  std::vector<std::string> levels;
  for (const auto& name : names) {
    const auto level = level_of(name);
    const auto same = std::count_if(names.begin(), names.end(), [&](const std::string& n) { return level_of(n) == level; });
    if (level.empty() || same < 2) {
      out.push_back(name);
      levels.emplace_back();
      continue;
    }
    const auto what = name.substr(0, name.size() - level.size() - 4);
    const auto at = std::find(levels.begin(), levels.end(), level);
    if (at == levels.end()) {
      out.push_back(what);
      levels.push_back(level);
    } else {
      out[static_cast<size_t>(at - levels.begin())] += ", " + what;
    }
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (!levels[i].empty()) {
      out[i] += " on " + levels[i];
    }
  }
  return out;
}

DoctorCheck group_check(const dialects::PrivilegeGroup& group)
{
  DoctorCheck check{group.group, HealthLevel::ok, {}, {}, group.privileges};
  std::vector<std::string> missing;
  std::set<std::string> fixes;
  for (const auto& privilege : group.privileges) {
    if (privilege.held) {
      continue;
    }
    missing.push_back(privilege.name);
    check.level = privilege.required ? HealthLevel::fail : std::max(check.level, HealthLevel::warn);
    if (!privilege.fix.empty() && fixes.insert(privilege.fix).second) {
      check.fixes.push_back(privilege.fix);
    }
  }
  if (missing.empty()) {
    check.detail = group.privileges.empty() ? "nothing to check" : fmt::format("has all {} needed", group.privileges.size());
  } else {
    check.detail = fmt::format("missing: {}", fmt::join(combined(missing), "; "));
  }
  if (!group.note.empty()) {
    check.detail += " (" + group.note + ")";
  }
  return check;
}

// The history table as `status` audits it; without a migration folder only its rows.
void check_history(DoctorReport& report, Database& db, const DoctorRequest& request, bool present)
{
  DoctorCheck check{"history table", HealthLevel::ok, {}, {}, {}};
  if (!present) {
    check.detail = std::string(migrations::k_history_table) + " absent: nothing applied yet (the first apply creates it)";
    report.checks.push_back(std::move(check));
    return;
  }
  const bool have_folder = std::filesystem::is_directory(request.dir);
  const auto directory = migrations::Directory::open(have_folder ? request.dir : std::filesystem::path{});
  migrations::ExecutorOptions options;
  options.backup_dir = request.backup_dir;
  migrations::Executor executor(*db.connection, *db.dialect, db.url, directory, options);
  const auto rows = executor.history();
  std::vector<std::string> parts{fmt::format("{} present, {} row{}", migrations::k_history_table, rows.size(),
                                             rows.size() == 1 ? "" : "s")};
  if (!have_folder) {
    // Without the files only the rows speak: a dirty one is still a failure.
    for (const auto& row : rows) {
      if (row.status == "dirty") {
        check.level = HealthLevel::fail;
        parts.push_back(fmt::format("version {} is dirty{}", row.version,
                                    row.message.empty() ? std::string{} : ": " + row.message));
        check.fixes.push_back("strata repair shows it and how to settle it");
      }
    }
    parts.push_back(fmt::format("no migration folder at {}: files not compared", request.dir.string()));
    check.detail = fmt::format("{}", fmt::join(parts, "; "));
    report.checks.push_back(std::move(check));
    return;
  }
  const auto status = executor.status();
  if (status.current_version) {
    parts.push_back("current version " + *status.current_version);
  }
  if (!status.pending.empty()) {
    parts.push_back(fmt::format("{} pending", status.pending.size()));
  }
  for (const auto& row : status.dirty_rows) {
    check.level = HealthLevel::fail;
    parts.push_back(fmt::format("version {} is dirty ({}{}){}", row.version, dirty_file(directory, row),
                                row.failed_statement > 0 ? fmt::format(", statement {}", row.failed_statement)
                                                         : std::string{},
                                row.message.empty() ? std::string{} : ": " + row.message));
  }
  if (!status.dirty_rows.empty()) {
    check.fixes.push_back("strata repair shows the dirty version; then repair --continue, --resolved or --rolled-back");
  }
  const auto fail_all = [&](const std::vector<std::string>& problems, const std::string& fix) {
    for (const auto& problem : problems) {
      check.level = HealthLevel::fail;
      parts.push_back(problem);
    }
    if (!problems.empty()) {
      check.fixes.push_back(fix);
    }
  };
  fail_all(status.checksum_mismatches, "restore the applied file, or accept the edit: strata repair --accept VERSION");
  fail_all(status.missing_files, "restore the applied files that are gone from the folder");
  fail_all(status.sum_problems, "strata hash after a deliberate edit; otherwise restore the files strata.sum names");
  for (const auto& version : status.out_of_order) {
    check.level = std::max(check.level, HealthLevel::warn);
    parts.push_back("pending version " + version + " is older than the current one");
  }
  if (!status.out_of_order.empty()) {
    check.fixes.push_back("give the out-of-order files newer versions (apply refuses them)");
  }
  for (const auto& leftover : status.leftover_backups) {
    check.level = std::max(check.level, HealthLevel::warn);
    parts.push_back(leftover);
  }
  check.detail = fmt::format("{}", fmt::join(parts, "; "));
  report.checks.push_back(std::move(check));
}

void check_clock(DoctorReport& report, Database& db, const dialects::Health& health)
{
  if (health.server_clock == nullptr) {
    report.checks.push_back({"clock", HealthLevel::ok, "no server clock: the database runs on this machine", {}, {}});
    return;
  }
  const double before = now_seconds();
  const double server = health.server_clock(*db.connection);
  const double after = now_seconds();
  const double skew = server - (before + after) / 2;
  report.clock_skew_seconds = skew;
  DoctorCheck check{"clock", HealthLevel::ok,
                    fmt::format("the server's clock is {:.3f} s {} this machine's (round trip {:.0f} ms)",
                                std::fabs(skew), skew >= 0 ? "ahead of" : "behind", (after - before) * 1000),
                    {}, {}};
  if (std::fabs(skew) > k_skew_warning_seconds) {
    check.level = HealthLevel::warn;
    check.fixes.push_back("synchronise the clocks (NTP): history rows and backups are stamped with this machine's "
                          "clock, the server's logs and timeouts with its own");
  }
  report.checks.push_back(std::move(check));
}

} // namespace

const char* level_name(HealthLevel level)
{
  switch (level) {
  case HealthLevel::ok:
    return "ok";
  case HealthLevel::warn:
    return "warn";
  case HealthLevel::fail:
    return "fail";
  }
  return "fail";
}

bool DoctorReport::failed() const
{
  return count(HealthLevel::fail) > 0;
}

size_t DoctorReport::count(HealthLevel level) const
{
  return static_cast<size_t>(
    std::count_if(checks.begin(), checks.end(), [&](const DoctorCheck& check) { return check.level == level; }));
}

DoctorReport run_doctor(const DoctorRequest& request)
{
  if (!request.target.url) {
    open_database(request.target, Access::read_only); // Error(usage): no database given
  }
  DoctorReport report;
  report.database = request.target.url->redacted();
  report.engine = dialects::dialect_for(*request.target.url).name;
  std::optional<Database> db;
  try {
    db.emplace(open_database(request.target, Access::read_only));
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::usage) {
      throw;
    }
    const auto* engine = dialects::health(report.engine);
    const auto refused = engine != nullptr && engine->read_only_session_refused != nullptr
                           ? engine->read_only_session_refused(e.what())
                           : std::nullopt;
    if (!refused) {
      report.checks.push_back({"connection", HealthLevel::fail, e.what(),
                               {"check the URL: the server's address and port, the database, the user and its "
                                "password (SQLite: the file's path; doctor never creates a database file)"},
                               {}});
      return report;
    }
    // The read-only commands cannot connect this way; doctor's own statements are catalog
    // queries, so it goes on over a plain session.
    report.checks.push_back({refused->name, refused->level, refused->detail, {refused->fix}, {}});
    try {
      db.emplace(open_database(request.target, Access::read_write));
    } catch (const Error& again) {
      report.checks.push_back({"connection", HealthLevel::fail, again.what(), {}, {}});
      return report;
    }
  }
  report.database = db->connection->redacted_url();
  const auto* health = dialects::health(db->dialect->name);
  DoctorCheck connected{"connection", HealthLevel::ok, "connected", {}, {}};
  if (health == nullptr) {
    report.checks.insert(report.checks.begin(), std::move(connected));
    return report;
  }
  guarded(report, "server version", [&] {
    const auto facts = health->server(*db->connection, db->url);
    connected.detail = "connected as " + facts.account + (db->url.read_only ? " (read-only session)" : "");
    report.checks.push_back({"server version", facts.support, facts.version + ": " + facts.support_note,
                             facts.support == HealthLevel::ok
                               ? std::vector<std::string>{}
                               : std::vector<std::string>{"see the engines strata is tested on in the README"},
                             {}});
  });
  report.checks.insert(report.checks.begin(), std::move(connected));
  bool history_present = false;
  guarded(report, "history table", [&] {
    history_present = db->dialect->table_exists(*db->connection, migrations::k_history_table);
    check_history(report, *db, request, history_present);
  });
  guarded(report, "privileges", [&] {
    const dialects::PrivilegeContext context{
      db->url, migrations::Executor::backup_dir(*db->dialect, request.dir, request.backup_dir), history_present};
    for (const auto& group : health->privileges(*db->connection, context)) {
      report.checks.push_back(group_check(group));
    }
  });
  guarded(report, "migration lock", [&] {
    const auto holder = health->lock_holder(*db->connection, db->url);
    if (holder.empty()) {
      report.checks.push_back({"migration lock", HealthLevel::ok, "free", {}, {}});
    } else {
      report.checks.push_back(
        {"migration lock", HealthLevel::warn, "held by " + holder + ": an apply, rollback, repair or restore is running",
         {"wait for it to end: apply and rollback wait --lock-timeout for the lock, then fail"}, {}});
    }
  });
  guarded(report, "clock", [&] { check_clock(report, *db, *health); });
  if (health->deployment != nullptr) {
    guarded(report, "deployment", [&] {
      for (const auto& finding : health->deployment(*db->connection, db->url)) {
        report.checks.push_back({finding.name, finding.level, finding.detail,
                                 finding.fix.empty() ? std::vector<std::string>{}
                                                     : std::vector<std::string>{finding.fix},
                                 {}});
      }
    });
  }
  return report;
}

} // namespace strata::workflows
