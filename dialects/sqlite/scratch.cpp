// Scratch databases on SQLite: an in-memory database (it lives as long as the one connection the
// caller keeps open); and the listing/clearing of a --dev-db file given by the user.
#include "dialects/sqlite/internal.hpp"
#include "dialects/scratch_common.hpp"

namespace strata::dialects::sqlite {

namespace {

// (type, name) of every user object, views and triggers first (a table drop takes its indexes).
// The shadow tables of virtual tables are left out: dropping the virtual table drops them.
ResultSet user_objects(Connection& connection, const std::string& limit_clause)
{
  return connection.query("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                          "AND type IN ('table', 'view', 'trigger', 'index') "
                          "AND tbl_name NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' "
                          "AND type = 'shadow') "
                          "ORDER BY CASE type WHEN 'view' THEN 1 WHEN 'trigger' THEN 2 WHEN 'index' THEN 3 ELSE 4 END, "
                          "name" + limit_clause);
}

} // namespace

DbUrl create_scratch(const DbUrl& server, const std::string& /*name*/)
{
  DbUrl url = server;
  url.scheme = "sqlite";
  url.path = ":memory:";
  url.original = "sqlite::memory:";
  url.params.clear();
  return url;
}

void drop_scratch(const DbUrl& /*server*/, const DbUrl& /*scratch*/) {}

std::vector<std::string> list_objects(Connection& connection, size_t limit)
{
  return object_names(user_objects(connection, " LIMIT " + std::to_string(limit)));
}

void clear_database(Connection& connection)
{
  drop_objects(connection, user_objects(connection, ""), '"', "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON");
}

} // namespace strata::dialects::sqlite
