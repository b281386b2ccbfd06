#pragma once
// The privileges an account holds, read from the lines of SHOW GRANTS (which, unlike
// information_schema's privilege tables, also lists the grants of the roles the session has
// enabled). Used by `strata doctor` (health.cpp).

#include <string>
#include <vector>

namespace strata::dialects::mysql {

// One `GRANT <privileges> ON <level> TO ...` line: global (*.*), database (`db`.*, whose name
// may hold the wildcards % and _, \-escaped when literal) or table (`db`.`table`).
struct GrantLine {
  std::vector<std::string> privileges; // upper case, "ALL PRIVILEGES" kept as "ALL"; column grants left out
  std::string database;                // "*" for global
  std::string table;                   // "*" for global and database level
};

// The privilege lines of SHOW GRANTS output; role grants (`GRANT role TO user`), PROXY and
// routine-level grants are left out.
std::vector<GrantLine> parse_grants(const std::vector<std::string>& lines);

// True when `grants` give `privilege` on database `database` (globally or at database level), or
// on table `table` of it when one is named.
bool grants_allow(const std::vector<GrantLine>& grants, const std::string& privilege, const std::string& database,
                  const std::string& table = {});

} // namespace strata::dialects::mysql
