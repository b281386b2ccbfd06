// The PostgreSQL reader: resolves the namespaces to read, then one batch catalog query per kind
// of object (queries.hpp) for all of them at once — the query count does not grow with tables.

#include "introspect/postgres/postgres_reader.hpp"

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include "dialects/postgres/canonical.hpp"

#include <algorithm>

namespace strata::introspect::postgres {

namespace {

// System namespaces and strata's backup schema are never read, even when asked for.
bool readable_namespace(const std::string& name)
{
  return !name.empty() && name != "pg_catalog" && name != "information_schema" && name.rfind("pg_toast", 0) != 0 &&
         name.rfind("pg_temp", 0) != 0 && name != "strata_backup" &&
         name.rfind("strata_backup_", 0) != 0; // strata_backup_<schema>: a tenant schema's backups
}

// The namespaces read, as the model lists them: each non-default one that exists (an extension's
// own left out), and the default one ("") when its comment is the user's.
void read_namespaces(const Rows& rows, const std::vector<std::string>& read, Catalog& catalog)
{
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string name = rows.str(i, "name");
    if (name.empty() || rows.flag(i, "extension_owned") || std::find(read.begin(), read.end(), name) == read.end()) {
      continue;
    }
    schemas::Namespace entry{catalog.model_schema(name), rows.str(i, "comment"), {}};
    if (entry.name.empty() && dialects::postgres::default_schema_comment_is_stock(entry.comment)) {
      continue;
    }
    catalog.schema.namespaces.push_back(std::move(entry));
  }
}

// The namespaces `options` asks for, resolved on the server, with the default one's comment.
Catalog open_catalog(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options)
{
  Catalog catalog;
  const Rows namespaces(connection.query(queries::k_schemas));
  catalog.default_schema = options.schema_name;
  if (catalog.default_schema.empty()) {
    catalog.default_schema = namespaces.size() > 0 ? namespaces.str(0, "current") : std::string();
  }
  if (catalog.default_schema.empty()) {
    catalog.default_schema = "public";
  }
  std::string list = dialect.quote_literal(catalog.default_schema);
  std::vector<std::string> read{catalog.default_schema};
  std::vector<std::string> extras = options.extra_schemas;
  if (options.all_schemas) {
    for (size_t i = 0; i < namespaces.size(); ++i) {
      if (!namespaces.str(i, "name").empty()) {
        extras.push_back(namespaces.str(i, "name"));
      }
    }
  }
  for (const auto& extra : extras) {
    if (readable_namespace(extra) && std::find(read.begin(), read.end(), extra) == read.end()) {
      list += "," + dialect.quote_literal(extra);
      read.push_back(extra);
    }
  }
  catalog.namespaces = "ARRAY[" + list + "]::name[]";
  read_namespaces(namespaces, read, catalog);
  append_rows(catalog.fingerprint, namespaces.result());
  return catalog;
}

} // namespace

std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options)
{
  const Catalog catalog = open_catalog(connection, dialect, options);
  // Every query the read_* functions below run, rows as they come: no model built.
  std::vector<std::string> sql{catalog.sql(queries::k_extensions), catalog.sql(queries::k_tables),
                               catalog.sql(queries::k_columns),    catalog.sql(queries::k_constraints),
                               catalog.sql(queries::k_views),      catalog.sql(queries::k_indexes),
                               catalog.sql(queries::k_types),      catalog.sql(queries::k_domains),
                               catalog.sql(queries::k_sequences),  functions_sql(catalog),
                               catalog.sql(queries::k_triggers),   catalog.sql(queries::k_policies),
                               catalog.sql(queries::k_rules)};
  if (options.privileges) {
    sql.emplace_back(queries::k_roles);
    sql.push_back(catalog.sql(queries::k_privileges));
  }
  Fingerprint out;
  auto& text = out.objects[""] = catalog.fingerprint;
  for (const auto& query : sql) {
    append_rows(text, connection.query(query));
  }
  return out;
}

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options)
{
  Catalog catalog = open_catalog(connection, dialect, options);
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
  if (options.privileges) {
    read_privileges(connection, catalog);
  }
  return std::move(catalog.schema);
}

} // namespace strata::introspect::postgres
