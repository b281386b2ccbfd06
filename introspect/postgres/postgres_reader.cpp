// The PostgreSQL reader: resolves the namespaces to read, then one batch catalog query per kind
// of object (queries.hpp) for all of them at once — the query count does not grow with tables.

#include "introspect/postgres/postgres_reader.hpp"

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

namespace strata::introspect::postgres {

namespace {

// System namespaces and strata's backup schema are never read, even when asked for.
bool readable_namespace(const std::string& name)
{
  return !name.empty() && name != "pg_catalog" && name != "information_schema" && name.rfind("pg_toast", 0) != 0 &&
         name.rfind("pg_temp", 0) != 0 && name != "strata_backup" &&
         name.rfind("strata_backup_", 0) != 0; // strata_backup_<schema>: a tenant schema's backups
}

} // namespace

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options)
{
  Catalog catalog;
  catalog.default_schema = options.schema_name;
  if (catalog.default_schema.empty()) {
    const Rows rows(connection.query(queries::k_current_schema));
    catalog.default_schema = rows.size() > 0 ? rows.str(0, "name") : "public";
  }
  std::string list = dialect.quote_literal(catalog.default_schema);
  std::vector<std::string> extras = options.extra_schemas;
  if (options.all_schemas) {
    const Rows rows(connection.query(queries::k_namespaces));
    for (size_t i = 0; i < rows.size(); ++i) {
      extras.push_back(rows.str(i, "name"));
    }
  }
  for (const auto& extra : extras) {
    if (readable_namespace(extra) && extra != catalog.default_schema) {
      list += "," + dialect.quote_literal(extra);
    }
  }
  catalog.namespaces = "ARRAY[" + list + "]::name[]";

  read_extensions(connection, catalog);
  read_tables(connection, catalog);
  read_constraints(connection, catalog);
  read_views(connection, catalog);
  read_indexes(connection, catalog); // of tables and materialized views
  read_types(connection, catalog); // enums and composite types
  read_domains(connection, catalog);
  read_sequences(connection, catalog);
  read_functions(connection, catalog);
  read_triggers(connection, catalog);
  read_policies(connection, catalog);
  read_rules(connection, catalog);
  return std::move(catalog.schema);
}

} // namespace strata::introspect::postgres
