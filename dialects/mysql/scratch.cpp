// Scratch databases on a MySQL/MariaDB server: created with the default character set and
// collation of the database the server URL names (tables created without options get the same
// defaults there), dropped after use; and the listing/clearing of a --dev-db given by the user.
#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/scratch_common.hpp"

#include <fmt/format.h>

namespace strata::dialects::mysql {

namespace {

std::string text(const Value& value)
{
  return value.value_or("");
}

// (kind, name) of every table, view and routine of the connection's database, views first.
ResultSet user_objects(Connection& connection, const std::string& limit_clause)
{
  return connection.query(
    "SELECT kind, name FROM ("
    " SELECT IF(table_type = 'VIEW', 1, 2) AS rank_, IF(table_type = 'VIEW', 'view', 'table') AS kind,"
    " table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()"
    " UNION ALL"
    " SELECT 3, LOWER(routine_type), routine_name FROM information_schema.routines WHERE routine_schema = DATABASE()"
    " UNION ALL"
    " SELECT 4, 'event', event_name FROM information_schema.events WHERE event_schema = DATABASE()"
    ") objects ORDER BY rank_, name" + limit_clause);
}

} // namespace

DbUrl create_scratch(const DbUrl& server, const std::string& name)
{
  MysqlConnection admin(server);
  const auto source = admin.query("SELECT default_character_set_name, default_collation_name "
                                  "FROM information_schema.schemata WHERE schema_name = DATABASE()");
  std::string options;
  if (!source.rows.empty() && source.rows[0][0] && source.rows[0][1]) {
    options = fmt::format(" CHARACTER SET {} COLLATE {}", quote_identifier(text(source.rows[0][0])),
                          quote_identifier(text(source.rows[0][1])));
  }
  admin.execute("CREATE DATABASE " + quote_identifier(name) + options);
  return with_database(server, name);
}

void drop_scratch(const DbUrl& server, const DbUrl& scratch)
{
  MysqlConnection admin(server);
  admin.execute("DROP DATABASE IF EXISTS " + quote_identifier(scratch.database));
}

std::vector<std::string> list_objects(Connection& connection, size_t limit)
{
  return object_names(user_objects(connection, " LIMIT " + std::to_string(limit)));
}

void clear_database(Connection& connection)
{
  drop_objects(connection, user_objects(connection, ""), '`', "SET FOREIGN_KEY_CHECKS = 0", "SET FOREIGN_KEY_CHECKS = 1");
}

std::vector<std::string> list_databases(const DbUrl& server)
{
  // information_schema always exists and needs no privilege; the pattern is no database.
  MysqlConnection admin(with_database(server, "information_schema"));
  std::vector<std::string> names;
  for (const auto& row : admin.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN "
                                     "('mysql', 'information_schema', 'performance_schema', 'sys', " +
                                     quote_literal(k_backup_database) + ") ORDER BY 1")
                           .rows) {
    names.push_back(text(row[0]));
  }
  return names;
}

} // namespace strata::dialects::mysql
