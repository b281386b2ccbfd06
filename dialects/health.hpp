#pragma once
// What `strata doctor` asks an engine (workflows/doctor.hpp composes the report): the server and
// its version, the privileges each group of commands needs and whether the connected account has
// them, who holds the migration lock, the server's clock, and how the server is deployed. Every
// question only reads: none takes the migration lock, creates strata's tables or writes a row.

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects {

enum class HealthLevel { ok, warn, fail };

// The server as connected: its version text ("PostgreSQL 15.8", "10.11.6-MariaDB"), how far
// strata supports it (ok: tested; warn: expected to work, not tested; fail: too old), why, and
// the account strata is connected as ("strata", "app@10.0.0.%", or the OS user for SQLite).
struct ServerFacts {
  std::string version;
  HealthLevel support = HealthLevel::ok;
  std::string support_note;
  std::string account;
};

// One privilege a group of commands needs: "CREATE on schema public", held or not. A missing
// required one fails its group; a missing optional one (needed only by some schemas: views,
// triggers, routines) warns. `fix` is the statement (or action) that grants it.
struct Privilege {
  std::string name;
  bool held = false;
  bool required = true;
  std::string fix;
};

// A group of commands and what it needs: "read-only commands" (inspect, drift, status, history,
// backup list, verify and lint on --db), "apply" (apply, rollback, repair, baseline), "backups"
// (the copies before destructive steps, backup restore and prune).
struct PrivilegeGroup {
  std::string group;
  std::vector<Privilege> privileges;
  std::string note; // what else to know ("the first apply creates ..."), "" when nothing
};

// Where the groups are checked: the connection's URL, the folder file backups go to (SQLite, or
// an explicit --backup-dir), whether strata's history table is there already.
struct PrivilegeContext {
  DbUrl url;
  std::filesystem::path backup_dir;
  bool history_present = false;
};

// A finding that is neither a privilege nor a version: a hot standby, a connection pooler, the
// SQLite journal mode.
struct HealthFinding {
  std::string name;
  HealthLevel level = HealthLevel::ok;
  std::string detail;
  std::string fix;
};

struct Health {
  ServerFacts (*server)(Connection& connection, const DbUrl& url) = nullptr;
  std::vector<PrivilegeGroup> (*privileges)(Connection& connection, const PrivilegeContext& context) = nullptr;
  // Who holds the migration lock of this database ("backend pid 42, application strata, 10.0.0.5"),
  // "" when it is free; found without taking it.
  std::string (*lock_holder)(Connection& connection, const DbUrl& url) = nullptr;
  // The server's clock as seconds since the epoch; null: no server clock (SQLite runs here).
  double (*server_clock)(Connection& connection) = nullptr;
  // Findings about how the server is reached and deployed; null: nothing to say.
  std::vector<HealthFinding> (*deployment)(Connection& connection, const DbUrl& url) = nullptr;
  // When connecting failed (`message`) only because something between strata and the server
  // refuses what makes a session read-only (PostgreSQL: a pooler refusing libpq's `options`), the
  // finding that says so; doctor then checks over a plain session. nullopt (or null): not that.
  std::optional<HealthFinding> (*read_only_session_refused)(const std::string& message) = nullptr;
};

namespace sqlite {
const Health& health(); // health.cpp: file and folder modes, journal mode, /proc/locks
}
namespace postgres {
const Health& health(); // health.cpp: has_*_privilege, pg_locks, pg_is_in_recovery, poolers
}
namespace mysql {
const Health& health(); // health.cpp: SHOW GRANTS, IS_USED_LOCK, SYSDATE(6)
}

// The engine's questions, or null for an engine that has none.
inline const Health* health(const std::string& engine)
{
  if (engine == "sqlite") {
    return &sqlite::health();
  }
  if (engine == "postgres") {
    return &postgres::health();
  }
  if (engine == "mysql") {
    return &mysql::health();
  }
  return nullptr;
}

} // namespace strata::dialects
