// Views: VIEW_DEFINITION without the database name MariaDB/MySQL bake into every table reference
// (`db`.`orders`), so the query reads the same in another database.

#include "dialects/mysql/expr.hpp"
#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"

namespace strata::introspect::mysql {

void read_views(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(queries::k_views));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::View view;
    view.name = rows.str(r, "name");
    view.query = dialects::mysql::expr::strip_qualifier(rows.str(r, "query"), catalog.database);
    catalog.schema.views.push_back(std::move(view));
  }
}

} // namespace strata::introspect::mysql
