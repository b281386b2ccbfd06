// Views: VIEW_DEFINITION without the database name MariaDB/MySQL bake into every table reference
// (`db`.`orders`), so the query reads the same in another database; SQL SECURITY and ALGORITHM
// other than the defaults; the charset and collation the view was created under, unless they are
// the reading session's (what strata creates views with). Triggers: rebuilt as CREATE TRIGGER
// statements from the parts the server keeps.

#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/trigger.hpp"
#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"

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

} // namespace strata::introspect::mysql
