// Privileges (read only where they are managed): the grants on every table, view, materialized
// view, sequence, function and schema read, in one query over their ACLs, and the server's roles
// in another.

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include <map>
#include <tuple>

namespace strata::introspect::postgres {

void read_privileges(dialects::Connection& connection, Catalog& catalog)
{
  auto& schema = catalog.schema;
  schema.privileges_managed = true;
  const Rows roles(connection.query(queries::k_roles));
  for (size_t r = 0; r < roles.size(); ++r) {
    schema.roles.push_back(roles.str(r, "name"));
  }
  // The grant lists by catalog name; relations are looked up through the catalog's maps.
  std::map<std::pair<std::string, std::string>, std::vector<schemas::Grant>*> sequences;
  for (auto& sequence : schema.sequences) {
    sequences[{sequence.schema.empty() ? catalog.default_schema : sequence.schema, sequence.name}] = &sequence.grants;
  }
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<schemas::Grant>*> functions;
  for (auto& function : schema.functions) {
    functions[{function.schema.empty() ? catalog.default_schema : function.schema, function.name, function.arguments}] =
      &function.grants;
  }
  std::map<std::string, std::vector<schemas::Grant>*> namespaces;
  for (auto& entry : schema.namespaces) {
    if (!entry.name.empty()) { // the default schema's privileges are never managed
      namespaces[entry.name] = &entry.grants;
    }
  }
  const Rows rows(connection.query(catalog.sql(queries::k_privileges)));
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string kind = rows.str(r, "kind");
    const std::string nspname = rows.str(r, "schema");
    const std::string name = rows.str(r, "name");
    std::vector<schemas::Grant>* grants = nullptr;
    if (kind == "relation") {
      if (auto* table = catalog.table(nspname, name)) {
        grants = &table->grants;
      } else if (auto* view = catalog.view(nspname, name)) {
        grants = &view->grants;
      } else if (const auto it = sequences.find({nspname, name}); it != sequences.end()) {
        grants = it->second; // serial and identity sequences are their columns': not managed
      }
    } else if (kind == "function") {
      const auto it = functions.find({nspname, name, rows.str(r, "arguments")});
      grants = it == functions.end() ? nullptr : it->second;
    } else if (const auto it = namespaces.find(nspname); it != namespaces.end()) {
      grants = it->second;
    }
    if (grants != nullptr) {
      grants->push_back(schemas::Grant{rows.str(r, "role"), rows.list(r, "privileges"), rows.flag(r, "grantable"), {}});
    }
  }
}

} // namespace strata::introspect::postgres
