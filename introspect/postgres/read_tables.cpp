// Tables and their columns: format_type types, defaults, identity, serial, generated columns,
// collations and comments.

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace strata::introspect::postgres {

namespace {

// integer + nextval('<its owned sequence>') is what `serial` expands to.
std::string serial_type(const std::string& type)
{
  if (type == "integer") {
    return "serial";
  }
  if (type == "bigint") {
    return "bigserial";
  }
  return type == "smallint" ? "smallserial" : std::string();
}

bool default_uses_sequence(const std::string& default_expr, const std::string& sequence)
{
  return default_expr.rfind("nextval(", 0) == 0 && default_expr.find(sequence) != std::string::npos;
}

// "RANGE (created_at)" -> method "range", key "created_at" (pg_get_partkeydef's form).
schemas::Partitioning partitioning_of(const std::string& keydef, std::vector<std::string> columns)
{
  schemas::Partitioning out;
  const auto open = keydef.find(" (");
  if (open == std::string::npos || keydef.back() != ')') {
    return out;
  }
  for (char c : keydef.substr(0, open)) {
    out.method += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!columns.empty()) {
    out.columns = std::move(columns);
  } else {
    out.expression = keydef.substr(open + 2, keydef.size() - open - 3);
  }
  return out;
}

} // namespace

void read_tables(dialects::Connection& connection, Catalog& catalog)
{
  const Rows tables(connection.query(catalog.sql(queries::k_tables)));
  catalog.schema.tables.reserve(catalog.schema.tables.size() + tables.size()); // 448 bytes each: no doubling's slack beside the read
  for (size_t r = 0; r < tables.size(); ++r) {
    schemas::Table table;
    table.schema = catalog.model_schema(tables.str(r, "schema"));
    table.name = tables.str(r, "name");
    table.comment = tables.str(r, "comment");
    table.row_security = tables.str(r, "row_security");
    table.options = storage_parameters(tables.str(r, "reloptions")); // PostgreSQL's table options
    for (const auto& [name, value] : storage_parameters(tables.str(r, "toast_reloptions"))) {
      table.options["toast." + name] = value; // kept on the TOAST table, set through the table
    }
    if (tables.flag(r, "unlogged")) {
      table.options["unlogged"] = "true";
    }
    if (!tables.null(r, "partition_key")) {
      table.partitioning = partitioning_of(tables.str(r, "partition_key"), tables.list(r, "partition_columns"));
    }
    if (!tables.null(r, "parent_name")) {
      auto& partition_of = table.partition_of.edit();
      partition_of.table = {catalog.model_schema(tables.str(r, "parent_schema")), tables.str(r, "parent_name")};
      const std::string bound = tables.str(r, "partition_bound");
      partition_of.is_default = bound == "DEFAULT";
      partition_of.bound = partition_of.is_default ? std::string() : bound;
    }
    if (!tables.null(r, "total_bytes")) {
      table.estimate.bytes = tables.num(r, "total_bytes");
    }
    if (!tables.null(r, "row_estimate")) {
      table.estimate.rows = tables.num(r, "row_estimate");
    }
    catalog.tables[{tables.str(r, "schema"), table.name}] = catalog.schema.tables.size();
    catalog.schema.tables.push_back(std::move(table));
  }

  TableColumns gathered;
  each_chunk(connection, catalog.sql(queries::k_columns), [&](const Rows& columns) {
    for (size_t r = 0; r < columns.size(); ++r) {
      schemas::Table* table = catalog.table(columns.str(r, "schema"), columns.str(r, "table_name"));
      if (table == nullptr) {
        continue;
      }
      schemas::Column column;
      column.name = columns.str(r, "name");
      std::string type = columns.str(r, "type");
      column.nullable = !columns.flag(r, "notnull");
      const std::string identity = columns.str(r, "identity");
      const std::string generated = columns.str(r, "generated");
      const std::string default_expr = columns.str(r, "default_expr");
      const std::string serial_seq = columns.str(r, "serial_seq");
      if (!identity.empty()) {
        column.identity = true;
        column.identity_always = identity == "a";
      } else if (generated == "s") {
        column.generated = schemas::GeneratedColumn{default_expr, true};
      } else if (!serial_seq.empty() && default_uses_sequence(default_expr, serial_seq) && !serial_type(type).empty()) {
        // `serial` gives the sequence the column's integer type; any other one is written out.
        if (columns.str(r, "serial_seq_type") != type) {
          column.sequence_type = columns.str(r, "serial_seq_type");
        }
        type = serial_type(type);
        catalog.serial_sequences.insert({columns.str(r, "schema"), serial_seq});
      } else if (!columns.null(r, "default_expr")) {
        column.default_value = default_expr;
      }
      column.type = schemas::ColumnType::make_native(type);
      column.collation = columns.str(r, "collation");
      column.comment = columns.str(r, "comment");
      gathered.add(*table, std::move(column));
    }
  });
  gathered.finish();
}

} // namespace strata::introspect::postgres
