// Tables and their columns: format_type types, defaults, identity, serial, generated columns,
// collations and comments.

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

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

} // namespace

void read_tables(dialects::Connection& connection, Catalog& catalog)
{
  const Rows tables(connection.query(catalog.sql(queries::k_tables)));
  for (size_t r = 0; r < tables.size(); ++r) {
    schemas::Table table;
    table.schema = catalog.model_schema(tables.str(r, "schema"));
    table.name = tables.str(r, "name");
    table.comment = tables.str(r, "comment");
    table.row_security = tables.str(r, "row_security");
    catalog.tables[{tables.str(r, "schema"), table.name}] = catalog.schema.tables.size();
    catalog.schema.tables.push_back(std::move(table));
  }

  const Rows columns(connection.query(catalog.sql(queries::k_columns)));
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
    table->columns.push_back(std::move(column));
  }
}

} // namespace strata::introspect::postgres
