// normalize: MySQL/MariaDB's hooks of the one normalisation walk (dialects/normal_form.hpp). Types
// go through canonical_column_type (types.cpp), defaults through canonical_default
// (normalize_defaults.cpp), expressions through expr::canonical; the table-level rules are the
// commented steps below, the index rules in normalize_indexes.cpp.

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/routine.hpp"
#include "dialects/mysql/trigger.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/mysql/normalize_parts.hpp"
#include "dialects/normal_form.hpp"
#include "dialects/remembered.hpp"
#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects::mysql {

namespace {

using schemas::Column;
using schemas::ColumnType;
using schemas::Schema;
using schemas::Table;

// A value list as an inline enum type: enum('a','it''s').
std::string enum_type(const std::vector<std::string>& values)
{
  std::string out = "enum(";
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i > 0 ? "," : "") + quote_literal(values[i]);
  }
  return out + ")";
}

// A YAML `enums:` entry used as a column type is that column's inline ENUM (MySQL has no named
// enum types, capabilities().enum_types is false).
ColumnType resolve_enum(const Schema& schema, const Table& table, const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind != ColumnType::Kind::native) {
    return type;
  }
  const auto dot = resolved.native.find('.');
  const schemas::QualifiedName name = dot == std::string::npos
                                        ? schemas::QualifiedName{table.schema, resolved.native}
                                        : schemas::QualifiedName{resolved.native.substr(0, dot), resolved.native.substr(dot + 1)};
  const schemas::Enum* item = schema.find_enum(name);
  if (item == nullptr && !name.schema.empty()) {
    item = schema.find_enum({"", name.name});
  }
  return item == nullptr ? type : ColumnType::make_native(enum_type(item->values));
}

// Table options: lower-case names and values; a collation implies its charset; InnoDB is the
// default engine of both servers (the reader only reports an engine other than the default).
void normalize_options(Table& table)
{
  std::map<std::string, std::string> options;
  for (const auto& [name, value] : table.options) {
    if (!postgres_table_option(lex::ascii_lower(name))) {
      options[lex::ascii_lower(name)] = lex::ascii_lower(value);
    }
  }
  if (options.count("engine") != 0 && options["engine"] == "innodb") {
    options.erase("engine");
  }
  if (options.count("collation") != 0) {
    options["charset"] = charset_of_collation(options["collation"]);
  }
  if (const auto start = options.find("auto_increment"); start != options.end()) {
    try {
      auto_increment_clause(table.name, start->second);
    } catch (const Error& e) {
      throw Error(e.kind(), e.what(), table.location);
    }
  }
  table.options = std::move(options);
}

// View options: lower case; DEFINER and UNDEFINED are the defaults; a collation implies its
// charset. Which charset is the default (strata's session's) only the server says: canonicalize.
void normalize_view_options(schemas::View& view)
{
  std::map<std::string, std::string> options;
  for (const auto& [name, value] : view.options) {
    options[lex::ascii_lower(name)] = lex::ascii_lower(value);
  }
  if (options.count("security") != 0 && options["security"] == "definer") {
    options.erase("security");
  }
  if (options.count("algorithm") != 0 && options["algorithm"] == "undefined") {
    options.erase("algorithm");
  }
  if (options.count("collation") != 0) {
    options["charset"] = charset_of_collation(options["collation"]);
  }
  view.options = std::move(options);
}

std::string canonical_action(const std::string& action)
{
  const std::string text = lex::ascii_lower(action);
  // InnoDB checks NO ACTION immediately: it is RESTRICT, and the two compare equal (the reader
  // keeps the catalog's word and plans render the YAML's: planner/written_text.cpp).
  return text.empty() || text == "restrict" ? std::string("no action") : text;
}

// MariaDB stores a json column as longtext with CHECK (json_valid(`c`)); that check is the type,
// not a constraint of the model.
bool json_check(const Table& table, const schemas::Check& check)
{
  const auto json = ColumnType::make_portable(schemas::PortableKind::json_);
  for (const auto& column : table.columns) {
    if (column.type == json && (check.expression == "json_valid(" + column.name + ")" ||
                                check.expression == "json_valid(`" + column.name + "`)")) {
      return true;
    }
  }
  return false;
}

class MysqlNormalForm final : public NormalForm {
protected:
  std::string expression(const std::string& text) const override
  {
    return remembered_expression(text, [&] { return expr::canonical(text); });
  }

  ColumnType type(const Schema& schema, const Table& table, const ColumnType& type) const override
  {
    return canonical_column_type(resolve_enum(schema, table, type));
  }

  std::optional<std::string> default_value(const std::optional<std::string>& value,
                                           const ColumnType& type) const override
  {
    return canonical_default(value, canonical_type_text(format_type(type)));
  }

  std::string collation(const std::string& collation) const override { return lex::ascii_lower(collation); }
  std::string action(const std::string& action) const override { return canonical_action(action); }
  // AUTO_INCREMENT supplies the value.
  bool generates_values(const Column& column) const override { return column.identity; }
  bool keeps_index_comments() const override { return true; }
  bool keeps_primary_key_comment() const override { return true; }
  bool invisible_indexes() const override { return true; }

  void table(const Schema&, Table& table) const override
  {
    table.primary_key_name.clear(); // always PRIMARY
    normalize_options(table);
  }

  // Compared by the parts the server keeps (trigger.hpp), the body in canonical form. A
  // definition that is not a CREATE TRIGGER of this trigger and table is an error at its line.
  void trigger(const Table& table, schemas::Trigger& trigger) const override
  {
    std::string problem;
    const auto parts = parse_trigger(trigger.definition, &problem);
    const auto where = "trigger " + trigger.name + " of table " + table.name + ": its definition ";
    if (!parts) {
      throw Error(ErrorKind::input, where + problem, trigger.location);
    }
    if (parts->name != trigger.name) {
      throw Error(ErrorKind::input, where + "creates trigger " + parts->name + ", not " + trigger.name,
                  trigger.location);
    }
    if (lex::ascii_lower(parts->table) != lex::ascii_lower(table.name)) {
      throw Error(ErrorKind::input, where + "is ON table " + parts->table + ", not " + table.name,
                  trigger.location);
    }
    trigger.definition = canonical_trigger(trigger.definition);
  }

  void column(const Schema&, const Table& table, Column& column) const override
  {
    const std::string type_text = canonical_type_text(format_type(column.type));
    column.on_update =
      column.on_update.empty() ? std::string() : canonical_default(column.on_update, type_text).value_or("");
    // JSON columns carry the utf8mb4_bin collation MariaDB gives them (their longtext underneath).
    if (column.type == ColumnType::make_portable(schemas::PortableKind::json_)) {
      column.collation.clear();
    }
    const auto table_collation = table.options.find("collation");
    if (table_collation != table.options.end() && column.collation == table_collation->second) {
      column.collation.clear(); // the table's own collation is no column option
    }
  }

  void index(const Table& table, schemas::Index& index) const override { normalize_index(table, index); }

  void partitioning(const Table& table, schemas::Partitioning& partitioning) const override
  {
    normalize_partitioning(table, partitioning);
  }

  void versioning(Table& table) const override { normalize_versioning(table); }

  void foreign_key(const Schema&, const Table&, schemas::ForeignKey& fk) const override
  {
    fk.match.clear(); // InnoDB parses MATCH and ignores it
    fk.deferrable = false;
    fk.initially_deferred = false;
  }

  void finish_table(Table& table) const override
  {
    add_foreign_key_indexes(table);
    table.checks.erase(std::remove_if(table.checks.begin(), table.checks.end(),
                                      [&](const schemas::Check& check) { return json_check(table, check); }),
                       table.checks.end());
  }

  void view(schemas::View& view) const override
  {
    view.comment.clear(); // MySQL views have no comments, nor their columns
    view.column_comments.clear();
    normalize_view_options(view);
  }

  void objects(Schema& schema) const override
  {
    schema.enums.clear();     // inlined into their columns
    for (auto& sequence : schema.sequences) {
      normalize_sequence(sequence); // MariaDB's
    }
    normalize_routines(schema.functions); // stored functions and procedures (routine.hpp)
    schema.extensions.clear(); // PostgreSQL's
    schema.domains.clear();    // PostgreSQL's
  }
};

} // namespace

// MariaDB system versioning: the period columns of the explicit form are NOT NULL without a
// default whatever is written (the server makes them so), and the server appends the row end
// column to the primary key and to every unique key (shown in the catalog on the explicit form
// only): a key that ends with it is compared without it. Columns of a table that is not
// versioned cannot opt out of versioning (the loader says so at the column's line).
void normalize_versioning(Table& table)
{
  if (!table.versioning->enabled) {
    table.versioning.reset();
    return;
  }
  const auto& v = *table.versioning;
  for (auto& column : table.columns) {
    if (v.period_column(column.name)) {
      column.nullable = false;
      column.default_value.reset();
      column.without_versioning = false;
    }
  }
  if (!v.explicit_period()) {
    return;
  }
  if (table.primary_key.size() > 1 && table.primary_key.back() == v.row_end) {
    table.primary_key.pop_back();
  }
  for (auto& index : table.indexes) {
    if (index.unique && index.keys.size() > 1 && !index.keys.back().is_expression() &&
        index.keys.back().column == v.row_end) {
      index.keys.pop_back();
    }
  }
}

// A MariaDB sequence: what MariaDB 10.11 cannot declare (an integer type, OWNED BY, a schema
// file comment) is an error at its line; values equal to the server's defaults are left out, as
// the reader leaves them out (a start at the first value, increment 1, the type's bounds).
void normalize_sequence(schemas::Sequence& sequence)
{
  const auto refuse = [&](const std::string& what) {
    throw Error(ErrorKind::input, "sequence " + sequence.qualified().str() + ": " + what, sequence.location);
  };
  if (!sequence.type.empty()) {
    refuse("`type` is not managed on MySQL/MariaDB (a MariaDB 10.11 sequence is a bigint)");
  }
  if (!sequence.owned_by.empty()) {
    refuse("`owned_by` is PostgreSQL's (a MariaDB sequence belongs to no column)");
  }
  if (!sequence.comment.empty()) {
    refuse("`comment` is not managed on MySQL/MariaDB sequences");
  }
  if (sequence.increment == 0LL) {
    refuse("`increment` 0 is refused by the server");
  }
  if (sequence.cache) {
    refuse("`cache` is not managed on MariaDB sequences (the server keeps its own)");
  }
  constexpr long long k_max = 9223372036854775806LL; // MariaDB's bounds: one inside bigint's
  drop_sequence_defaults(sequence, k_max, -k_max - 1);
}

Schema normalize(const Schema& schema)
{
  return MysqlNormalForm{}.normalize(schema);
}

void normalize_in_place(Schema& schema)
{
  MysqlNormalForm{}.normalize_in_place(schema);
}

bool is_normal(Schema& schema)
{
  return MysqlNormalForm{}.is_normal(schema);
}

} // namespace strata::dialects::mysql
