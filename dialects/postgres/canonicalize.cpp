// canonicalize: asks the server how it would store each desired expression (and function) that
// still differs in text from its live counterpart after normalize(), and adopts that form when it
// then equals the live one (a function's stored form is adopted either way). Everything happens in one transaction that is rolled back, on TEMP copies of the live
// tables (CREATE TEMP TABLE ... (LIKE live)), on the probe database: the target for `plan`, a
// scratch database holding copies of the live tables for read-only commands (a read-only session
// refuses even TEMP objects). The probes run as one batch; if the batch fails (an expression the
// server rejects), each probe runs again alone under a savepoint and the failing ones keep their
// desired text (the plan then shows a real change).

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/function.hpp"
#include "dialects/postgres/rule.hpp"
#include "dialects/postgres/trigger.hpp"
#include "dialects/postgres/internal.hpp"
#include "schemas/name_index.hpp"
#include "dialects/postgres/partitions.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace strata::dialects::postgres {

namespace {

using schemas::Schema;
using schemas::Table;

// One expression to ask about: the DDL that stores it on a temp object, the query that reads the
// stored form back (one row, one column), and where to put the answer.
struct Probe {
  std::string ddl;
  std::string read;
  std::string live;                         // normalised live text to compare with
  std::function<void(const std::string&)> adopt;
  // The stored form as compared (null: expr::canonical), and whether it is adopted even when it
  // differs from the live one (functions: their header tells CREATE OR REPLACE from drop and create).
  std::function<std::string(const std::string&)> form{};
  bool always = false;
};

class Prober {
public:
  // The temp copy of a live table, created on first use.
  std::string temp_table(const Table& table)
  {
    const std::string key = table.schema + '.' + table.name;
    auto it = m_temps.find(key);
    if (it != m_temps.end()) {
      return it->second;
    }
    const std::string name = "strata_canon_t" + std::to_string(m_temps.size());
    m_temps[key] = name;
    copy(table);
    m_setup += "CREATE TEMP TABLE " + quote_identifier(name) + " (LIKE " + quote_name(table.qualified()) + ");";
    return name;
  }
  // A column of the live table's type, typmod and collation (a scalar subquery selecting it has
  // them all, and CREATE TABLE AS gives them to its column) on a TEMP table the probes share, for a
  // column default: it needs no other column, and one table of many columns costs the server a
  // fraction of a copy of each table (50 copies of 16-column tables: 60-90 ms of backend CPU; the
  // shared table, 10). The TEMP table's name is set in `table`, the column's returned.
  std::string shared_column(const Table& copied, const std::string& column, std::string& table)
  {
    if (m_shared.empty() || m_shared.back().second >= k_shared_columns) {
      m_shared.emplace_back(std::string(), 0);
    }
    auto& [select, count] = m_shared.back();
    const std::string name = "strata_canon_a" + std::to_string(count++);
    select += (select.empty() ? "SELECT " : ", ") + std::string("(SELECT ") + quote_identifier(column) + " FROM " +
              quote_name(copied.qualified()) + " LIMIT 0) AS " + quote_identifier(name);
    copy(copied);
    table = "strata_canon_s" + std::to_string(m_shared.size() - 1);
    return name;
  }
  std::string setup() const
  {
    std::string setup = m_setup;
    for (size_t i = 0; i < m_shared.size(); ++i) {
      setup += "CREATE TEMP TABLE " + quote_identifier("strata_canon_s" + std::to_string(i)) + " AS " +
               m_shared[i].first + " WITH NO DATA;";
    }
    return setup;
  }
  int next() { return m_counter++; }
  // The live tables the probes copy, in first-use order.
  const std::vector<schemas::QualifiedName>& copied() const { return m_copied; }

private:
  static constexpr size_t k_shared_columns = 1000; // a table holds at most 1,600
  void copy(const Table& table)
  {
    if (m_listed.insert(table.schema + '.' + table.name).second) {
      m_copied.push_back(table.qualified());
    }
  }

  std::map<std::string, std::string> m_temps;
  std::set<std::string> m_listed; // the tables in m_copied
  std::vector<schemas::QualifiedName> m_copied;
  std::string m_setup;
  std::vector<std::pair<std::string, size_t>> m_shared; // per shared TEMP table: its SELECT list, its columns
  int m_counter = 0;
};

std::string temp_oid(const std::string& temp)
{
  return "(SELECT c.oid FROM pg_class c WHERE c.relname = " + quote_literal(temp) +
         " AND c.relnamespace = pg_my_temp_schema())";
}

void index_probes(Prober& prober, std::vector<schemas::Index>& desired, const Table& live,
                  const std::vector<schemas::Index>& live_indexes, std::vector<Probe>& probes);

// A rule is created on the TEMP copy of its table or view (`copied`: LIKE either) under its own
// name and read back with pg_get_ruledef; compared under the relation's own name.
void rule_probes(Prober& prober, std::vector<schemas::Rule>& desired, const std::vector<schemas::Rule>& live,
                 const Table& copied, const schemas::QualifiedName& relation, std::vector<Probe>& probes)
{
  for (auto& rule : desired) {
    const auto other =
      std::find_if(live.begin(), live.end(), [&](const schemas::Rule& r) { return r.name == rule.name; });
    if (other == live.end() || other->definition == rule.definition) {
      continue;
    }
    const std::string temp = prober.temp_table(copied);
    const std::string shown = shown_relation(relation);
    Probe probe{rule_statement(rule.definition, quote_identifier(temp)),
                "SELECT pg_get_ruledef(r.oid, true) FROM pg_rewrite r WHERE r.rulename = " + quote_literal(rule.name) +
                  " AND r.ev_class = " + temp_oid(temp),
                other->definition, [&rule](const std::string& text) { rule.definition = text; }};
    probe.form = [shown](const std::string& text) { return canonical_rule(text, shown); };
    probes.push_back(std::move(probe));
  }
}

// `copied`: the live table whose TEMP copy the probes use: `live` itself, or for a partition its
// root (a partition has no columns of its own in the model, and the scratch copies are built from
// it).
void table_probes(Prober& prober, Table& desired, const Table& live, const Table& copied, std::vector<Probe>& probes)
{
  // A trigger is created on the TEMP copy under its own name and read back with pg_get_triggerdef.
  for (auto& trigger : desired.triggers) {
    const auto other = std::find_if(live.triggers.begin(), live.triggers.end(),
                                    [&](const schemas::Trigger& t) { return t.name == trigger.name; });
    if (other == live.triggers.end() || other->definition == trigger.definition) {
      continue;
    }
    const std::string temp = prober.temp_table(copied);
    const std::string shown = shown_table(desired);
    Probe probe{trigger_statement(trigger.definition, quote_identifier(temp)),
                "SELECT pg_get_triggerdef(t.oid, true) FROM pg_trigger t WHERE t.tgname = " + quote_literal(trigger.name) +
                  " AND t.tgrelid = " + temp_oid(temp),
                other->definition, [&trigger](const std::string& text) { trigger.definition = text; }};
    probe.form = [shown](const std::string& text) { return canonical_trigger(text, shown); };
    probes.push_back(std::move(probe));
  }
  for (auto& check : desired.checks) {
    const auto* other = live.find_check(check.name);
    if (other == nullptr || other->expression == check.expression) {
      continue;
    }
    const std::string temp = prober.temp_table(copied);
    const std::string name = "strata_canon_c" + std::to_string(prober.next());
    probes.push_back({"ALTER TABLE " + quote_identifier(temp) + " ADD CONSTRAINT " + quote_identifier(name) + " CHECK (" +
                        check.expression + ") NOT VALID",
                      "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE conname = " + quote_literal(name) +
                        " AND conrelid = " + temp_oid(temp),
                      other->expression, [&check](const std::string& text) { check.expression = text; }});
  }
  for (auto& column : desired.columns) {
    const auto* other = live.find_column(column.name);
    if (other == nullptr || !(other->type == column.type)) {
      continue;
    }
    if (column.default_value && other->default_value && *column.default_value != *other->default_value) {
      std::string temp;
      const std::string name = prober.shared_column(copied, column.name, temp);
      probes.push_back({"ALTER TABLE " + quote_identifier(temp) + " ALTER COLUMN " + quote_identifier(name) +
                          " SET DEFAULT " + *column.default_value,
                        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = "
                        "d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = " + temp_oid(temp) +
                          " AND a.attname = " + quote_literal(name),
                        *other->default_value, [&column](const std::string& text) { column.default_value = text; }});
    }
    if (column.generated && other->generated && column.generated->expression != other->generated->expression) {
      const std::string temp = prober.temp_table(copied);
      const std::string name = "strata_canon_g" + std::to_string(prober.next());
      probes.push_back({"ALTER TABLE " + quote_identifier(temp) + " ADD COLUMN " + quote_identifier(name) + " " +
                          format_type(column.type) + " GENERATED ALWAYS AS (" + column.generated->expression + ") STORED",
                        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = "
                        "d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = " + temp_oid(temp) +
                          " AND a.attname = " + quote_literal(name),
                        other->generated->expression,
                        [&column](const std::string& text) { column.generated->expression = text; }});
    }
  }
  // A policy is created on the TEMP copy under a probe name; its expressions are read back with
  // pg_get_expr (the first probe of a policy creates it, a second one reads the other expression).
  for (auto& policy : desired.policies) {
    const auto other = std::find_if(live.policies.begin(), live.policies.end(),
                                    [&](const schemas::Policy& p) { return p.name == policy.name; });
    if (other == live.policies.end() || other->command != policy.command) {
      continue;
    }
    const bool using_differs = !policy.using_expression.empty() && !other->using_expression.empty() &&
                               policy.using_expression != other->using_expression;
    const bool check_differs = !policy.check_expression.empty() && !other->check_expression.empty() &&
                               policy.check_expression != other->check_expression;
    if (!using_differs && !check_differs) {
      continue;
    }
    const std::string temp = prober.temp_table(copied);
    const std::string name = "strata_canon_p" + std::to_string(prober.next());
    schemas::Policy copy = policy;
    copy.name = name;
    copy.roles.clear();
    const std::string ddl = create_policy({"", temp}, copy).front().sql;
    const std::string read = "SELECT pg_get_expr(p.{}, p.polrelid) FROM pg_policy p WHERE p.polname = " +
                             quote_literal(name) + " AND p.polrelid = " + temp_oid(temp);
    const auto column_read = [&read](const std::string& column) {
      std::string text = read;
      return text.replace(text.find("{}"), 2, column);
    };
    if (using_differs) {
      probes.push_back({ddl, column_read("polqual"), other->using_expression,
                        [&policy](const std::string& text) { policy.using_expression = text; }});
    }
    if (check_differs) {
      probes.push_back({using_differs ? std::string() : ddl, column_read("polwithcheck"), other->check_expression,
                        [&policy](const std::string& text) { policy.check_expression = text; }});
    }
  }
  index_probes(prober, desired.indexes, copied, live.indexes, probes);
  rule_probes(prober, desired.rules, live.rules, copied, desired.qualified(), probes);
}

// The indexes of a table or materialized view (`live`: its name, for the TEMP copy, which LIKE
// makes of either) are created on its TEMP copy; their predicates and key expressions read back.
void index_probes(Prober& prober, std::vector<schemas::Index>& desired, const Table& live,
                  const std::vector<schemas::Index>& live_indexes, std::vector<Probe>& probes)
{
  for (auto& index : desired) {
    const auto found = std::find_if(live_indexes.begin(), live_indexes.end(),
                                    [&](const schemas::Index& i) { return i.name == index.name; });
    const auto* other = found == live_indexes.end() ? nullptr : &*found;
    if (other == nullptr || index.keys.size() != other->keys.size()) {
      continue;
    }
    const bool where_differs = !index.where.empty() && !other->where.empty() && index.where != other->where;
    bool keys_differ = false;
    for (size_t k = 0; k < index.keys.size(); ++k) {
      keys_differ = keys_differ || (index.keys[k].is_expression() && other->keys[k].is_expression() &&
                                    index.keys[k].expression != other->keys[k].expression);
    }
    if (!where_differs && !keys_differ) {
      continue;
    }
    const std::string temp = prober.temp_table(live);
    const std::string name = "strata_canon_i" + std::to_string(prober.next());
    std::string keys;
    for (const auto& key : index.keys) {
      keys += (keys.empty() ? "" : ", ") + (key.is_expression() ? "(" + key.expression + ")" : quote_identifier(key.column));
    }
    const std::string ddl = "CREATE INDEX " + quote_identifier(name) + " ON " + quote_identifier(temp) + " (" + keys + ")" +
                            (index.where.empty() ? "" : " WHERE " + index.where);
    const std::string oid = "(SELECT c.oid FROM pg_class c WHERE c.relname = " + quote_literal(name) +
                            " AND c.relnamespace = pg_my_temp_schema())";
    bool first = true; // the index is created by the first probe only
    if (where_differs) {
      first = false;
      probes.push_back({ddl, "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = " + oid, other->where,
                        [&index](const std::string& text) { index.where = text; }});
    }
    for (size_t k = 0; k < index.keys.size(); ++k) {
      if (index.keys[k].is_expression() && other->keys[k].is_expression() &&
          index.keys[k].expression != other->keys[k].expression) {
        probes.push_back({first ? ddl : std::string(),
                          "SELECT pg_get_indexdef(" + oid + ", " + std::to_string(k + 1) + ", true)",
                          other->keys[k].expression,
                          [&index, k](const std::string& text) { index.keys[k].expression = text; }});
        first = false;
      }
    }
  }
}

// A partition key written as an expression, and a partition's bound, are stored on TEMP tables
// partitioned like the live one (LIKE the TEMP copy of the root table, for its columns) and read
// back with pg_get_partkeydef and pg_get_expr(relpartbound).
void partition_probes(Prober& prober, Table& desired, const Table& live, const Schema& live_schema,
                      std::vector<Probe>& probes)
{
  const auto read_of = [](const std::string& what, const std::string& name) {
    return "SELECT " + what + " FROM pg_class c WHERE c.relname = " + quote_literal(name) +
           " AND c.relnamespace = pg_my_temp_schema()";
  };
  if (const auto& key = *desired.partitioning; !key.expression.empty() && !live.partitioning->expression.empty() &&
                                              key.method == live.partitioning->method &&
                                              key.expression != live.partitioning->expression) {
    if (const Table* root = live_schema.column_owner(live)) {
      const std::string temp = prober.temp_table(*root);
      const std::string name = "strata_canon_k" + std::to_string(prober.next());
      Probe probe{"CREATE TEMP TABLE " + quote_identifier(name) + " (LIKE " + quote_identifier(temp) + ")" +
                    partition_by_clause(key),
                  read_of("pg_get_partkeydef(c.oid)", name), live.partitioning->expression,
                  [&desired](const std::string& text) { desired.partitioning.edit().expression = text; }};
      probe.form = [](const std::string& text) {
        const auto open = text.find(" (");
        return open == std::string::npos ? text : expr::canonical(text.substr(open + 2, text.size() - open - 3));
      };
      probes.push_back(std::move(probe));
    }
  }
  const auto& place = *desired.partition_of;
  const Table* parent = live_schema.find_table(live.partition_of->table);
  if (place.empty() || place.is_default || live.partition_of->is_default || place.table != live.partition_of->table ||
      place.bound == live.partition_of->bound || parent == nullptr || parent->partitioning->empty()) {
    return;
  }
  const Table* root = live_schema.column_owner(*parent);
  if (root == nullptr) {
    return;
  }
  const std::string temp = prober.temp_table(*root);
  const std::string name = "strata_canon_k" + std::to_string(prober.next());
  const std::string bound = "strata_canon_b" + std::to_string(prober.next());
  Probe probe{"CREATE TEMP TABLE " + quote_identifier(name) + " (LIKE " + quote_identifier(temp) + ")" +
                partition_by_clause(parent->partitioning) + "; CREATE TEMP TABLE " + quote_identifier(bound) +
                " PARTITION OF " + quote_identifier(name) + " " + place.bound,
              read_of("pg_get_expr(c.relpartbound, c.oid)", bound), live.partition_of->bound,
              [&desired](const std::string& text) { desired.partition_of.edit().bound = text; }};
  probe.form = [](const std::string& text) { return canonical_bound(text); };
  probes.push_back(std::move(probe));
}

// Runs `sql` under a savepoint; false (and the savepoint rolled back) when the server rejects it.
bool try_execute(Connection& connection, const std::string& sql)
{
  connection.execute("SAVEPOINT strata_canon");
  try {
    connection.execute(sql);
    connection.execute("RELEASE SAVEPOINT strata_canon");
    return true;
  } catch (const Error&) {
    connection.execute("ROLLBACK TO SAVEPOINT strata_canon");
    connection.execute("RELEASE SAVEPOINT strata_canon");
    return false;
  }
}

// Every probe of `desired` against `live`; the probes' adopt() write into `desired`. Views whose
// queries are probed are added to `views`.
std::vector<Probe> collect_probes(Prober& prober, Schema& desired, const Schema& live,
                                  std::vector<schemas::QualifiedName>& views, bool& functions)
{
  std::vector<Probe> probes;
  const schemas::TableIndex live_tables(live.tables); // a lookup per desired table: not a walk of all
  const schemas::NameIndex<schemas::View> live_views(live.views);
  for (auto& table : desired.tables) {
    if (const Table* other = live_tables.find(table.qualified())) {
      const Table* root = live.column_owner(*other);
      table_probes(prober, table, *other, root == nullptr ? *other : *root, probes);
      partition_probes(prober, table, *other, live, probes);
    }
  }
  for (auto& view : desired.views) {
    const auto* other = live_views.find(view.qualified());
    if (other != nullptr) {
      Table relation; // a materialized view's indexes and a view's rules, probed on a TEMP table LIKE it
      relation.schema = other->schema;
      relation.name = other->name;
      if (other->materialized && view.materialized) {
        index_probes(prober, view.indexes, relation, other->indexes, probes);
      }
      rule_probes(prober, view.rules, other->rules, relation, view.qualified(), probes);
    }
    // An explicit column list is not kept as such: the server writes the names into the stored
    // query as aliases (SELECT t.id AS x), which is all the live view shows. Probed with its list,
    // a view whose stored text is the live one is the live one, list and all.
    if (other == nullptr || (other->query == view.query && view.columns == other->columns)) {
      continue;
    }
    views.push_back(view.qualified());
    const std::string name = "strata_canon_v" + std::to_string(prober.next());
    probes.push_back({"CREATE TEMP VIEW " + quote_identifier(name) +
                        (view.columns.empty() ? std::string{} : " (" + column_list(view.columns) + ")") + " AS " +
                        view.query,
                      "SELECT pg_get_viewdef((SELECT c.oid FROM pg_class c WHERE c.relname = " + quote_literal(name) +
                        " AND c.relnamespace = pg_my_temp_schema()), true)",
                      other->query, [&view, other](const std::string& text) {
                        view.query = text;
                        view.columns = other->columns;
                      }});
  }
  // A function is created as a temporary one (pg_temp, bodies unchecked) and read back with
  // pg_get_functiondef, under its own name again.
  for (auto& function : desired.functions) {
    const auto* other = live.find_function(function);
    if (other == nullptr || other->definition == function.definition || !parse_function(function.definition)) {
      continue;
    }
    functions = true;
    const std::string name = "strata_canon_f" + std::to_string(prober.next());
    const std::string own = (function.schema.empty() ? "" : shown_identifier(function.schema) + ".") +
                            shown_identifier(function.name);
    Probe probe{"SET LOCAL check_function_bodies = off; " +
                  function_statement(function.definition, "pg_temp." + quote_identifier(name)),
                "SELECT " + function_definition_sql() + " FROM pg_proc p WHERE p.proname = " + quote_literal(name) +
                  " AND p.pronamespace = pg_my_temp_schema()",
                other->definition, [&function](const std::string& text) { function.definition = text; }};
    probe.form = [own](const std::string& text) { return function_statement(text, own); };
    probe.always = true;
    probes.push_back(std::move(probe));
  }
  // A domain's check is stored on a temporary domain of the same base type.
  for (auto& domain : desired.domains) {
    const auto* other = live.find_domain(domain.qualified());
    if (other == nullptr) {
      continue;
    }
    for (auto& check : domain.checks) {
      const auto stored = std::find_if(other->checks.begin(), other->checks.end(),
                                       [&](const schemas::Check& c) { return c.name == check.name; });
      if (stored == other->checks.end() || stored->expression == check.expression) {
        continue;
      }
      const std::string name = "strata_canon_d" + std::to_string(prober.next());
      Probe probe{"CREATE DOMAIN pg_temp." + quote_identifier(name) + " AS " + type_sql(domain.type) + " CHECK (" +
                    check.expression + ")",
                  "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid "
                  "WHERE t.typname = " + quote_literal(name) + " AND t.typnamespace = pg_my_temp_schema()",
                  stored->expression, [&check](const std::string& text) { check.expression = text; }};
      probe.form = [](const std::string& text) { return expr::canonical(check_expression_of(text)); };
      probes.push_back(std::move(probe));
    }
  }
  return probes;
}

} // namespace

std::string check_expression_of(std::string definition, bool* not_valid)
{
  constexpr std::string_view k_not_valid = " NOT VALID";
  const bool marked = definition.size() > k_not_valid.size() && definition.ends_with(k_not_valid);
  if (marked) {
    definition.resize(definition.size() - k_not_valid.size());
  }
  if (not_valid != nullptr) {
    *not_valid = marked;
  }
  if (definition.rfind("CHECK (", 0) == 0 && definition.back() == ')') {
    return definition.substr(7, definition.size() - 8);
  }
  return definition;
}

CanonicalProbes canonical_probes(const Schema& desired, const Schema& live)
{
  Schema scratch_copy = desired; // the probes' adopt() point into it; never run here
  Prober prober;
  CanonicalProbes needs;
  collect_probes(prober, scratch_copy, live, needs.views, needs.functions);
  needs.tables = prober.copied();
  return needs;
}

bool canonicalize(Connection* probe_db, Schema& desired, const Schema& live)
{
  Prober prober;
  std::vector<schemas::QualifiedName> views;
  bool functions = false;
  std::vector<Probe> probes = collect_probes(prober, desired, live, views, functions);
  if (probes.empty() || probe_db == nullptr) {
    return false;
  }
  Connection& connection = *probe_db;
  Transaction transaction(connection); // rolled back: never committed
  if (!prober.setup().empty() && !try_execute(connection, prober.setup())) {
    return false;
  }
  // Fast path: every probe's DDL in one batch; on failure, one savepoint per probe.
  std::vector<bool> ok(probes.size(), true);
  std::string batch;
  for (const auto& probe : probes) {
    batch += probe.ddl.empty() ? "" : probe.ddl + ";";
  }
  if (!try_execute(connection, batch)) {
    for (size_t i = 0; i < probes.size(); ++i) {
      ok[i] = probes[i].ddl.empty() ? (i > 0 && ok[i - 1]) : try_execute(connection, probes[i].ddl);
    }
  }
  std::string reads;
  for (size_t i = 0; i < probes.size(); ++i) {
    if (ok[i]) {
      reads += (reads.empty() ? "SELECT " : ", ") + ("(" + probes[i].read + ") AS p" + std::to_string(i));
    }
  }
  if (reads.empty()) {
    return false;
  }
  ResultSet result;
  try {
    result = connection.query(reads);
  } catch (const Error&) {
    return false; // keep every desired text
  }
  size_t column = 0;
  bool adopted = false;
  for (size_t i = 0; i < probes.size(); ++i) {
    if (!ok[i]) {
      continue;
    }
    const Value& value = result.rows.at(0).at(column++);
    if (!value) {
      continue;
    }
    const std::string stored = probes[i].form ? probes[i].form(*value) : expr::canonical(*value);
    if (stored == probes[i].live) {
      probes[i].adopt(probes[i].live);
      adopted = true;
    } else if (probes[i].always) {
      probes[i].adopt(stored);
      adopted = true;
    }
  }
  return adopted;
}

} // namespace strata::dialects::postgres
