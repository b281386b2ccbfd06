// The PostgreSQL reader: resolves the namespaces to read, then one batch catalog query per kind
// of object (queries.hpp) for all of them at once — the query count does not grow with tables.

#include "introspect/postgres/postgres_reader.hpp"

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include "dialects/postgres/canonical.hpp"

#include <algorithm>
#include <set>

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

namespace {

// Appends the rows of the per-table queries, of the relations `catalog.relations` names (every
// one when empty), to their relation's text in `out`, each row after the number of its query.
// The tables' sizes and row estimates (their last two columns) are left out: statistics.
void append_relation_rows(dialects::Connection& connection, const Catalog& catalog, Fingerprint& out)
{
  const std::vector<std::string> sql{catalog.sql(queries::k_tables), catalog.sql(queries::k_columns),
                                     catalog.sql(queries::k_constraints), catalog.sql(queries::k_indexes)};
  for (size_t q = 0; q < sql.size(); ++q) {
    auto rows = connection.query(sql[q]);
    for (auto& row : rows.rows) { // schema and relation name first
      auto& text = out.objects[relation_key(row[0].value_or(""), row[1].value_or(""))];
      if (q == 0) {
        row.resize(row.size() - 2); // total_bytes, row_estimate
      }
      text += std::to_string(q);
      append_row(text, row);
    }
  }
}

} // namespace

std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options, const Fingerprint* previous, FingerprintDepth depth)
{
  Catalog catalog = open_catalog(connection, dialect, options);
  Fingerprint out;
  out.partial = depth == FingerprintDepth::changes; // the stamps alone
  if (!out.partial) {
    // Every query the read_* functions below run but the per-table ones, rows as they come: no model built.
    std::vector<std::string> sql{catalog.sql(queries::k_extensions), catalog.sql(queries::k_views),
                                 catalog.sql(queries::k_types),      catalog.sql(queries::k_domains),
                                 catalog.sql(queries::k_sequences),  functions_sql(catalog),
                                 catalog.sql(queries::k_triggers),   catalog.sql(queries::k_policies),
                                 catalog.sql(queries::k_rules)};
    if (options.privileges) {
      sql.emplace_back(queries::k_roles);
      sql.push_back(catalog.sql(queries::k_privileges));
    }
    auto& text = out.objects[""] = catalog.fingerprint;
    for (const auto& query : sql) {
      append_rows(text, connection.query(query));
    }
  }
  // What every relation's text depends on: when it changed, or there is no previous fingerprint,
  // every relation is read again.
  out.stamps[k_default_namespace_stamp] = catalog.default_schema;
  auto& scope = out.stamps[""] = catalog.namespaces + "\n" + catalog.fingerprint;
  append_rows(scope, connection.query(queries::k_fingerprint_scope));
  const bool carry = previous != nullptr && previous->stamps.contains("") && previous->stamps.at("") == scope;

  // The per-table queries read again the relations whose stamp changed (or that are new), and
  // those that depend on one of them; the others keep their text.
  const Rows stamps(connection.query(catalog.sql(queries::k_relation_stamps)));
  std::vector<RelationStamp> relations;
  std::set<std::string> changed;
  for (size_t i = 0; i < stamps.size(); ++i) {
    const std::string oid = stamps.str(i, "oid");
    relations.push_back({stamps.str(i, "stamp"), stamps.str(i, "refs"),
                         relation_key(stamps.str(i, "schema"), stamps.str(i, "name"))});
    const auto& stamp = out.stamps[oid] = relations.back().text();
    if (out.partial) {
      continue;
    }
    if (!carry || !previous->stamps.contains(oid) || previous->stamps.at(oid) != stamp) {
      changed.insert(oid);
    }
  }
  if (out.partial) {
    return out;
  }
  std::string again;
  size_t count = 0;
  for (size_t i = 0; i < stamps.size(); ++i) {
    const std::string oid = stamps.str(i, "oid");
    const std::string& key = relations[i].key;
    const bool read = changed.contains(oid) || relations[i].refers_to_any(changed);
    if (!read && previous->objects.contains(key)) {
      out.objects[key] = previous->objects.at(key);
      continue;
    }
    out.objects[key]; // a relation without rows still has its key
    again += (again.empty() ? "" : ",") + oid;
    ++count;
  }
  if (count > 0) {
    catalog.relations = count == stamps.size() ? std::string() : "{" + again + "}";
    append_relation_rows(connection, catalog, out);
  }
  return out;
}

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options)
{
  Catalog catalog = open_catalog(connection, dialect, options);
  if (options.only) { // the relations of these keys, with those their normal forms look up
    std::string keys;
    for (const auto& key : *options.only) {
      keys += (keys.empty() ? "" : ",") + dialect.quote_literal(key);
    }
    std::string sql = catalog.sql(queries::k_relations_of_keys);
    fill_placeholders(sql, "{keys", [&](std::string_view) { return "ARRAY[" + keys + "]::text[]"; });
    const Rows oids(connection.query(sql));
    catalog.relations = "{0"; // no relation has oid 0: none read when no key names one
    for (size_t i = 0; i < oids.size(); ++i) {
      catalog.relations += "," + oids.str(i, "oid");
    }
    catalog.relations += "}";
  }
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
