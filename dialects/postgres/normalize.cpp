// normalize: PostgreSQL's hooks of the one normalisation walk (dialects/normal_form.hpp): its
// canonical types, defaults, collations and implicit names, and what it does not manage. Each
// rule is a commented step below; expression text goes through expr::canonical (expr.hpp).

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/function.hpp"
#include "dialects/postgres/rule.hpp"
#include "dialects/postgres/trigger.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/partitions.hpp"
#include "dialects/normal_form.hpp"
#include "dialects/remembered.hpp"
#include "schemas/privileges.hpp"
#include "schemas/error.hpp"
#include "schemas/naming.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace strata::dialects::postgres {

namespace {

using schemas::Column;
using schemas::ColumnType;
using schemas::ForeignKey;
using schemas::Index;
using schemas::Schema;
using schemas::Table;

bool serial_type(const ColumnType& type)
{
  return type.kind == ColumnType::Kind::native &&
         (type.native == "serial" || type.native == "bigserial" || type.native == "smallserial");
}

// The integer type of the sequence PostgreSQL creates for a serial type (canonical spelling).
std::string serial_sequence_type(const ColumnType& type)
{
  return type.native == "serial" ? "integer" : type.native == "bigserial" ? "bigint" : "smallint";
}

// Defaults: canonical expression; DEFAULT NULL is no default; a string literal cast to the
// column's own type ('open'::status, '{}'::jsonb) is the literal.
std::optional<std::string> canonical_default(const std::optional<std::string>& value, const std::string& type)
{
  if (!value) {
    return std::nullopt;
  }
  std::string text = expr::canonical(*value);
  if (text.empty() || text == "NULL") {
    return std::nullopt;
  }
  const auto tokens = expr::tokenize(text);
  if (tokens.size() >= 3 && tokens[0].kind == expr::TokenKind::string && tokens[1].kind == expr::TokenKind::cast) {
    const std::string cast = text.substr(text.find("::", tokens[0].text.size()) + 2);
    if (canonical_type_name(cast) == type) {
      text = tokens[0].text;
    }
  }
  return text;
}

std::string canonical_collation(const std::string& collation)
{
  std::string name = collation;
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.rfind("pg_catalog.", 0) == 0) {
    name = name.substr(11);
  }
  return name == "default" ? std::string() : name;
}

std::string canonical_action(const std::string& action)
{
  const std::string text = expr::ascii_lower(action);
  return text.empty() ? "no action" : text;
}

// PostgreSQL's implicit constraint names: "<table>_<column>_<label>", the longer part truncated
// so the whole fits in 63 bytes (NAMEDATALEN - 1), as makeObjectName does.
std::string implicit_name(std::string table, std::string column, const std::string& label)
{
  const size_t limit = 63;
  const size_t overhead = label.size() + 1 + (column.empty() ? 0 : 1);
  while (table.size() + column.size() + overhead > limit) {
    (table.size() > column.size() ? table : column).pop_back();
  }
  return table + (column.empty() ? "" : "_" + column) + "_" + label;
}

// An operator class as the catalog names it: each unquoted part folded to lower case, quotes
// dropped, pg_catalog's classes bare.
std::string canonical_opclass(const std::string& opclass)
{
  std::string out;
  for (const auto& token : expr::tokenize(opclass)) {
    const bool name = token.kind == expr::TokenKind::word || token.kind == expr::TokenKind::quoted_identifier;
    out += name ? expr::identifier_text(token) : token.text;
  }
  return out.rfind("pg_catalog.", 0) == 0 ? out.substr(11) : out;
}

// A lone column name written as an index expression is that column's key.
void lone_column_key(const Table& table, schemas::IndexKey& key)
{
  const auto tokens = expr::tokenize(key.expression);
  if (tokens.size() == 1 && tokens[0].kind != expr::TokenKind::string && tokens[0].kind != expr::TokenKind::number) {
    const std::string name = tokens[0].kind == expr::TokenKind::word ? tokens[0].text : expr::identifier_text(tokens[0]);
    if (table.find_column(name) != nullptr) {
      key.column = name;
      key.expression.clear();
    }
  }
}

// The options of a sequence of integer type `type` (canonical; empty: bigint) with the server's
// defaults left unset.
void normalize_sequence_options(schemas::SequenceOptions& sequence, const std::string& type)
{
  if (sequence.cache == 1LL) {
    sequence.cache.reset();
  }
  const long long type_max = type == "integer" ? 2147483647LL : type == "smallint" ? 32767LL : 9223372036854775807LL;
  drop_sequence_defaults(sequence, type_max, -type_max - 1);
}

void normalize_sequence(schemas::Sequence& sequence)
{
  sequence.type = sequence.type.empty() ? std::string() : canonical_type_name(sequence.type);
  if (sequence.type == "bigint") {
    sequence.type.clear();
  }
  normalize_sequence_options(sequence, sequence.type);
}

// PostgreSQL's table options: `unlogged` and the table's storage parameters (names and values
// without case; `unlogged: false` is none). Other engines' options (engine, charset, strict, …)
// are not PostgreSQL's and are left out, so one schema file serves several engines. A partition's
// and a partitioned table's are not managed.
std::map<std::string, std::string> table_options(const Table& table)
{
  std::map<std::string, std::string> out;
  if (!table.partition_of->empty() || !table.partitioning->empty()) {
    return out;
  }
  for (const auto& [key, value] : table.options) {
    const std::string name = expr::ascii_lower(key);
    const std::string text = expr::ascii_lower(value);
    if (name == "unlogged") {
      if (text == "true" || text == "yes" || text == "on") {
        out[name] = "true";
      }
    } else if (postgres_table_option(name)) {
      out[name] = text;
    }
  }
  return out;
}

// A type naming an enum or a composite type of the schema, as format_type() prints it: the type's
// name quoted where PostgreSQL's quote_identifier quotes it (mixed case, non-ASCII, a keyword; case
// preserved), after its schema when it has one, with a "[]" per array dimension. The text names the
// type when its identifiers — bare words as written, quoted ones unquoted — equal the type's name
// exactly ("OrderStatus", "\"OrderStatus\"", "audit.OrderStatus", "OrderStatus[]"); an unqualified
// name is a type of the default schema. Nothing for any other type (compared as SQL text, bare words
// folded).
std::optional<std::string> enum_type_text(const Schema& schema, const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind != ColumnType::Kind::native) {
    return std::nullopt;
  }
  const auto tokens = expr::tokenize(resolved.native);
  std::vector<std::string> parts;
  size_t i = 0;
  for (; i < tokens.size(); ++i) {
    const bool name =
      tokens[i].kind == expr::TokenKind::word || tokens[i].kind == expr::TokenKind::quoted_identifier;
    if (name != (parts.size() * 2 == i)) {
      break; // names and dots alternate
    }
    if (name) {
      parts.push_back(tokens[i].kind == expr::TokenKind::word ? tokens[i].text : expr::identifier_text(tokens[i]));
    } else if (tokens[i].kind != expr::TokenKind::dot) {
      break;
    }
  }
  if (parts.empty() || parts.size() > 2 || i != parts.size() * 2 - 1) {
    return std::nullopt;
  }
  std::string dims;
  for (; i + 1 < tokens.size() && tokens[i].text == "[" && tokens[i + 1].text == "]"; i += 2) {
    dims += "[]";
  }
  const schemas::QualifiedName name =
    parts.size() == 2 ? schemas::QualifiedName{parts[0], parts[1]} : schemas::QualifiedName{"", parts[0]};
  if (i != tokens.size() || (schema.find_enum(name) == nullptr && schema.find_composite_type(name) == nullptr)) {
    return std::nullopt;
  }
  return (name.schema.empty() ? std::string() : shown_identifier(name.schema) + ".") + shown_identifier(name.name) +
         dims;
}

class PostgresNormalForm final : public NormalForm {
protected:
  std::string expression(const std::string& text) const override
  {
    return remembered_expression(text, [&] { return expr::canonical(text); });
  }

  // An enum's or composite type's name keeps its case (enum_type_text); every other type is
  // canonical SQL text.
  ColumnType type(const Schema& schema, const Table&, const ColumnType& type) const override
  {
    if (auto text = enum_type_text(schema, type)) {
      return ColumnType::make_native(*text);
    }
    return canonical_column_type(type);
  }

  std::optional<std::string> default_value(const std::optional<std::string>& value,
                                           const ColumnType& type) const override
  {
    return canonical_default(value, format_type(type));
  }

  std::string collation(const std::string& collation) const override { return canonical_collation(collation); }

  // A serial column's sequence type is kept only where it differs from the one PostgreSQL gives
  // the serial type; on any other column it is an error.
  std::string sequence_type(const Column& column) const override
  {
    if (column.sequence_type.empty()) {
      return {};
    }
    if (!serial_type(column.type)) {
      throw Error(ErrorKind::input, "sequence_type applies only to serial, bigserial and smallserial columns");
    }
    const std::string type = canonical_type_name(column.sequence_type);
    return type == serial_sequence_type(column.type) ? std::string() : type;
  }
  std::string action(const std::string& action) const override { return canonical_action(action); }

  bool keeps_not_valid() const override { return true; }
  bool keeps_no_inherit() const override { return true; }
  bool keeps_key_extras() const override { return true; }
  bool materialized_views() const override { return true; }

  // Identity and serial columns take their values from their sequence: no default, NOT NULL.
  bool generates_values(const Column& column) const override
  {
    return column.identity || serial_type(column.type);
  }

  void partitioning(const Table& table, schemas::Partitioning& partitioning) const override
  {
    normalize_partitioning(table, partitioning);
  }
  void partition_of(const Schema&, const Table& table, schemas::PartitionOf& partition_of) const override
  {
    normalize_partition_of(table, partition_of);
  }

  void table(const Schema&, Table& table) const override
  {
    if (table.primary_key_name == implicit_name(table.name, "", "pkey")) {
      table.primary_key_name.clear();
    }
    // INITIALLY DEFERRED implies DEFERRABLE; a table without a key has none of it.
    table.primary_key_deferrable = !table.primary_key.empty() &&
                                   (table.primary_key_deferrable || table.primary_key_initially_deferred);
    table.primary_key_initially_deferred = !table.primary_key.empty() && table.primary_key_initially_deferred;
    if (table.primary_key.empty()) {
      table.primary_key_comment.clear();
    }
    // Check names are compared as written: strata creates every check with its name (the YAML
    // loader's "<table>_check[N]" for unnamed ones), and inspect writes the catalog's names.
    table.options = table_options(table);
  }

  // Compared in the server's form (canonicalize.cpp), under the table's own name. A definition
  // that is not a CREATE TRIGGER of this trigger and table is an error at its line.
  void trigger(const Table& table, schemas::Trigger& trigger) const override
  {
    std::string problem;
    const auto header = parse_trigger(trigger.definition, &problem);
    const auto where = "trigger " + trigger.name + " of table " + table.name + ": its definition ";
    if (!header) {
      throw Error(ErrorKind::input, where + problem, trigger.location);
    }
    if (header->name != trigger.name) {
      throw Error(ErrorKind::input, where + "creates trigger " + header->name + ", not " + trigger.name,
                  trigger.location);
    }
    if (header->table != table.name) {
      throw Error(ErrorKind::input, where + "is ON table " + header->table + ", not " + table.name, trigger.location);
    }
    trigger.definition = canonical_trigger(trigger.definition, shown_table(table));
  }

  // Compared in the server's form (canonicalize.cpp) like triggers. A definition that is not a
  // CREATE RULE of this rule and relation, or an ON SELECT rule (that is a view), is an error at its line.
  void rules(const schemas::QualifiedName& relation, const char* kind, std::vector<schemas::Rule>& rules) const override
  {
    for (auto& rule : rules) {
      std::string problem;
      const auto header = parse_rule(rule.definition, &problem);
      const auto where = "rule " + rule.name + " of " + kind + " " + relation.str() + ": its definition ";
      if (!header) {
        throw Error(ErrorKind::input, where + problem, rule.location);
      }
      if (header->name != rule.name) {
        throw Error(ErrorKind::input, where + "creates rule " + header->name + ", not " + rule.name, rule.location);
      }
      if (header->relation != relation.name) {
        throw Error(ErrorKind::input, where + "is ON " + header->relation + ", not " + relation.name, rule.location);
      }
      if (header->event == "select") {
        throw Error(ErrorKind::input, where + "is an ON SELECT rule, which makes a view: declare it under `views`",
                    rule.location);
      }
      rule.definition = canonical_rule(rule.definition, shown_relation(relation));
    }
  }

  // Roles sorted, none meaning PUBLIC; expressions canonical (and compared through the server in
  // canonicalize.cpp when the text still differs); policies sorted by name.
  void row_security(Table& table) const override
  {
    for (auto& policy : table.policies) {
      policy.command = expr::ascii_lower(policy.command);
      if (policy.roles.empty()) {
        policy.roles.push_back("public");
      }
      std::sort(policy.roles.begin(), policy.roles.end());
      policy.using_expression = policy.using_expression.empty() ? std::string() : expression(policy.using_expression);
      policy.check_expression = policy.check_expression.empty() ? std::string() : expression(policy.check_expression);
    }
    std::sort(table.policies.begin(), table.policies.end(),
              [](const schemas::Policy& a, const schemas::Policy& b) { return a.name < b.name; });
  }

  void view(schemas::View& view) const override
  {
    view.options.clear(); // MySQL's view options (security, algorithm, charset)
    std::erase_if(view.column_comments, [](const auto& comment) { return comment.second.empty(); }); // none
  }

  void column(const Schema&, const Table&, Column& column) const override
  {
    if (column.generated) {
      column.generated->stored = true; // PostgreSQL 15 has STORED generated columns only
    } else if (generates_values(column)) {
      column.nullable = false;
    }
    // An identity's sequence has the column's type: its defaults follow from it.
    if (column.identity_options) {
      normalize_sequence_options(*column.identity_options, canonical_type_name(format_type(column.type)));
      if (column.identity_options->empty()) {
        column.identity_options.reset();
      }
    }
  }

  bool identity_sequences() const override { return true; }

  void index(const Table& table, Index& index) const override
  {
    for (auto& key : index.keys) {
      if (key.is_expression()) {
        lone_column_key(table, key);
      }
      // NULLS LAST is ASC's own order, NULLS FIRST DESC's: only the other one is kept.
      if (key.nulls == (key.descending ? "first" : "last")) {
        key.nulls.clear();
      }
      key.opclass = canonical_opclass(key.opclass);
    }
    index.method = expr::ascii_lower(index.method.str());
    if (index.method == "btree") {
      index.method.clear();
    }
    // A UNIQUE constraint is a unique index; an EXCLUDE constraint is neither.
    index.unique = !index.exclusion() && (index.unique || index.constraint);
    // Only constraints defer; INITIALLY DEFERRED implies DEFERRABLE.
    const bool defers = index.constraint || index.exclusion();
    index.deferrable = defers && (index.deferrable || index.initially_deferred);
    index.initially_deferred = defers && index.initially_deferred;
    // Storage parameters: names and values compared without case (reloptions keep the text given).
    std::map<std::string, std::string> with;
    for (const auto& [name, value] : index.with) {
      with[expr::ascii_lower(name)] = expr::ascii_lower(value); // on/off, auto, numbers
    }
    index.with = std::move(with);
  }

  void foreign_key(const Schema& schema, const Table& table, ForeignKey& fk) const override
  {
    fk.match = expr::ascii_lower(fk.match);
    if (fk.match == "simple") {
      fk.match.clear();
    }
    if (fk.references.schema.empty() && !table.schema.empty() && schema.find_table(fk.references) == nullptr &&
        schema.find_table({table.schema, fk.references.name}) != nullptr) {
      fk.references.schema = table.schema; // a bare name inside a schema's table means that schema
    }
  }

  // Attribute types and collations as the catalog prints them; their order is the type's.
  void composite_type(const Schema& schema, schemas::CompositeType& type) const override
  {
    for (auto& attribute : type.attributes) {
      const auto text = enum_type_text(schema, attribute.type);
      attribute.type = text ? ColumnType::make_native(*text) : canonical_column_type(attribute.type);
      attribute.collation = canonical_collation(attribute.collation);
    }
  }

  // Grants in normal form (schemas/privileges.hpp), each list for its kind of object. The default
  // schema's own privileges are never managed (PostgreSQL gives public different ones across
  // versions): grants on it are an error at their line.
  void privileges(Schema& schema) const override
  {
    using schemas::GrantTarget;
    for (auto& table : schema.tables) {
      table.grants = schemas::canonical_grants(table.grants, GrantTarget::table);
    }
    for (auto& view : schema.views) {
      view.grants =
        schemas::canonical_grants(view.grants, view.materialized ? GrantTarget::materialized_view : GrantTarget::view);
    }
    for (auto& sequence : schema.sequences) {
      sequence.grants = schemas::canonical_grants(sequence.grants, GrantTarget::sequence);
    }
    for (auto& function : schema.functions) {
      function.grants = schemas::canonical_grants(function.grants, GrantTarget::function);
    }
    for (auto& entry : schema.namespaces) {
      if (entry.name.empty() && !entry.grants.empty()) {
        throw Error(ErrorKind::input,
                    "the default schema: its privileges are not managed (PostgreSQL's own for it differ across "
                    "versions); grant on it by hand, or list the grants of another schema",
                    entry.grants.front().location);
      }
      entry.grants = schemas::canonical_grants(entry.grants, GrantTarget::schema);
    }
    std::sort(schema.roles.begin(), schema.roles.end());
  }

  // The default schema ("" once unqualified) is never created or dropped: listed without a
  // comment, or with PostgreSQL's own, it says nothing to compare.
  void namespaces(std::vector<schemas::Namespace>& namespaces) const override
  {
    std::erase_if(namespaces, [](const schemas::Namespace& n) {
      return n.name.empty() && default_schema_comment_is_stock(n.comment);
    });
  }

  void objects(Schema& schema) const override
  {
    // plpgsql is part of every database (in pg_catalog, never read): declaring it changes nothing.
    std::erase_if(schema.extensions, [](const schemas::Extension& e) { return e.name == "plpgsql"; });
    for (auto& sequence : schema.sequences) {
      normalize_sequence(sequence);
    }
    for (auto& domain : schema.domains) {
      domain.type = canonical_column_type(domain.type);
      domain.default_value = canonical_default(domain.default_value, format_type(domain.type));
      domain.collation = canonical_collation(domain.collation);
      for (auto& check : domain.checks) {
        check.expression = expression(check.expression);
      }
      std::sort(domain.checks.begin(), domain.checks.end(),
                [](const schemas::Check& a, const schemas::Check& b) { return a.name < b.name; });
    }
    std::sort(schema.domains.begin(), schema.domains.end(), schemas::QualifiedOrder{});
    // A definition names its function (the qualifier is the YAML's `schema`, which wins); it is
    // compared in the form function_statement() gives it, through the server (canonicalize.cpp).
    for (auto& function : schema.functions) {
      std::string problem;
      const auto header = parse_function(function.definition, &problem);
      const std::string where = "function " + function.qualified().str() + ": its definition ";
      if (!header) {
        throw Error(ErrorKind::input, where + problem, function.location);
      }
      if (header->name != function.name) {
        throw Error(ErrorKind::input, where + "creates " + header->name + ", not " + function.name,
                    function.location);
      }
      normalize_function(function);
    }
    std::sort(schema.functions.begin(), schema.functions.end(), [](const schemas::Function& a, const schemas::Function& b) {
      return std::tie(a.schema, a.name, a.arguments) < std::tie(b.schema, b.name, b.arguments);
    });
    for (size_t i = 1; i < schema.functions.size(); ++i) {
      const auto& a = schema.functions[i - 1];
      const auto& b = schema.functions[i];
      if (a.schema == b.schema && a.name == b.name && a.arguments == b.arguments) {
        throw Error(ErrorKind::input, "function " + b.signature() + " is declared twice", b.location);
      }
    }
  }
};

} // namespace

Schema normalize(const Schema& schema)
{
  return PostgresNormalForm{}.normalize(schema);
}

void normalize_in_place(Schema& schema)
{
  PostgresNormalForm{}.normalize_in_place(schema);
}

bool is_normal(Schema& schema)
{
  return PostgresNormalForm{}.is_normal(schema);
}

} // namespace strata::dialects::postgres
