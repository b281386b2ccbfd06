// Views: VIEW_DEFINITION without the database name MariaDB/MySQL bake into every table reference
// (`db`.`orders`), so the query reads the same in another database; SQL SECURITY and ALGORITHM
// other than the defaults; the charset and collation the view was created under, unless they are
// the reading session's (what strata creates views with). Triggers: rebuilt as CREATE TRIGGER
// statements from the parts the server keeps. Routines: rebuilt as CREATE FUNCTION|PROCEDURE
// statements from their rows in ROUTINES and PARAMETERS (routine.hpp).

#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/routine.hpp"
#include "dialects/mysql/trigger.hpp"
#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"
#include "schemas/error.hpp"

namespace strata::introspect::mysql {

void read_views(dialects::Connection& connection, Catalog& catalog)
{
  namespace my = dialects::mysql;
  const Rows rows(connection.query(queries::views(catalog.server.mariadb)));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::View view;
    view.name = rows.str(r, "name");
    view.query = my::expr::strip_qualifier(rows.str(r, "query"), catalog.database);
    const std::string security = my::expr::ascii_lower(rows.str(r, "security"));
    if (!security.empty() && security != "definer") {
      view.options["security"] = security;
    }
    const std::string algorithm = my::expr::ascii_lower(rows.str(r, "algorithm"));
    if (!algorithm.empty() && algorithm != "undefined") {
      view.options["algorithm"] = algorithm;
    }
    const std::string charset = my::expr::ascii_lower(rows.str(r, "charset"));
    const std::string collation = my::expr::ascii_lower(rows.str(r, "collation"));
    if (charset != my::expr::ascii_lower(catalog.session_charset) ||
        collation != my::expr::ascii_lower(catalog.session_collation)) {
      view.options["charset"] = charset;
      view.options["collation"] = collation;
    }
    catalog.schema.views.push_back(std::move(view));
  }
}

void read_triggers(dialects::Connection& connection, Catalog& catalog)
{
  namespace my = dialects::mysql;
  const Rows rows(connection.query(queries::k_triggers));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Table* table = catalog.table(rows.str(r, "table_name"));
    if (table == nullptr) {
      continue; // a table the reader left out
    }
    my::TriggerParts parts;
    parts.name = rows.str(r, "name");
    parts.timing = my::expr::ascii_upper(rows.str(r, "timing"));
    parts.event = my::expr::ascii_upper(rows.str(r, "event"));
    parts.table = table->name;
    parts.body = rows.str(r, "body");
    table->triggers.push_back({parts.name, my::trigger_statement(parts), {}});
  }
}

void read_routines(dialects::Connection& connection, Catalog& catalog)
{
  namespace my = dialects::mysql;
  const Rows rows(connection.query(queries::k_routines));
  std::vector<my::RoutineParts> routines;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows.num(r, "position") < 0) { // the routine's own row, before its parameters'
      if (rows.null(r, "body")) {
        throw Error(ErrorKind::database,
                    "routine " + rows.str(r, "name") + ": the server shows its body only to its definer or to a "
                    "user allowed to read every routine (MariaDB: SELECT on mysql.proc; MySQL: SHOW_ROUTINE)");
      }
      my::RoutineParts parts;
      parts.procedure = my::expr::ascii_upper(rows.str(r, "kind")) == "PROCEDURE";
      parts.name = rows.str(r, "name");
      parts.deterministic = my::expr::ascii_upper(rows.str(r, "is_deterministic")) == "YES";
      parts.data_access = my::expr::ascii_upper(rows.str(r, "data_access"));
      parts.security = my::expr::ascii_upper(rows.str(r, "security"));
      parts.comment = rows.str(r, "comment");
      parts.body = rows.str(r, "body");
      routines.push_back(std::move(parts));
      continue;
    }
    // Rows come ordered by kind and name, a routine's own row first: a parameter row belongs to
    // the routine read last, unless the server hid that routine from this account.
    const bool procedure = my::expr::ascii_upper(rows.str(r, "kind")) == "PROCEDURE";
    if (routines.empty() || routines.back().procedure != procedure || routines.back().name != rows.str(r, "name")) {
      continue;
    }
    // A string type written without COLLATE gets the database's collation, or with another
    // character set that set's default.
    const std::string charset = rows.str(r, "charset");
    const bool database_charset = my::expr::ascii_lower(charset) == my::expr::ascii_lower(catalog.default_charset);
    const std::string type = my::catalog_routine_type(
      rows.str(r, "type"), charset, rows.str(r, "collation"),
      database_charset ? catalog.default_collation : rows.str(r, "default_collation"), catalog.default_charset);
    if (rows.num(r, "position") == 0) {
      routines.back().returns = type;
    } else {
      routines.back().parameters.push_back({my::expr::ascii_upper(rows.str(r, "mode")), rows.str(r, "parameter"), type});
    }
  }
  for (auto& parts : routines) {
    parts.aggregate = !parts.procedure && my::fetches_group_rows(parts.body);
    catalog.schema.functions.push_back({"", parts.name, "", my::routine_statement(parts), {}});
    catalog.schema.functions.back().kind = parts.procedure ? "procedure" : "";
  }
}

} // namespace strata::introspect::mysql
