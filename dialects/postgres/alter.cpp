// What PostgreSQL's ALTER TABLE can do in place (everything: no table rebuild), the locking risks
// that remain after the low-lock renderings, and the data probes.
// The codes, kinds and levels live in the catalogue (schemas/risk_codes.cpp, the README's Risks
// table); each message below says what the server does.
#include "dialects/postgres/partitions.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "dialects/probe_sql.hpp"

#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <variant>

namespace strata::dialects::postgres {

namespace {

using schemas::make_risk;
using schemas::Risk;
using schemas::RiskCode;

struct ParsedType {
  std::string base;
  std::vector<long long> params;
};

// "character varying(20)" -> {"character varying", {20}}; aliases folded to format_type's names.
ParsedType parse_type(const std::string& text)
{
  ParsedType out;
  std::string t = lex::ascii_lower(text);
  const auto open = t.find('(');
  const auto close = t.rfind(')');
  std::string base = t.substr(0, open);
  while (!base.empty() && std::isspace(static_cast<unsigned char>(base.back()))) {
    base.pop_back();
  }
  if (open != std::string::npos && close != std::string::npos && close > open && close + 1 == t.size()) {
    std::string number;
    for (size_t i = open + 1; i <= close; ++i) {
      if (std::isdigit(static_cast<unsigned char>(t[i]))) {
        number += t[i];
      } else if (t[i] == ',' || t[i] == ')') {
        out.params.push_back(number.empty() ? -1 : std::stoll(number));
        number.clear();
      }
    }
  } else {
    base = t;
  }
  if (base == "varchar") {
    base = "character varying";
  } else if (base == "decimal") {
    base = "numeric";
  } else if (base == "varbit") {
    base = "bit varying";
  }
  out.base = base;
  return out;
}

bool grows(const ParsedType& before, const ParsedType& after)
{
  if (after.params.empty()) {
    return true; // unlimited
  }
  return !before.params.empty() && after.params.front() >= before.params.front();
}

const schemas::Table* find_before(const RiskContext& context, const schemas::QualifiedName& table)
{
  return context.before_table(table);
}

// Without a schema to ask, a table is taken to exist (the cautious answer for locks).
bool exists_before(const RiskContext& context, const schemas::QualifiedName& table)
{
  return context.before == nullptr || find_before(context, table) != nullptr;
}

// Why an index of an existing table is built or dropped without CONCURRENTLY: concurrent indexes
// are off, or the table is partitioned (a parent, or a partition partitioned in turn: the server
// takes no CONCURRENTLY there); empty when it is built online.
std::string blocking_reason(const RiskContext& context, const schemas::QualifiedName& table)
{
  if (!context.concurrent_indexes) {
    return "concurrent indexes are off";
  }
  const auto* found = find_before(context, table);
  return found != nullptr && !found->partitioning->empty() ? "a partitioned table takes no CONCURRENTLY" : "";
}

void column_risks(const schemas::Operation& op, std::vector<Risk>& out)
{
  if (const auto* add = std::get_if<schemas::AddColumn>(&op)) {
    const auto& c = add->column;
    const bool rewrite = c.identity || (c.generated && c.generated->stored) ||
                         (c.default_value && !c.generated && default_is_volatile(*c.default_value));
    if (rewrite) {
      out.push_back(make_risk(RiskCode::pg_add_column_rewrite,
                              "adding column " + add->table.str() + "." + c.name +
                                " rewrites the table under an ACCESS EXCLUSIVE lock (values computed per row)"));
    }
  } else if (const auto* alter = std::get_if<schemas::AlterColumn>(&op)) {
    const std::string column = alter->table.str() + "." + alter->after.name;
    if (alter->changes.generated && alter->after.generated) {
      out.push_back(make_risk(RiskCode::pg_generated_changed,
                              "changing the generation of " + column +
                                " drops and adds the column again: table rewrite under an ACCESS EXCLUSIVE lock"));
    } else if (alter->changes.type &&
               type_change_rewrites(type_sql(alter->before.type), type_sql(alter->after.type))) {
      out.push_back(make_risk(RiskCode::pg_type_rewrite,
                              "changing the type of " + column + " from " + type_sql(alter->before.type) + " to " +
                                type_sql(alter->after.type) +
                                " rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes wait)"));
    }
  }
}

void index_risks(const schemas::Operation& op, const RiskContext& context, std::vector<Risk>& out)
{
  if (const auto* add = std::get_if<schemas::AddIndex>(&op)) {
    if (add->index.exclusion() && exists_before(context, add->table)) {
      out.push_back(make_risk(RiskCode::pg_unique_blocking,
                              "adding EXCLUDE constraint " + add->index.name + " builds its index on " +
                                add->table.str() + " under an ACCESS EXCLUSIVE lock (it has no online form)"));
      return;
    }
    const std::string reason = blocking_reason(context, add->table);
    if (!exists_before(context, add->table) || reason.empty()) {
      return;
    }
    if (add->index.constraint) {
      out.push_back(make_risk(RiskCode::pg_unique_blocking,
                              "adding UNIQUE constraint " + add->index.name + " builds its index on " +
                                add->table.str() + " under an ACCESS EXCLUSIVE lock (" + reason + ")"));
    } else {
      out.push_back(make_risk(RiskCode::pg_index_blocking,
                              "building index " + add->index.name + " on " + add->table.str() +
                                " without CONCURRENTLY blocks writes for the whole build (" + reason + ")"));
    }
  } else if (const auto* key = std::get_if<schemas::SetPrimaryKey>(&op)) {
    const std::string reason = blocking_reason(context, key->table);
    if (!key->after.columns.empty() && exists_before(context, key->table) && !reason.empty()) {
      out.push_back(make_risk(RiskCode::pg_primary_key_blocking,
                              "setting the primary key of " + key->table.str() + " builds its index under an ACCESS "
                              "EXCLUSIVE lock: reads and writes wait (" + reason + ")"));
    }
  } else if (const auto* drop = std::get_if<schemas::DropIndex>(&op)) {
    const std::string reason = blocking_reason(context, drop->table);
    if (exists_before(context, drop->table) && !reason.empty() && !drop->index.constraint &&
        !drop->index.exclusion()) {
      out.push_back(make_risk(RiskCode::pg_drop_index_locking,
                              "dropping index " + drop->index.name + " without CONCURRENTLY takes an ACCESS "
                              "EXCLUSIVE lock on " + drop->table.str() + " (waits behind running queries; " + reason +
                                ")"));
    }
  }
}

void enum_risks(const schemas::Operation& op, const RiskContext& context, std::vector<Risk>& out)
{
  const auto* create = std::get_if<schemas::CreateEnum>(&op);
  if (create == nullptr || context.before == nullptr ||
      context.before->find_enum(create->enum_type.qualified()) == nullptr) {
    return;
  }
  std::string tables;
  for (const auto& [table, column] : enum_columns(*context.before, create->enum_type.qualified())) {
    tables += (tables.empty() ? "" : ", ") + table.str() + "." + column;
  }
  if (!tables.empty()) {
    out.push_back(make_risk(RiskCode::pg_enum_recreated,
                            "recreating enum " + create->enum_type.qualified().str() +
                              " rewrites the columns that use it under ACCESS EXCLUSIVE locks: " + tables));
  }
}

// A materialized view created again (its query changed, or something it reads) WITH DATA: CREATE
// runs its query inside the migration, and the old one's readers wait for the commit.
void materialized_view_risks(const schemas::Operation& op, const RiskContext& context, std::vector<Risk>& out)
{
  const auto* create = std::get_if<schemas::CreateView>(&op);
  if (create == nullptr || !create->view.materialized || !create->view.with_data || context.before == nullptr) {
    return;
  }
  const auto* old = context.before->find_view(create->view.qualified());
  if (old != nullptr && old->materialized) {
    out.push_back(make_risk(RiskCode::pg_matview_recreated,
                            "materialized view " + create->view.qualified().str() +
                              " is dropped and created again: its query runs in the migration to materialise its "
                              "rows anew while its readers wait (ACCESS EXCLUSIVE until the commit)"));
  }
}

} // namespace

bool type_change_rewrites(const std::string& before, const std::string& after)
{
  const ParsedType b = parse_type(before);
  const ParsedType a = parse_type(after);
  if (b.base == a.base && b.params == a.params) {
    return false;
  }
  const bool b_text = b.base == "text";
  const bool b_varchar = b.base == "character varying";
  if ((b_varchar || b_text) && a.base == "text") {
    return false;
  }
  if (b_varchar && a.base == "character varying") {
    return !grows(b, a);
  }
  if (b_text && a.base == "character varying") {
    return !a.params.empty();
  }
  if (b.base == "numeric" && a.base == "numeric") {
    // numeric(p,s) -> numeric(p2 >= p, same s) or unconstrained numeric keeps every stored value.
    return !(a.params.empty() || (b.params.size() == 2 && a.params.size() == 2 && a.params[1] == b.params[1] &&
                                  a.params[0] >= b.params[0]));
  }
  if (b.base == "bit varying" && a.base == "bit varying") {
    return !grows(b, a);
  }
  return !(b.base == "cidr" && a.base == "inet");
}

bool default_is_volatile(const std::string& text)
{
  static constexpr std::array<std::string_view, 9> k_volatile = {
    "random",       "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
    "clock_timestamp", "timeofday",     "nextval",          "statement_timestamp"};
  const std::string l = lex::ascii_lower(text);
  for (const auto name : k_volatile) {
    for (auto at = l.find(name); at != std::string::npos; at = l.find(name, at + 1)) {
      const bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(l[at - 1])) || l[at - 1] == '_');
      size_t next = at + name.size();
      while (next < l.size() && std::isspace(static_cast<unsigned char>(l[next]))) {
        ++next;
      }
      if (starts && next < l.size() && l[next] == '(') {
        return true;
      }
    }
  }
  return false;
}

Capabilities capabilities()
{
  Capabilities c; // every alter_* defaults to true: ALTER TABLE expresses every change in place
  c.transactional_ddl = true;
  c.comments = true;
  c.schemas = true;
  c.enum_types = true;
  c.sequences = true;
  c.concurrent_index = true;
  c.table_rebuild = false;
  c.alter_table_options = true; // SET (…) / RESET (…), SET LOGGED / UNLOGGED
  c.case_insensitive_names = false;
  c.index_name_scope = schemas::IndexNameScope::schema_keys;
  c.public_executes_new_functions = true;
  return c;
}

bool can_alter_in_place(const AlterQuestion& question)
{
  if (question.operation == nullptr) {
    throw Error(ErrorKind::internal, "can_alter_in_place asked without an operation");
  }
  return true; // no change needs a table copy; the costly ones carry locking risks instead
}

std::vector<schemas::Risk> engine_risks(const schemas::Operation& op)
{
  return engine_risks(op, RiskContext{});
}

std::vector<schemas::Risk> engine_risks(const schemas::Operation& op, const RiskContext& context)
{
  std::vector<Risk> out;
  column_risks(op, out);
  index_risks(op, context, out);
  enum_risks(op, context, out);
  materialized_view_risks(op, context, out);
  partition_risks(op, out);
  return out;
}

std::string probe_sql(const ProbeQuery& probe)
{
  static const ProbeSyntax syntax{quote_identifier, quote_name,
                                  [](const std::string& column) { return "char_length(" + column + "::text)"; },
                                  quote_literal,
                                  [](const std::string& column, const schemas::ColumnType& from,
                                     const schemas::ColumnType& to) {
                                    return changed_value_condition(column, from, to).value_or("false");
                                  }};
  return render_probe_sql(probe, syntax);
}

} // namespace strata::dialects::postgres
