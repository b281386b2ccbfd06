#pragma once
// Shared state of the PostgreSQL reader: the Schema under construction with its tables keyed by
// (namespace, name) as stored in the catalog.

#include "dialects/connection.hpp"
#include "introspect/rows.hpp"
#include "schemas/model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace strata::introspect::postgres {

// The fingerprint key of a relation: its namespace and name (apart from "", the key of the rest).
inline std::string relation_key(const std::string& nspname, const std::string& name)
{
  return nspname + '\x1f' + name;
}
// A relation's entry in Fingerprint::stamps (under its oid): the stamp of its catalog rows, the
// oids of the relations it depends on (k_relation_stamps' refs) and its key, as one text.
struct RelationStamp {
  std::string stamp;
  std::string refs; // oids apart by spaces
  std::string key;

  std::string text() const { return stamp + ';' + refs + '\n' + key; }
  static RelationStamp parse(const std::string& text)
  {
    const auto semicolon = text.find(';');
    const auto newline = text.find('\n', semicolon);
    return {text.substr(0, semicolon), text.substr(semicolon + 1, newline - semicolon - 1), text.substr(newline + 1)};
  }
  bool refers_to_any(const std::set<std::string>& oids) const
  {
    for (size_t at = 0; at < refs.size();) {
      const auto end = std::min(refs.find(' ', at), refs.size());
      if (oids.contains(refs.substr(at, end - at))) {
        return true;
      }
      at = end + 1;
    }
    return false;
  }
};
// Fingerprint::stamps also holds the default namespace under this key (never an oid).
inline constexpr const char* k_default_namespace_stamp = "default namespace";

struct Catalog {
  std::string default_schema;       // namespace whose objects get an empty `schema`
  std::string namespaces;           // ARRAY[...] literal of every namespace read
  std::string fingerprint;          // the namespaces query's rows (append_rows), for fingerprint()
  std::string relations;            // '{oid,...}' of the only relations the per-table queries read; empty: all
  schemas::Schema schema;
  std::map<std::pair<std::string, std::string>, size_t> tables; // (nspname, relname) -> index
  std::map<std::pair<std::string, std::string>, size_t> views;  // likewise, views and materialized views
  std::set<std::pair<std::string, std::string>> serial_sequences; // (nspname, relname) owned by serial columns

  // The model's `schema` for a namespace: empty for the default one.
  std::string model_schema(const std::string& nspname) const { return nspname == default_schema ? std::string() : nspname; }
  schemas::Table* table(const std::string& nspname, const std::string& name)
  {
    const auto it = tables.find({nspname, name});
    return it == tables.end() ? nullptr : &schema.tables[it->second];
  }
  // A view or materialized view read by read_views; null when there is none.
  schemas::View* view(const std::string& nspname, const std::string& name)
  {
    const auto it = views.find({nspname, name});
    return it == views.end() ? nullptr : &schema.views[it->second];
  }
  // The indexes of a table or materialized view (read_views runs first), null for neither.
  std::vector<schemas::Index>* indexes_of(const std::string& nspname, const std::string& name)
  {
    if (auto* found = table(nspname, name)) {
      return &found->indexes;
    }
    auto* found = view(nspname, name);
    return found != nullptr && found->materialized ? &found->indexes : nullptr;
  }
  // A query with each `{ns}` replaced by the namespace list, and each `{only:c.oid}` by `true` or
  // `c.oid = ANY('{oid,...}'::oid[])` (`relations`).
  std::string sql(std::string text) const
  {
    for (auto at = text.find("{ns}"); at != std::string::npos; at = text.find("{ns}", at + namespaces.size())) {
      text.replace(at, 4, namespaces);
    }
    fill_placeholders(text, "{only:", [this](std::string_view column) {
      return relations.empty() ? std::string("true") : std::string(column) + " = ANY('" + relations + "'::oid[])";
    });
    return text;
  }
};

// pg_class.reloptions joined by chr(31) ("fillfactor=70\x1fdeduplicate_items=off") as name -> value.
std::map<std::string, std::string> storage_parameters(const std::string& joined);

void read_tables(dialects::Connection& connection, Catalog& catalog);
void read_constraints(dialects::Connection& connection, Catalog& catalog);
void read_indexes(dialects::Connection& connection, Catalog& catalog);
void read_views(dialects::Connection& connection, Catalog& catalog);
void read_types(dialects::Connection& connection, Catalog& catalog);
void read_sequences(dialects::Connection& connection, Catalog& catalog);
void read_functions(dialects::Connection& connection, Catalog& catalog);
// read_functions' query.
std::string functions_sql(const Catalog& catalog);
void read_triggers(dialects::Connection& connection, Catalog& catalog);
void read_policies(dialects::Connection& connection, Catalog& catalog);
void read_rules(dialects::Connection& connection, Catalog& catalog);
void read_extensions(dialects::Connection& connection, Catalog& catalog);
void read_domains(dialects::Connection& connection, Catalog& catalog);
// Grants of what the readers above read, and the server's roles (read_privileges.cpp).
void read_privileges(dialects::Connection& connection, Catalog& catalog);

} // namespace strata::introspect::postgres
