// Views, enum and composite types, domains, standalone sequences, functions, triggers and extensions.

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/function.hpp"

#include <algorithm>

namespace strata::introspect::postgres {

void read_views(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_views)));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::View view;
    view.schema = catalog.model_schema(rows.str(r, "schema"));
    view.name = rows.str(r, "name");
    view.query = rows.str(r, "query");
    view.comment = rows.str(r, "comment");
    view.materialized = rows.flag(r, "materialized");
    view.with_data = !view.materialized || rows.flag(r, "populated");
    for (const auto& entry : rows.list(r, "column_comments")) {
      const auto separator = entry.find('\x1e');
      if (separator != std::string::npos) {
        view.column_comments[entry.substr(0, separator)] = entry.substr(separator + 1);
      }
    }
    catalog.views[{rows.str(r, "schema"), view.name}] = catalog.schema.views.size();
    catalog.schema.views.push_back(std::move(view));
  }
}

void read_types(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_types)));
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string schema = catalog.model_schema(rows.str(r, "schema"));
    const std::string name = rows.str(r, "name");
    if (rows.str(r, "kind") == "e") {
      auto& enums = catalog.schema.enums;
      if (enums.empty() || enums.back().schema != schema || enums.back().name != name) {
        enums.push_back({schema, name, {}, {}, rows.str(r, "comment")});
      }
      enums.back().values.push_back(rows.str(r, "value"));
      continue;
    }
    auto& types = catalog.schema.composite_types;
    if (types.empty() || types.back().schema != schema || types.back().name != name) {
      schemas::CompositeType type;
      type.schema = schema;
      type.name = name;
      type.comment = rows.str(r, "comment");
      types.push_back(std::move(type));
    }
    if (!rows.null(r, "attribute")) {
      schemas::CompositeAttribute attribute;
      attribute.name = rows.str(r, "attribute");
      attribute.type = schemas::ColumnType::make_native(rows.str(r, "attribute_type"));
      attribute.collation = rows.str(r, "attribute_collation");
      attribute.comment = rows.str(r, "attribute_comment");
      types.back().attributes.push_back(std::move(attribute));
    }
  }
}

void read_sequences(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_sequences)));
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string nspname = rows.str(r, "schema");
    const std::string name = rows.str(r, "name");
    schemas::SequenceOptions options;
    options.start = rows.num(r, "start");
    options.increment = rows.num(r, "increment");
    options.min_value = rows.num(r, "min_value");
    options.max_value = rows.num(r, "max_value");
    options.cache = rows.num(r, "cache");
    options.cycle = rows.flag(r, "cycle");
    std::optional<schemas::SequenceProgress> progress;
    if (rows.flag(r, "readable")) {
      progress = schemas::SequenceProgress{!rows.null(r, "last_value"), rows.null(r, "last_value") ? 0 : rows.num(r, "last_value")};
    }
    // Identity sequences belong to their column (their options too: normalize drops the
    // defaults); serial ones are the column's `serial` type.
    if (rows.str(r, "dependency") == "i") {
      if (auto* table = catalog.table(nspname, rows.str(r, "owner_table"))) {
        const auto column = std::find_if(table->columns.begin(), table->columns.end(), [&](const schemas::Column& c) {
          return c.name == rows.str(r, "owner_column");
        });
        if (column != table->columns.end()) {
          column->identity_options = options;
          column->identity_progress = progress;
        }
      }
      continue;
    }
    if (catalog.serial_sequences.count({nspname, name}) > 0) {
      continue;
    }
    schemas::Sequence sequence;
    static_cast<schemas::SequenceOptions&>(sequence) = options;
    sequence.schema = catalog.model_schema(nspname);
    sequence.name = name;
    sequence.type = rows.str(r, "type");
    sequence.comment = rows.str(r, "comment");
    sequence.progress = progress;
    if (!rows.null(r, "owner_table")) {
      sequence.owned_by = rows.str(r, "owner_table") + "." + rows.str(r, "owner_column");
    }
    catalog.schema.sequences.push_back(std::move(sequence));
  }
}

std::string functions_sql(const Catalog& catalog)
{
  const std::string placeholder = "{definition}";
  std::string sql = catalog.sql(queries::k_functions);
  sql.replace(sql.find(placeholder), placeholder.size(), dialects::postgres::function_definition_sql());
  return sql;
}

void read_functions(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(functions_sql(catalog)));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Function function;
    function.schema = catalog.model_schema(rows.str(r, "schema"));
    function.name = rows.str(r, "name");
    function.arguments = rows.str(r, "arguments");
    function.definition = rows.str(r, "definition");
    function.comment = rows.str(r, "comment");
    catalog.schema.functions.push_back(std::move(function));
  }
}

void read_triggers(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_triggers)));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (auto* table = catalog.table(rows.str(r, "schema"), rows.str(r, "table_name"))) {
      schemas::Trigger trigger;
      trigger.name = rows.str(r, "name");
      trigger.definition = rows.str(r, "definition");
      trigger.comment = rows.str(r, "comment");
      table->triggers.push_back(std::move(trigger));
    }
  }
}

void read_rules(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_rules)));
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string nspname = rows.str(r, "schema");
    const std::string relation = rows.str(r, "relation");
    std::vector<schemas::Rule>* rules = nullptr;
    if (auto* table = catalog.table(nspname, relation)) {
      rules = &table->rules;
    } else if (auto* view = catalog.view(nspname, relation)) {
      rules = &view->rules;
    }
    if (rules == nullptr) {
      continue;
    }
    schemas::Rule rule;
    rule.name = rows.str(r, "name");
    rule.definition = rows.str(r, "definition");
    while (!rule.definition.empty() && (rule.definition.back() == ';' || rule.definition.back() == '\n')) {
      rule.definition.pop_back(); // pg_get_ruledef ends the statement with ';'
    }
    rule.comment = rows.str(r, "comment");
    rules->push_back(std::move(rule));
  }
}

void read_policies(dialects::Connection& connection, Catalog& catalog)
{
  static const std::map<std::string, std::string> k_commands = {
    {"*", "all"}, {"r", "select"}, {"a", "insert"}, {"w", "update"}, {"d", "delete"}};
  const Rows rows(connection.query(catalog.sql(queries::k_policies)));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (auto* table = catalog.table(rows.str(r, "schema"), rows.str(r, "table_name"))) {
      schemas::Policy policy;
      policy.name = rows.str(r, "name");
      const auto command = k_commands.find(rows.str(r, "command"));
      policy.command = command == k_commands.end() ? rows.str(r, "command") : command->second;
      policy.permissive = rows.flag(r, "permissive");
      policy.roles = rows.list(r, "roles");
      policy.using_expression = rows.str(r, "using_expression");
      policy.check_expression = rows.str(r, "check_expression");
      table->policies.push_back(std::move(policy));
    }
  }
}

void read_extensions(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_extensions)));
  for (size_t r = 0; r < rows.size(); ++r) {
    schemas::Extension extension;
    extension.name = rows.str(r, "name");
    extension.schema = catalog.model_schema(rows.str(r, "schema"));
    extension.version = rows.str(r, "version");
    catalog.schema.extensions.push_back(std::move(extension));
  }
}

void read_domains(dialects::Connection& connection, Catalog& catalog)
{
  const Rows rows(connection.query(catalog.sql(queries::k_domains)));
  auto& domains = catalog.schema.domains;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string schema = catalog.model_schema(rows.str(r, "schema"));
    const std::string name = rows.str(r, "name");
    if (domains.empty() || domains.back().schema != schema || domains.back().name != name) {
      schemas::Domain domain;
      domain.schema = schema;
      domain.name = name;
      domain.type = schemas::ColumnType::make_native(rows.str(r, "type"));
      if (!rows.null(r, "default_value")) {
        domain.default_value = rows.str(r, "default_value");
      }
      domain.nullable = !rows.flag(r, "notnull");
      domain.collation = rows.str(r, "collation");
      domain.comment = rows.str(r, "comment");
      domains.push_back(std::move(domain));
    }
    if (!rows.null(r, "check_name")) {
      // pg_get_constraintdef prints "CHECK (<expression>)"; the model keeps the expression.
      bool not_valid = false;
      schemas::Check check{rows.str(r, "check_name"),
                           dialects::postgres::check_expression_of(rows.str(r, "check_definition"), &not_valid), {}};
      check.not_valid = not_valid;
      domains.back().checks.push_back(std::move(check));
    }
  }
}

} // namespace strata::introspect::postgres
