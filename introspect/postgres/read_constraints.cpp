// Primary keys, foreign keys, checks (pg_constraint) and indexes with UNIQUE constraints
// (pg_index, one row per key).

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include <map>

namespace strata::introspect::postgres {

namespace {

// pg_constraint confupdtype/confdeltype codes.
std::string action(const std::string& code)
{
  switch (code.empty() ? 'a' : code[0]) {
  case 'r': return "restrict";
  case 'c': return "cascade";
  case 'n': return "set null";
  case 'd': return "set default";
  default: return "no action";
  }
}

} // namespace

// pg_class.reloptions joined by chr(31): "fillfactor=70\x1fdeduplicate_items=off".
std::map<std::string, std::string> storage_parameters(const std::string& joined)
{
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find('\x1f', start);
    end = end == std::string::npos ? joined.size() : end;
    const std::string item = joined.substr(start, end - start);
    const size_t equals = item.find('=');
    if (equals != std::string::npos) {
      out[item.substr(0, equals)] = item.substr(equals + 1);
    }
    start = end + 1;
  }
  return out;
}

void read_constraints(dialects::Connection& connection, Catalog& catalog)
{
  each_chunk(connection, catalog.sql(queries::k_constraints), [&](const Rows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      schemas::Table* table = catalog.table(rows.str(r, "schema"), rows.str(r, "table_name"));
      if (table == nullptr) {
        continue;
      }
      const std::string type = rows.str(r, "type");
      const std::string name = rows.str(r, "name");
      if (type == "p") {
        table->primary_key = rows.list(r, "columns");
        table->primary_key_name = name; // normalize() clears the implicit <table>_pkey
        table->primary_key_deferrable = rows.flag(r, "deferrable");
        table->primary_key_initially_deferred = rows.flag(r, "deferred");
        table->primary_key_comment = rows.str(r, "comment");
      } else if (type == "f") {
        schemas::ForeignKey fk;
        fk.name = name;
        fk.columns = rows.list(r, "columns");
        // A parent in another namespace than the default one is named with its schema.
        fk.references = {catalog.model_schema(rows.str(r, "ref_schema")), rows.str(r, "ref_table")};
        fk.ref_columns = rows.list(r, "ref_columns");
        fk.on_update = action(rows.str(r, "on_update"));
        fk.on_delete = action(rows.str(r, "on_delete"));
        fk.match = rows.str(r, "match") == "f" ? "full" : rows.str(r, "match") == "p" ? "partial" : "";
        fk.deferrable = rows.flag(r, "deferrable");
        fk.initially_deferred = rows.flag(r, "deferred");
        fk.not_valid = !rows.flag(r, "validated");
        fk.comment = rows.str(r, "comment");
        table->foreign_keys.push_back(std::move(fk));
      } else if (type == "c") {
        table->checks.push_back({name, rows.str(r, "expression"), {}, !rows.flag(r, "validated"),
                                 rows.flag(r, "no_inherit"), rows.str(r, "comment")});
      }
    }
  });
}

void read_indexes(dialects::Connection& connection, Catalog& catalog)
{
  schemas::Index* current = nullptr;
  std::string current_key;
  each_chunk(connection, catalog.sql(queries::k_indexes), [&](const Rows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<schemas::Index>* indexes = catalog.indexes_of(rows.str(r, "schema"), rows.str(r, "table_name"));
      if (indexes == nullptr) {
        continue;
      }
      const std::string key = rows.str(r, "schema") + '\x1f' + rows.str(r, "table_name") + '\x1f' + rows.str(r, "name");
      if (current == nullptr || key != current_key) {
        schemas::Index index;
        index.name = rows.str(r, "name");
        index.unique = rows.flag(r, "is_unique");
        index.constraint = rows.str(r, "constraint_type") == "u";
        index.method = rows.str(r, "method");
        index.where = rows.str(r, "predicate");
        index.nulls_not_distinct = rows.flag(r, "nulls_not_distinct");
        index.deferrable = rows.flag(r, "deferrable");
        index.initially_deferred = rows.flag(r, "deferred");
        index.with = storage_parameters(rows.str(r, "reloptions"));
        index.comment = rows.str(r, "comment");
        indexes->push_back(std::move(index));
        current = &indexes->back();
        current_key = key;
      }
      const bool included = rows.num(r, "position") > rows.num(r, "key_count");
      if (included) {
        current->include.push_back(rows.str(r, "column_name"));
        continue;
      }
      schemas::IndexKey index_key;
      if (!rows.null(r, "column_name")) {
        index_key.column = rows.str(r, "column_name");
      } else {
        index_key.expression = rows.str(r, "key_def");
      }
      index_key.descending = rows.flag(r, "descending");
      // Written only when not the direction's own (ASC: NULLS LAST, DESC: NULLS FIRST).
      if (rows.flag(r, "nulls_first") != index_key.descending) {
        index_key.nulls = index_key.descending ? "last" : "first";
      }
      index_key.collation = rows.str(r, "collation");
      index_key.opclass = rows.str(r, "opclass");
      index_key.with = rows.str(r, "exclusion_operator");
      current->keys.push_back(std::move(index_key));
    }
  });
}

} // namespace strata::introspect::postgres
