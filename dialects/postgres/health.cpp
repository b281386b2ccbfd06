// PostgreSQL's answers to `strata doctor` (dialects/health.hpp): the server version, the
// privileges of each group of commands through has_*_privilege and pg_has_role (ALTER and DROP
// need ownership of the object), the advisory lock's holder from pg_locks, clock_timestamp(), and
// the deployment findings the executor acts on (a hot standby, a pooler: deployment.cpp,
// pooling.cpp). Catalog queries only.
#include "dialects/deployment.hpp"
#include "dialects/health.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/pooling.hpp"

#include <fmt/format.h>

#include <string>

namespace strata::dialects::postgres {

namespace {

constexpr int k_tested_major = 15;
constexpr int k_oldest_major = 12; // generated columns (pg_attribute.attgenerated), read by inspect

std::string cell(const ResultSet& result, size_t row, size_t column)
{
  return result.rows.size() <= row || result.rows[row].size() <= column ? std::string{}
                                                                         : result.rows[row][column].value_or("");
}

ServerFacts server(Connection& connection, const DbUrl& /*url*/)
{
  const auto result = connection.query("SELECT current_setting('server_version'), "
                                       "current_setting('server_version_num')::int / 10000, current_user");
  ServerFacts facts;
  facts.version = "PostgreSQL " + cell(result, 0, 0);
  facts.account = cell(result, 0, 2);
  const int major = std::stoi(cell(result, 0, 1).empty() ? std::string("0") : cell(result, 0, 1));
  if (major == k_tested_major) {
    facts.support_note = "the version strata is tested on";
  } else if (major >= k_oldest_major) {
    facts.support = HealthLevel::warn;
    facts.support_note = fmt::format("supported but not tested (strata is tested on PostgreSQL {}{})", k_tested_major,
                                     major < 13 ? "; waiting for standbys needs 13 or newer" : "");
  } else {
    facts.support = HealthLevel::fail;
    facts.support_note = fmt::format("too old: strata needs PostgreSQL {} or newer (its catalog queries read "
                                     "generated columns)", k_oldest_major);
  }
  return facts;
}

// The names of up to five relations of `where`, then ", ... (N in all)".
std::string listed(const ResultSet& result)
{
  std::string names;
  for (size_t i = 0; i < result.rows.size() && i < 5; ++i) {
    names += (names.empty() ? "" : ", ") + cell(result, i, 0);
  }
  if (result.rows.size() > 5) {
    names += fmt::format(", ... ({} in all)", result.rows.size());
  }
  return names;
}

std::vector<PrivilegeGroup> privileges(Connection& connection, const PrivilegeContext& context)
{
  const auto where = connection.query(
    "SELECT current_database(), coalesce(current_schema(), ''), current_user, "
    "has_database_privilege(current_database(), 'CONNECT'), has_database_privilege(current_database(), 'CREATE'), "
    "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)");
  const std::string database = cell(where, 0, 0);
  const std::string schema = cell(where, 0, 1);
  const std::string role = shown_identifier(cell(where, 0, 2));
  const bool superuser = cell(where, 0, 5) == "t";
  const std::string quoted_schema = shown_identifier(schema.empty() ? std::string("public") : schema);
  const std::string schema_literal = quote_literal(schema);

  const auto on_schema = connection.query(
    "SELECT has_schema_privilege(n.oid, 'USAGE'), has_schema_privilege(n.oid, 'CREATE') FROM pg_namespace n "
    "WHERE n.nspname = " + schema_literal);
  const bool usage = cell(on_schema, 0, 0) == "t";
  const bool create = cell(on_schema, 0, 1) == "t";
  // The schema's tables, views, sequences and foreign tables strata may alter or drop, strata's own
  // left out: those the role may not read, and those it does not own (ALTER and DROP need that).
  const std::string relations = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " +
                                schema_literal + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relname NOT IN "
                                "('strata_schema_history', 'strata_schema_backups', 'strata_schema_runs')";
  const auto unreadable = connection.query(
    "SELECT quote_ident(c.relname) " + relations +
    " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT has_table_privilege(c.oid, 'SELECT') ORDER BY 1");
  // A sequence owned by a column (serial, identity) changes owner with its table: not listed.
  const auto not_owned =
    connection.query("SELECT quote_ident(c.relname) || ' (owner ' || quote_ident(pg_get_userbyid(c.relowner)) || ')' " +
                     relations + " AND NOT pg_has_role(c.relowner, 'USAGE') AND NOT (c.relkind = 'S' AND EXISTS "
                     "(SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND "
                     "d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))) ORDER BY 1");

  PrivilegeGroup read{"read-only commands", {}, ""};
  read.privileges.push_back({"CONNECT on database " + shown_identifier(database), cell(where, 0, 3) == "t", true,
                             fmt::format("GRANT CONNECT ON DATABASE {} TO {}", shown_identifier(database), role)});
  if (schema.empty()) {
    read.privileges.push_back({"a default schema (none of the search_path exists)", false, true,
                               "CREATE SCHEMA, or give --schema-name NAME / ?search_path= of an existing schema"});
  } else {
    read.privileges.push_back({"USAGE on schema " + quoted_schema, usage, true,
                               fmt::format("GRANT USAGE ON SCHEMA {} TO {}", quoted_schema, role)});
  }
  std::string history_fix;
  if (context.history_present) {
    const auto history = connection.query(
      "SELECT has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'), "
      "has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE') FROM pg_class c JOIN pg_namespace n "
      "ON n.oid = c.relnamespace WHERE n.nspname = " + schema_literal +
       " AND c.relname IN ('strata_schema_history', 'strata_schema_backups', 'strata_schema_runs') ORDER BY c.relname DESC");
    bool select_all = true;
    bool write_all = true;
    for (size_t i = 0; i < history.rows.size(); ++i) {
      select_all = select_all && cell(history, i, 0) == "t";
      write_all = write_all && cell(history, i, 1) == "t" && cell(history, i, 2) == "t" && cell(history, i, 3) == "t";
    }
    read.privileges.push_back(
      {"SELECT on strata_schema_history", select_all, true,
       fmt::format("GRANT SELECT ON {0}.strata_schema_history, {0}.strata_schema_backups, {0}.strata_schema_runs TO {1}",
                   quoted_schema, role)});
    history_fix = write_all ? std::string{}
                            : fmt::format("GRANT INSERT, UPDATE, DELETE ON {0}.strata_schema_history, "
                                          "{0}.strata_schema_backups, {0}.strata_schema_runs TO {1}", quoted_schema, role);
  }
  read.privileges.push_back(
    {unreadable.empty() ? "SELECT on the tables (risk counts of plan and lint)"
                        : "SELECT on the tables (risk counts of plan and lint): not on " + listed(unreadable),
     unreadable.empty(), false, fmt::format("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}", quoted_schema, role)});

  PrivilegeGroup apply{"apply", {}, ""};
  apply.privileges.push_back({"CREATE on schema " + quoted_schema, create, true,
                              fmt::format("GRANT CREATE ON SCHEMA {} TO {}", quoted_schema, role)});
  apply.privileges.push_back(
    {not_owned.empty() ? "ownership of the schema's tables, views and sequences (ALTER and DROP need it)"
                       : "ownership of the objects ALTER and DROP change: not of " + listed(not_owned),
     not_owned.empty(), true,
     fmt::format("ALTER TABLE ... OWNER TO {0} for each, or GRANT <owner role> TO {0}", role)});
  if (context.history_present) {
    apply.privileges.push_back(
      {"INSERT, UPDATE, DELETE on strata_schema_history, strata_schema_backups and strata_schema_runs", history_fix.empty(), true,
       history_fix});
  } else {
    apply.note = "the first apply creates strata_schema_history";
  }

  // Backups copy rows into strata_backup (strata_backup_<schema> for another default schema),
  // which the first backup creates (CREATE on the database) when it is not there.
  const std::string home = backup_schema_of(schema);
  const auto backup_home = connection.query(
    "SELECT has_schema_privilege(n.oid, 'USAGE') AND has_schema_privilege(n.oid, 'CREATE') FROM pg_namespace n "
    "WHERE n.nspname = " + quote_literal(home));
  PrivilegeGroup backups{"backups", {}, ""};
  if (backup_home.empty()) {
    backups.note = "the first backup creates schema " + shown_identifier(home);
    backups.privileges.push_back({"CREATE on database " + shown_identifier(database), cell(where, 0, 4) == "t", true,
                                  fmt::format("GRANT CREATE ON DATABASE {} TO {}, or create schema {} for it (or give "
                                              "apply --backup-dir DIR: files on this machine)",
                                              shown_identifier(database), role, shown_identifier(home))});
  } else {
    backups.privileges.push_back({"USAGE and CREATE on schema " + shown_identifier(home), cell(backup_home, 0, 0) == "t",
                                  true, fmt::format("GRANT USAGE, CREATE ON SCHEMA {} TO {}", shown_identifier(home),
                                                    role)});
  }
  backups.privileges.push_back({"SELECT on the tables (the rows copied)", unreadable.empty(), true,
                                fmt::format("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}", quoted_schema, role)});
  if (superuser) {
    read.note = "a superuser: every privilege is held";
  }
  return {read, apply, backups};
}

std::string lock_holder_of(Connection& connection, const DbUrl& /*url*/)
{
  return lock_holder(connection);
}

double server_clock(Connection& connection)
{
  return std::stod(cell(connection.query("SELECT extract(epoch FROM clock_timestamp())::float8"), 0, 0));
}

std::vector<HealthFinding> deployment_findings(Connection& connection, const DbUrl& url)
{
  std::vector<HealthFinding> findings;
  const auto standby = deployment().read_only_server(connection);
  findings.push_back(standby.empty()
                       ? HealthFinding{"standby", HealthLevel::ok, "a primary (pg_is_in_recovery() is false)", ""}
                       : HealthFinding{"standby", HealthLevel::fail, "the server " + standby,
                                       "give the primary's URL to apply, rollback, repair and backups"});
  const auto path = server_path(connection, url);
  switch (path) {
  case ServerPath::statement_pooled:
    findings.push_back({"connection path", HealthLevel::fail, "reached " + describe(path),
                        "connect to the server directly, or through a pool with pool_mode = transaction or session: "
                        "strata runs each file and its history row in one transaction"});
    break;
  case ServerPath::transaction_pooled:
    findings.push_back({"connection path", HealthLevel::ok,
                        "reached " + describe(path) +
                          ": apply takes the migration lock in a transaction of its own connection and sets no "
                          "session settings",
                        ""});
    break;
  case ServerPath::proxy:
    findings.push_back({"connection path", HealthLevel::ok, "reached " + describe(path), ""});
    break;
  case ServerPath::unknown:
  case ServerPath::direct:
    findings.push_back({"connection path", HealthLevel::ok, "direct to the server", ""});
    break;
  }
  return findings;
}

std::optional<HealthFinding> read_only_session_refused(const std::string& message)
{
  if (!pooler_refuses_options(message)) {
    return std::nullopt;
  }
  return HealthFinding{"read-only sessions", HealthLevel::warn,
                       "the pooler in between refuses libpq's `options`, through which strata makes the read-only "
                       "commands' sessions read-only: inspect, drift, status and history cannot connect through it",
                       "run the read-only commands against the server directly, or let the pooler pass the setting "
                       "on (PgBouncer: track_extra_parameters)"};
}

} // namespace

const Health& health()
{
  static const Health assembled{&server,         &privileges, &lock_holder_of, &server_clock, &deployment_findings,
                                &read_only_session_refused};
  return assembled;
}

} // namespace strata::dialects::postgres
