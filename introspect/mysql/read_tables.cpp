// Tables (engine, charset/collation, the other options of CREATE_OPTIONS, comment) and their columns in
// ORDINAL_POSITION order; partitions; MariaDB sequences.

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"

#include <algorithm>
#include <string>

namespace strata::introspect::mysql {

namespace {

namespace my = dialects::mysql;

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// MySQL 8 prints a literal default bare (MariaDB quotes it); expressions are flagged
// DEFAULT_GENERATED in EXTRA. A bare literal of a non-numeric column is quoted here, so that both
// servers give the model the same SQL text.
std::optional<std::string> column_default(const Catalog& catalog, const Rows& rows, size_t r, const std::string& extra)
{
  if (rows.null(r, "default_value")) {
    return std::nullopt;
  }
  const std::string value = rows.str(r, "default_value");
  if (catalog.server.quoted_column_defaults() || contains(extra, "default_generated")) {
    return value;
  }
  static const std::vector<std::string> bare{"tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
                                             "float", "double", "bit", "year"};
  const std::string data_type = my::expr::ascii_lower(rows.str(r, "data_type"));
  if (std::find(bare.begin(), bare.end(), data_type) != bare.end()) {
    return value;
  }
  return my::quote_literal(value);
}

} // namespace

void read_tables(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(queries::k_tables));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows.str(r, "type") == "SEQUENCE") {
      catalog.sequences.push_back(rows.str(r, "name")); // its values: read_sequences
      continue;
    }
    schemas::Table table;
    table.name = rows.str(r, "name");
    table.comment = rows.str(r, "comment");
    // Its period columns, if any, are read with the columns (GENERATION_EXPRESSION ROW START/END).
    if (rows.str(r, "type") == "SYSTEM VERSIONED") {
      table.versioning.edit().enabled = true;
    }
    // Options only where the table differs from the database defaults, so that a YAML table
    // without options matches a table created with the defaults.
    const std::string engine = rows.str(r, "engine");
    if (!engine.empty() && my::expr::ascii_lower(engine) != my::expr::ascii_lower(catalog.default_engine)) {
      table.options["engine"] = engine;
    }
    const std::string collation = rows.str(r, "collation");
    if (!collation.empty() && collation != catalog.default_collation) {
      table.options["charset"] = my::charset_of_collation(collation);
      table.options["collation"] = collation;
    }
    // The options the table was created or altered with (CREATE_OPTIONS: "row_format=COMPACT
    // stats_persistent=1 partitioned"); flags without a value (partitioned) are not options.
    std::string created = rows.str(r, "create_options");
    for (size_t at = 0; at < created.size();) {
      const size_t end = std::min(created.find(' ', at), created.size());
      const std::string word = created.substr(at, end - at);
      if (const auto eq = word.find('='); eq != std::string::npos && my::managed_table_option(word.substr(0, eq))) {
        table.options[word.substr(0, eq)] = my::expr::ascii_lower(word.substr(eq + 1));
      } else if (my::expr::ascii_lower(word) == "partitioned") {
        catalog.partitioned.push_back(table.name);
      }
      at = end + 1;
    }
    // Live facts for the locking risks: InnoDB's statistics (TABLE_ROWS an estimate; MySQL 8
    // caches both for information_schema_stats_expiry seconds).
    if (!rows.null(r, "total_bytes")) {
      table.estimate.bytes = rows.num(r, "total_bytes");
    }
    if (!rows.null(r, "row_estimate")) {
      table.estimate.rows = rows.num(r, "row_estimate");
    }
    catalog.collations[table.name] = collation;
    catalog.tables[table.name] = catalog.schema.tables.size();
    catalog.schema.tables.push_back(std::move(table));
  }
}

void read_columns(dialects::Connection& connection, Catalog& catalog)
{
  TableColumns gathered;
  each_chunk(connection, queries::k_columns, [&](const Rows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string table_name = rows.str(r, "table_name");
      schemas::Table* table = catalog.table(table_name);
      if (table == nullptr) {
        continue; // a view's column
      }
      schemas::Column column;
      column.name = rows.str(r, "name");
      // The canonical type (portable where exact), so that the YAML inspect writes loads back to
      // the same type: MySQL's `timestamp` would otherwise read back as the portable timestamp.
      column.type = my::canonical_column_type(schemas::ColumnType::make_native(rows.str(r, "type")));
      column.nullable = rows.str(r, "nullable") == "YES";
      const std::string extra = my::expr::ascii_lower(rows.str(r, "extra"));
      column.identity = contains(extra, "auto_increment");
      const std::string generation = rows.str(r, "generation");
      // MariaDB: the period columns of a system-versioned table are GENERATED ALWAYS AS ROW START /
      // ROW END (the implicit form's hidden ones are not listed); a column left out of the history
      // says WITHOUT SYSTEM VERSIONING.
      column.without_versioning = contains(extra, "without system versioning");
      if (const std::string period = my::expr::ascii_lower(generation);
          contains(extra, "generated") && (period == "row start" || period == "row end")) {
        auto& versioning = table->versioning.edit();
        (period == "row start" ? versioning.row_start : versioning.row_end) = column.name;
      } else if (contains(extra, "generated") && !contains(extra, "default_generated") && !generation.empty()) {
        column.generated = schemas::GeneratedColumn{generation, contains(extra, "stored") || contains(extra, "persistent")};
      } else if (!column.identity) {
        column.default_value = column_default(catalog, rows, r, extra);
        // MariaDB reports DEFAULT NULL of a nullable column as the text NULL: no default.
        if (column.default_value == std::optional<std::string>("NULL")) {
          column.default_value.reset();
        } else if (column.default_value && contains(*column.default_value, "`")) {
          // MariaDB names a sequence with its database (nextval(`db`.`s`)): the schema's own
          // objects have no database.
          column.default_value = my::expr::strip_qualifier(*column.default_value, catalog.database);
        }
      }
      const auto on_update = extra.find("on update ");
      if (on_update != std::string::npos) {
        column.on_update = rows.str(r, "extra").substr(on_update + 10);
      }
      const std::string collation = rows.str(r, "collation");
      if (!collation.empty() && collation != catalog.collations[table_name]) {
        column.collation = collation;
      }
      column.comment = rows.str(r, "comment");
      gathered.add(*table, std::move(column));
    }
  });
  gathered.finish();
}

// The bound of a partition as YAML writes it: RANGE "LESS THAN (10)" / "LESS THAN MAXVALUE", LIST
// "IN (1,2)" from the catalog's PARTITION_DESCRIPTION; nothing for HASH and KEY.
std::string partition_values(const std::string& method, const std::string& description)
{
  if (method == "range" && my::expr::ascii_lower(description) == "maxvalue") {
    return "LESS THAN MAXVALUE";
  }
  if (method.rfind("range", 0) == 0) {
    return "LESS THAN (" + description + ")"; // RANGE COLUMNS: MAXVALUE in parentheses
  }
  if (method.rfind("list", 0) == 0) {
    return "IN (" + description + ")";
  }
  return {};
}

void read_partitions(dialects::Connection& connection, Catalog& catalog)
{
  if (catalog.partitioned.empty()) {
    return;
  }
  std::string names;
  for (const auto& name : catalog.partitioned) {
    names += (names.empty() ? "" : ", ") + my::quote_literal(name);
  }
  const Rows rows(connection.query(std::string(queries::k_partitions) + " AND p.TABLE_NAME IN (" + names + ")" +
                                   queries::k_partitions_order));
  std::map<std::string, int> subpartitions; // "table partition" -> how many
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Table* table = catalog.table(rows.str(r, "table_name"));
    if (table == nullptr) {
      continue;
    }
    auto& p = table->partitioning.edit(); // a row per partition: the table is partitioned
    const std::string name = rows.str(r, "name");
    if (p.empty()) {
      p.method = my::expr::ascii_lower(rows.str(r, "method"));
      p.expression = my::expr::canonical(rows.str(r, "expression"));
      p.sub_method = my::expr::ascii_lower(rows.str(r, "sub_method"));
      p.sub_expression = my::expr::canonical(rows.str(r, "sub_expression"));
    }
    if (p.partitions.empty() || p.partitions.back().name != name) {
      p.partitions.push_back({name, partition_values(p.method, rows.str(r, "description")), rows.str(r, "comment"), {}});
    }
    if (!rows.null(r, "subpartition")) {
      // Subpartitions are read as a count per partition (their names are the server's).
      p.sub_count = ++subpartitions[table->name + " " + name];
    }
  }
}

void read_sequences(dialects::Connection& connection, Catalog& catalog)
{
  if (catalog.sequences.empty()) {
    return;
  }
  std::vector<std::string> names;
  std::vector<std::string> labels;
  for (const auto& name : catalog.sequences) {
    names.push_back(my::quote_identifier(name));
    labels.push_back(my::quote_literal(name));
  }
  const Rows rows(connection.query(queries::sequences(names, labels)));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Sequence sequence;
    sequence.name = rows.str(r, "name");
    sequence.start = std::stoll(rows.str(r, "start"));
    sequence.increment = std::stoll(rows.str(r, "increment"));
    sequence.min_value = std::stoll(rows.str(r, "min_value"));
    sequence.max_value = std::stoll(rows.str(r, "max_value"));
    sequence.cycle = rows.str(r, "cycle") == "1";
    my::normalize_sequence(sequence); // the server's defaults left out, as a schema file would
    catalog.schema.sequences.push_back(std::move(sequence));
  }
}

} // namespace strata::introspect::mysql
