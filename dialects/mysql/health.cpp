// MySQL/MariaDB's answers to `strata doctor` (dialects/health.hpp): VERSION(), the privileges of
// each group of commands from SHOW GRANTS (grants.hpp), the GET_LOCK holder from IS_USED_LOCK,
// SYSDATE(6), a server running with read_only, and a Galera node's state. Queries only.
#include "dialects/health.hpp"
#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/galera.hpp"
#include "dialects/mysql/grants.hpp"
#include "dialects/mysql/internal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace strata::dialects::mysql {

namespace {

std::string upper(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string trim(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  return first == std::string::npos ? std::string{} : text.substr(first, last - first + 1);
}

// Position of `word` (surrounded by spaces) in `line` outside backquotes, quotes and parentheses.
size_t find_word(const std::string& line, const std::string& word, size_t from = 0)
{
  int depth = 0;
  char quote = 0;
  for (size_t i = from; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '`' || c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && c == ' ' && line.compare(i, word.size() + 2, " " + word + " ") == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// `name` (`` doubled inside) or a bare name, as written in a grant's level.
std::string unquoted(const std::string& part)
{
  if (part.size() >= 2 && part.front() == '`' && part.back() == '`') {
    std::string out;
    for (size_t i = 1; i + 1 < part.size(); ++i) {
      out += part[i];
      if (part[i] == '`' && part[i + 1] == '`') {
        ++i;
      }
    }
    return out;
  }
  return part;
}

// The dot between database and table, outside backquotes.
size_t level_dot(const std::string& level)
{
  bool quoted = false;
  for (size_t i = 0; i < level.size(); ++i) {
    if (level[i] == '`') {
      quoted = !quoted;
    } else if (level[i] == '.' && !quoted) {
      return i;
    }
  }
  return std::string::npos;
}

// LIKE-style match of a database-level grant's name: % any run, _ any one character, \ escapes.
bool wildcard_match(const std::string& pattern, size_t p, const std::string& text, size_t t)
{
  while (p < pattern.size()) {
    if (pattern[p] == '%') {
      for (size_t k = t; k <= text.size(); ++k) {
        if (wildcard_match(pattern, p + 1, text, k)) {
          return true;
        }
      }
      return false;
    }
    if (t >= text.size()) {
      return false;
    }
    if (pattern[p] == '\\' && p + 1 < pattern.size()) {
      ++p;
      if (pattern[p] != text[t]) {
        return false;
      }
    } else if (pattern[p] != '_' && pattern[p] != text[t]) {
      return false;
    }
    ++p;
    ++t;
  }
  return t == text.size();
}

} // namespace

std::vector<GrantLine> parse_grants(const std::vector<std::string>& lines)
{
  std::vector<GrantLine> grants;
  for (const auto& raw : lines) {
    const std::string line = trim(raw);
    if (upper(line.substr(0, 6)) != "GRANT ") {
      continue;
    }
    const auto on = find_word(line, "ON", 5);
    if (on == std::string::npos) {
      continue; // GRANT role TO user
    }
    const auto to = find_word(line, "TO", on + 1);
    std::string level = trim(line.substr(on + 4, to == std::string::npos ? std::string::npos : to - on - 4));
    const std::string level_word = upper(level.substr(0, level.find(' ')));
    if (level_word == "FUNCTION" || level_word == "PROCEDURE" || level_word == "PACKAGE") {
      continue;
    }
    if (level_word == "TABLE") {
      level = trim(level.substr(5));
    }
    GrantLine grant;
    const auto dot = level_dot(level);
    if (dot == std::string::npos) {
      continue;
    }
    grant.database = unquoted(level.substr(0, dot));
    grant.table = unquoted(level.substr(dot + 1));
    const std::string list = line.substr(6, on - 6);
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= list.size(); ++i) {
      if (i < list.size() && list[i] == '(') {
        ++depth;
      } else if (i < list.size() && list[i] == ')') {
        --depth;
      } else if (i == list.size() || (list[i] == ',' && depth == 0)) {
        const std::string privilege = upper(trim(list.substr(start, i - start)));
        start = i + 1;
        if (privilege.empty() || privilege.find('(') != std::string::npos || privilege == "PROXY") {
          continue; // a column-level grant does not give the privilege on the table
        }
        grant.privileges.push_back(privilege == "ALL PRIVILEGES" ? std::string("ALL") : privilege);
      }
    }
    if (!grant.privileges.empty()) {
      grants.push_back(std::move(grant));
    }
  }
  return grants;
}

bool grants_allow(const std::vector<GrantLine>& grants, const std::string& privilege, const std::string& database,
                  const std::string& table)
{
  for (const auto& grant : grants) {
    const bool has = std::any_of(grant.privileges.begin(), grant.privileges.end(),
                                 [&](const std::string& p) { return p == privilege || p == "ALL"; });
    if (!has) {
      continue;
    }
    if (grant.database == "*" && grant.table == "*") {
      return true;
    }
    if (grant.table == "*" && wildcard_match(grant.database, 0, database, 0)) {
      return true;
    }
    if (!table.empty() && grant.database == database && grant.table == table) {
      return true;
    }
  }
  return false;
}

std::string cell(const ResultSet& result, size_t column)
{
  return result.rows.empty() || result.rows[0].size() <= column ? std::string{} : result.rows[0][column].value_or("");
}

namespace {

constexpr unsigned long k_tested = 101100; // MariaDB 10.11

// 'user'@'host' of CURRENT_USER(), as GRANT takes it (a role: 'role').
std::string grantee(const std::string& current_user)
{
  const auto at = current_user.rfind('@');
  if (at == std::string::npos) {
    return quote_literal(current_user);
  }
  return quote_literal(current_user.substr(0, at)) + "@" + quote_literal(current_user.substr(at + 1));
}

ServerFacts server(Connection& connection, const DbUrl& /*url*/)
{
  ServerFacts facts;
  const auto* mysql = dynamic_cast<MysqlConnection*>(&connection);
  ServerInfo info;
  if (mysql != nullptr) {
    info = mysql->server();
  }
  facts.account = cell(connection.query("SELECT CURRENT_USER()"));
  facts.version = info.mariadb ? info.version_text : "MySQL " + info.version_text;
  const unsigned long minor = info.version / 100;
  if (info.mariadb && minor == k_tested / 100) {
    facts.support_note = "the version strata is tested on";
  } else if ((info.mariadb && info.version >= 100300) || (!info.mariadb && info.version >= 80016)) {
    facts.support = HealthLevel::warn;
    facts.support_note = "supported but not tested (strata is tested on MariaDB 10.11; differences are handled "
                         "through the server's capabilities)";
  } else {
    facts.support = HealthLevel::fail;
    facts.support_note = "too old: strata needs MariaDB 10.3 or MySQL 8.0.16 or newer (CHECK constraints read from "
                         "information_schema.CHECK_CONSTRAINTS)";
  }
  return facts;
}

// The count of the database's objects of one kind (views, triggers, routines): a privilege for
// them is required when there are some, optional otherwise.
long long count_of(Connection& connection, const std::string& sql)
{
  const auto text = cell(connection.query(sql));
  return text.empty() ? 0 : std::stoll(text);
}

std::vector<PrivilegeGroup> privileges(Connection& connection, const PrivilegeContext& /*context*/)
{
  const std::string database = cell(connection.query("SELECT DATABASE()"));
  const std::string user = grantee(cell(connection.query("SELECT CURRENT_USER()")));
  std::vector<std::string> lines;
  for (const auto& row : connection.query("SHOW GRANTS").rows) {
    lines.push_back(row.empty() ? std::string{} : row[0].value_or(""));
  }
  const auto grants = parse_grants(lines);
  const std::string in_db = " = DATABASE()";
  const long long views = count_of(connection, "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA" + in_db);
  const long long triggers =
    count_of(connection, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA" + in_db);
  const long long routines =
    count_of(connection, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA" + in_db);

  // The privileges of one database; the fix grants every missing one of the list at once.
  struct Need {
    std::string privilege;
    bool required;
  };
  const auto on_database = [&](const std::string& db, const std::vector<Need>& needs, const std::string& table = {}) {
    std::vector<Privilege> out;
    std::vector<std::string> missing;
    for (const auto& need : needs) {
      if (!grants_allow(grants, need.privilege, db, table)) {
        missing.push_back(need.privilege);
      }
    }
    const std::string level = quote_identifier(db) + "." + (table.empty() ? std::string("*") : quote_identifier(table));
    const std::string fix = missing.empty() ? std::string{}
                                            : fmt::format("GRANT {} ON {} TO {}", fmt::join(missing, ", "), level, user);
    for (const auto& need : needs) {
      const bool held = std::find(missing.begin(), missing.end(), need.privilege) == missing.end();
      out.push_back({need.privilege + " on " + level, held, need.required, held ? std::string{} : fix});
    }
    return out;
  };
  const auto append = [](PrivilegeGroup& group, std::vector<Privilege> more) {
    group.privileges.insert(group.privileges.end(), more.begin(), more.end());
  };

  PrivilegeGroup read{"read-only commands", {}, ""};
  append(read, on_database(database, {{"SELECT", true}, {"SHOW VIEW", views > 0}}));
  if (views == 0) {
    read.note = "SHOW VIEW is needed once the database has views";
  }

  PrivilegeGroup apply{"apply", {}, ""};
  append(apply, on_database(database, {{"CREATE", true},
                                       {"ALTER", true},
                                       {"DROP", true},
                                       {"INDEX", true},
                                       {"REFERENCES", true},
                                       {"SELECT", true},
                                       {"INSERT", true},
                                       {"UPDATE", true},
                                       {"DELETE", true},
                                       {"CREATE VIEW", views > 0},
                                       {"TRIGGER", triggers > 0},
                                       {"CREATE ROUTINE", routines > 0},
                                       {"ALTER ROUTINE", routines > 0}}));
  if (views == 0 || triggers == 0 || routines == 0) {
    apply.note = "CREATE VIEW, TRIGGER, CREATE/ALTER ROUTINE are needed once the database has such objects";
  }

  PrivilegeGroup backups{"backups", {}, "copies go to the strata_backup database; apply --backup-dir DIR writes files instead"};
  append(backups, on_database(k_backup_database, {{"CREATE", true}, {"ALTER", true}, {"DROP", true},
                                                  {"INSERT", true}, {"SELECT", true}}));
  append(backups, on_database(database, {{"CREATE TEMPORARY TABLES", true}}));
  return {read, apply, backups};
}

std::string lock_holder_of(Connection& connection, const DbUrl& /*url*/)
{
  return lock_holder(connection);
}

double server_clock(Connection& connection)
{
  return std::stod(cell(connection.query("SELECT UNIX_TIMESTAMP(SYSDATE(6))")));
}

std::vector<HealthFinding> deployment_findings(Connection& connection, const DbUrl& /*url*/)
{
  std::vector<HealthFinding> findings;
  if (cell(connection.query("SELECT @@GLOBAL.read_only")) == "1") {
    findings.push_back({"read_only", HealthLevel::warn,
                        "the server runs with read_only = ON (a replica?): only accounts with SUPER (MariaDB: READ_ONLY "
                        "ADMIN) may write",
                        "give apply the primary's URL"});
  } else {
    findings.push_back({"read_only", HealthLevel::ok, "the server takes writes (read_only = OFF)", ""});
  }
  if (const auto node = galera_node(connection)) {
    const auto shape = fmt::format("{}, one of the {} nodes of a Galera cluster, {}, wsrep_OSU_method {}", node->describe(),
                                   node->cluster_size, node->state.empty() ? "state unknown" : node->state,
                                   node->osu_method);
    if (!node->ready) {
      findings.push_back({"galera", HealthLevel::fail, shape + ": not ready (wsrep_ready OFF), outside the primary "
                                                       "component", "migrate through a node of the primary component"});
    } else if (node->osu_method != "TOI") {
      findings.push_back({"galera", HealthLevel::warn,
                          shape + ": DDL would run on this node only, not in total order on every node",
                          "SET GLOBAL wsrep_OSU_method = 'TOI' (strata's migrations expect it)"});
    } else {
      findings.push_back({"galera", HealthLevel::ok,
                          shape + "; the migration lock is the cluster-wide row of " + k_cluster_lock_table +
                            "; a file headed -- strata: galera-osu rsu rolls through the nodes one at a time (" +
                            (node->incoming.empty() ? std::string("wsrep_incoming_addresses is empty: give them with "
                                                                  "?galera_nodes=")
                                                    : node->incoming) +
                            ")",
                          ""});
    }
  }
  return findings;
}

} // namespace

const Health& health()
{
  static const Health assembled{&server, &privileges, &lock_holder_of, &server_clock, &deployment_findings};
  return assembled;
}

} // namespace strata::dialects::mysql
