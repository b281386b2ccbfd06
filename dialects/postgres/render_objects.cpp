// Views, enum types and sequences. An enum whose values are removed or reordered is recreated
// under its own name: DropEnum moves the old type aside (RENAME), CreateEnum creates the new one,
// moves every column that keeps the type over with a cast through text, and drops the old type.
#include "dialects/postgres/render_parts.hpp"
#include "dialects/postgres/function.hpp"
#include "dialects/postgres/rule.hpp"

#include "dialects/constraint_sql.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::postgres {

namespace {

std::string lower_unquoted(const std::string& text)
{
  std::string out;
  for (char c : text) {
    if (c != '"') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// "enum", "schema.enum", with "[]" when the column is an array of it; empty when not the enum.
bool column_has_enum(const schemas::Column& column, const schemas::QualifiedName& name, bool* array)
{
  const schemas::ColumnType type = column.type.for_engine(k_engine);
  if (type.kind != schemas::ColumnType::Kind::native) {
    return false;
  }
  std::string text = lower_unquoted(type.native);
  *array = text.size() > 2 && text.compare(text.size() - 2, 2, "[]") == 0;
  if (*array) {
    text.resize(text.size() - 2);
  }
  const std::string bare = lower_unquoted(name.name);
  return text == bare || (!name.schema.empty() && text == lower_unquoted(name.schema) + "." + bare);
}

// table and column of an OWNED BY text ("table.column" or "schema.table.column").
std::pair<schemas::QualifiedName, std::string> owner_of(const schemas::Sequence& sequence)
{
  const std::string& text = sequence.owned_by;
  const auto last = text.rfind('.');
  if (last == std::string::npos || last == 0 || last + 1 == text.size()) {
    throw Error(ErrorKind::input, "sequence " + sequence.qualified().str() + ": owned_by '" + text +
                                    "' must be table.column");
  }
  std::string table = text.substr(0, last);
  schemas::QualifiedName owner{sequence.schema, table};
  if (const auto dot = table.find('.'); dot != std::string::npos) {
    owner = {table.substr(0, dot), table.substr(dot + 1)};
  }
  return {owner, text.substr(last + 1)};
}

Statement owned_by(const schemas::Sequence& sequence)
{
  const auto [table, column] = owner_of(sequence);
  return statement("ALTER SEQUENCE " + quote_name(sequence.qualified()) + " OWNED BY " + quote_name(table) + "." +
                   quote_identifier(column));
}

// Moves the columns that keep enum `name` from the retired type to the new one.
void move_enum_columns(const schemas::QualifiedName& name, const RenderContext& ctx, Statements& out)
{
  if (ctx.live == nullptr || ctx.desired == nullptr) {
    return;
  }
  const std::string type = quote_name(name);
  for (const auto& [table_name, column_name] : enum_columns(*ctx.live, name)) {
    const schemas::Table* desired_table = ctx.desired_table(table_name);
    const schemas::Column* desired = desired_table == nullptr ? nullptr : desired_table->find_column(column_name);
    bool array = false;
    if (desired == nullptr || !column_has_enum(*desired, name, &array)) {
      continue; // dropped or retyped by its own step
    }
    const std::string column = "ALTER TABLE " + quote_name(table_name) + " ALTER COLUMN " +
                               quote_identifier(column_name) + " ";
    const schemas::Column* live = ctx.live_table(table_name)->find_column(column_name);
    if (live->default_value) {
      out.push_back(statement(column + "DROP DEFAULT"));
    }
    const std::string suffix = array ? "[]" : "";
    out.push_back(statement(column + "TYPE " + type + suffix + " USING " + quote_identifier(column_name) + "::text" +
                            suffix + "::" + type + suffix));
    if (desired->default_value) {
      out.push_back(statement(column + "SET DEFAULT " + default_sql(*desired->default_value)));
    }
  }
}

} // namespace

bool column_uses_known_enum(const schemas::Column& column, const RenderContext& ctx, bool* array)
{
  for (const schemas::Schema* schema : {ctx.live, ctx.desired}) {
    if (schema == nullptr) {
      continue;
    }
    for (const auto& e : schema->enums) {
      if (column_has_enum(column, e.qualified(), array)) {
        return true;
      }
    }
  }
  return false;
}

std::string retired_enum_name(const std::string& name)
{
  return derived_name(name, "_strata_old");
}

std::vector<std::pair<schemas::QualifiedName, std::string>> enum_columns(const schemas::Schema& schema,
                                                                         const schemas::QualifiedName& name)
{
  std::vector<std::pair<schemas::QualifiedName, std::string>> out;
  for (const auto& table : schema.tables) {
    for (const auto& column : table.columns) {
      bool array = false;
      if (column_has_enum(column, name, &array)) {
        out.emplace_back(table.qualified(), column.name);
      }
    }
  }
  return out;
}

Statements render_create_view(const schemas::CreateView& op, RenderContext& ctx)
{
  Statements out;
  ensure_schema(op.view.schema, ctx, out);
  const auto& view = op.view;
  std::string sql = std::string(view.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") +
                    quote_name(view.qualified());
  if (!view.columns.empty()) {
    sql += " (" + column_list(view.columns) + ")";
  }
  sql += " AS " + view.query;
  if (view.materialized && !view.with_data) {
    // After the query's last token: a final ';' (pg_get_viewdef prints one) would end the
    // statement before the clause, and a new line keeps it out of a trailing line comment.
    while (!sql.empty() && (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())) != 0)) {
      sql.pop_back();
    }
    sql += "\nWITH NO DATA";
  }
  out.push_back(statement(sql));
  if (!view.comment.empty()) {
    out.push_back(
      comment_on(view.materialized ? "MATERIALIZED VIEW" : "VIEW", quote_name(view.qualified()), view.comment));
  }
  for (const auto& [column, comment] : view.column_comments) {
    out.push_back(comment_on_column(view.qualified(), column, comment));
  }
  // A materialized view's indexes (and their comments) come with it: it is new (or created
  // again), so no reader waits for a plain CREATE INDEX.
  RenderContext offline = ctx;
  offline.concurrent_indexes = false;
  for (const auto& index : view.indexes) {
    const auto more = render_add_index(schemas::AddIndex{view.qualified(), index}, offline);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

Statements render_alter_sequence(const schemas::AlterSequence& op)
{
  const auto& s = op.after;
  Statements out;
  if (s.type != op.before.type || s.options() != op.before.options()) {
    out.push_back(statement("ALTER SEQUENCE " + quote_name(s.qualified()) + (s.type.empty() ? " AS bigint" : " AS " + s.type) +
                            sequence_options_change(s, " ", {"NO CYCLE", true}, restarts(op.before.progress))));
  }
  if (s.owned_by != op.before.owned_by) {
    out.push_back(s.owned_by.empty() ? statement("ALTER SEQUENCE " + quote_name(s.qualified()) + " OWNED BY NONE")
                                     : owned_by(s));
  }
  return out;
}

Statements create_rule(const schemas::QualifiedName& relation, const schemas::Rule& rule)
{
  Statements out{statement(rule_statement(rule.definition, quote_name(relation)))};
  if (!rule.comment.empty()) {
    out.push_back(comment_on("RULE", member_target(relation, rule.name), rule.comment));
  }
  return out;
}

Statements drop_rule(const schemas::QualifiedName& relation, const schemas::Rule& rule)
{
  return {statement("DROP RULE " + member_target(relation, rule.name))};
}

Statements render_create_enum(const schemas::CreateEnum& op, RenderContext& ctx)
{
  const auto name = op.enum_type.qualified();
  Statements out;
  ensure_schema(name.schema, ctx, out);
  std::string values;
  for (const auto& value : op.enum_type.values) {
    values += (values.empty() ? "" : ", ") + quote_literal(value);
  }
  out.push_back(statement("CREATE TYPE " + quote_name(name) + " AS ENUM (" + values + ")"));
  if (!op.enum_type.comment.empty()) {
    out.push_back(comment_on("TYPE", quote_name(name), op.enum_type.comment));
  }
  const bool recreated = ctx.live != nullptr && ctx.live->find_enum(name) != nullptr;
  if (recreated) {
    move_enum_columns(name, ctx, out);
    out.push_back(statement("DROP TYPE " + quote_name({name.schema, retired_enum_name(name.name)})));
  }
  return out;
}

Statements render_drop_enum(const schemas::DropEnum& op, const RenderContext& ctx)
{
  const auto name = op.enum_type.qualified();
  if (ctx.desired != nullptr && ctx.desired->find_enum(name) != nullptr) {
    // Recreated by a CreateEnum of this plan: the old type steps aside while columns still use it.
    return {statement("ALTER TYPE " + quote_name(name) + " RENAME TO " + quote_identifier(retired_enum_name(name.name)),
                      false, "the enum is recreated: its columns move to the new type below")};
  }
  return {statement("DROP TYPE " + quote_name(name))};
}

Statements render_create_sequence(const schemas::CreateSequence& op, RenderContext& ctx)
{
  const auto& s = op.sequence;
  Statements out;
  ensure_schema(s.schema, ctx, out);
  std::string sql = "CREATE SEQUENCE " + quote_name(s.qualified());
  if (!s.type.empty()) {
    sql += " AS " + s.type;
  }
  out.push_back(statement(sql + sequence_options(s)));
  if (!s.comment.empty()) {
    out.push_back(comment_on("SEQUENCE", quote_name(s.qualified()), s.comment));
  }
  // A table created by this plan takes ownership itself, after its CREATE TABLE.
  if (!s.owned_by.empty() && table_exists_before(ctx, owner_of(s).first)) {
    out.push_back(owned_by(s));
  }
  return out;
}

void own_sequences(const schemas::Table& table, const RenderContext& ctx, Statements& out)
{
  if (ctx.desired == nullptr) {
    return;
  }
  for (const auto& sequence : ctx.desired->sequences) {
    if (!sequence.owned_by.empty() && owner_of(sequence).first == table.qualified() &&
        table.find_column(owner_of(sequence).second) != nullptr) {
      out.push_back(owned_by(sequence));
    }
  }
}

// The function's definition as normalize() left it (CREATE OR REPLACE, its own name), so the
// same statement creates it and, for a ReplaceFunction, changes it in place.
namespace {

// The kind (FUNCTION, PROCEDURE, AGGREGATE) and signature DROP and COMMENT ON name a function by.
// An aggregate goes by its argument list as written: an ordered-set one's holds ORDER BY.
std::pair<std::string, std::string> function_target(const schemas::Function& function)
{
  const auto header = parse_function(function.definition);
  const bool aggregate = header && header->aggregate;
  return {header ? header->kind() : "FUNCTION",
          quote_name(function.qualified()) + "(" + (aggregate ? header->arguments : function.arguments) + ")"};
}

} // namespace

Statements create_function(const schemas::Function& function, RenderContext& ctx, bool with_comment)
{
  Statements out;
  ensure_schema(function.schema, ctx, out);
  const std::string name = (function.schema.empty() ? "" : shown_identifier(function.schema) + ".") +
                           shown_identifier(function.name);
  out.push_back(statement(function_statement(function.definition, name)));
  if (with_comment && !function.comment.empty()) {
    const auto [kind, signature] = function_target(function);
    out.push_back(comment_on(kind, signature, function.comment));
  }
  return out;
}

Statements drop_function(const schemas::Function& function)
{
  const auto [kind, signature] = function_target(function);
  return {statement("DROP " + kind + " " + signature)};
}

Statements render_set_object_comment(const schemas::SetObjectComment& op)
{
  using schemas::CommentedObject;
  switch (op.kind) {
  case CommentedObject::enum_type:
  case CommentedObject::composite_type:
    return {comment_on("TYPE", quote_name(op.object), op.after)};
  case CommentedObject::domain:
    return {comment_on("DOMAIN", quote_name(op.object), op.after)};
  case CommentedObject::sequence:
    return {comment_on("SEQUENCE", quote_name(op.object), op.after)};
  case CommentedObject::trigger:
    return {comment_on("TRIGGER", member_target(op.object, op.member), op.after)};
  case CommentedObject::rule:
    return {comment_on("RULE", member_target(op.object, op.member), op.after)};
  case CommentedObject::view_column:
  case CommentedObject::composite_attribute:
    return {comment_on_column(op.object, op.member, op.after)};
  case CommentedObject::function: {
    const auto [kind, signature] = function_target(op.function);
    return {comment_on(kind, signature, op.after)};
  }
  case CommentedObject::schema:
    return {comment_on_schema(op.object.name, op.after)};
  }
  throw Error(ErrorKind::internal, "unknown kind of commented object");
}

Statement comment_on_schema(const std::string& name, const std::string& comment)
{
  if (!name.empty()) {
    return comment_on("SCHEMA", quote_identifier(name), comment);
  }
  // The default schema, whose name is the session's at apply time.
  return statement("DO $strata$ BEGIN EXECUTE format('COMMENT ON SCHEMA %I IS %L', current_schema(), " +
                   (comment.empty() ? std::string("NULL") : quote_literal(comment)) + "); END $strata$");
}

Statements render_create_schema(const schemas::CreateSchema& op, RenderContext& ctx)
{
  const auto& n = op.schema;
  ctx.created_schemas.insert(n.name); // the objects put in it need no CREATE SCHEMA IF NOT EXISTS
  Statements out{statement("CREATE SCHEMA " + quote_identifier(n.name))};
  if (!n.comment.empty()) {
    out.push_back(comment_on_schema(n.name, n.comment));
  }
  return out;
}

Statements render_create_extension(const schemas::CreateExtension& op, RenderContext& ctx)
{
  const auto& e = op.extension;
  Statements out;
  ensure_schema(e.schema, ctx, out);
  std::string sql = "CREATE EXTENSION " + quote_identifier(e.name);
  if (!e.schema.empty()) {
    sql += " WITH SCHEMA " + quote_identifier(e.schema);
  }
  if (!e.version.empty()) {
    sql += " VERSION " + quote_literal(e.version);
  }
  out.push_back(statement(sql));
  return out;
}

Statements render_alter_extension(const schemas::AlterExtension& op, RenderContext& ctx)
{
  Statements out;
  const std::string name = quote_identifier(op.after.name);
  if (op.before.schema != op.after.schema) {
    if (op.after.schema.empty()) {
      // Back to the default schema, whose name is the session's at apply time.
      out.push_back(statement("DO $strata$ BEGIN EXECUTE format('ALTER EXTENSION %I SET SCHEMA %I', " +
                              quote_literal(op.after.name) + ", current_schema()); END $strata$"));
    } else {
      ensure_schema(op.after.schema, ctx, out);
      out.push_back(statement("ALTER EXTENSION " + name + " SET SCHEMA " + quote_identifier(op.after.schema)));
    }
  }
  if (op.before.version != op.after.version && !op.after.version.empty()) {
    out.push_back(statement("ALTER EXTENSION " + name + " UPDATE TO " + quote_literal(op.after.version)));
  }
  return out;
}

namespace {

std::string domain_check_sql(const schemas::QualifiedName& domain, const schemas::Check& check)
{
  return "ALTER DOMAIN " + quote_name(domain) + " ADD CONSTRAINT " + quote_identifier(check.name) + " CHECK (" +
         check.expression + ")" + (check.not_valid ? " NOT VALID" : "");
}

} // namespace

Statements render_create_domain(const schemas::CreateDomain& op, RenderContext& ctx)
{
  const auto& d = op.domain;
  Statements out;
  ensure_schema(d.schema, ctx, out);
  std::string sql = "CREATE DOMAIN " + quote_name(d.qualified()) + " AS " + type_sql(d.type);
  if (!d.collation.empty()) {
    sql += " COLLATE " + quote_identifier(d.collation);
  }
  if (d.default_value) {
    sql += " DEFAULT " + default_sql(*d.default_value);
  }
  if (!d.nullable) {
    sql += " NOT NULL";
  }
  for (const auto& check : d.checks) {
    if (!check.not_valid) {
      sql += " CONSTRAINT " + quote_identifier(check.name) + " CHECK (" + check.expression + ")";
    }
  }
  out.push_back(statement(sql));
  for (const auto& check : d.checks) {
    if (check.not_valid) { // CREATE DOMAIN takes no NOT VALID: added after
      out.push_back(statement(domain_check_sql(d.qualified(), check)));
    }
  }
  if (!d.comment.empty()) {
    out.push_back(comment_on("DOMAIN", quote_name(d.qualified()), d.comment));
  }
  return out;
}

Statements render_alter_domain(const schemas::AlterDomain& op)
{
  const auto& before = op.before;
  const auto& after = op.after;
  const std::string name = "ALTER DOMAIN " + quote_name(after.qualified());
  Statements out;
  for (const auto& check : before.checks) {
    const auto kept = std::find(after.checks.begin(), after.checks.end(), check);
    if (kept == after.checks.end()) {
      out.push_back(statement(name + " DROP CONSTRAINT " + quote_identifier(check.name)));
    }
  }
  if (before.default_value != after.default_value) {
    out.push_back(statement(after.default_value ? name + " SET DEFAULT " + default_sql(*after.default_value)
                                                : name + " DROP DEFAULT"));
  }
  if (before.nullable != after.nullable) {
    out.push_back(statement(name + (after.nullable ? " DROP NOT NULL" : " SET NOT NULL")));
  }
  for (const auto& check : after.checks) {
    if (std::find(before.checks.begin(), before.checks.end(), check) == before.checks.end()) {
      out.push_back(statement(domain_check_sql(after.qualified(), check)));
    }
  }
  return out;
}

namespace {

// "street" text COLLATE "C": an attribute as CREATE TYPE and ADD ATTRIBUTE write it.
std::string attribute_sql(const schemas::CompositeAttribute& attribute)
{
  return quote_identifier(attribute.name) + " " + type_sql(attribute.type) +
         (attribute.collation.empty() ? std::string() : " COLLATE " + quote_identifier(attribute.collation));
}

// COMMENT ON COLUMN type.attribute for each of `attributes` (of `type`) that has a comment.
void comment_attributes(const schemas::CompositeType& type, const std::vector<schemas::CompositeAttribute>& attributes,
                        Statements& out)
{
  for (const auto& attribute : attributes) {
    if (!attribute.comment.empty()) {
      out.push_back(comment_on_column(type.qualified(), attribute.name, attribute.comment));
    }
  }
}

} // namespace

Statements render_create_composite_type(const schemas::CreateCompositeType& op, RenderContext& ctx)
{
  const auto& t = op.type;
  Statements out;
  ensure_schema(t.schema, ctx, out);
  std::string attributes;
  for (const auto& attribute : t.attributes) {
    attributes += (attributes.empty() ? "" : ", ") + attribute_sql(attribute);
  }
  out.push_back(statement("CREATE TYPE " + quote_name(t.qualified()) + " AS (" + attributes + ")"));
  if (!t.comment.empty()) {
    out.push_back(comment_on("TYPE", quote_name(t.qualified()), t.comment));
  }
  comment_attributes(t, t.attributes, out);
  return out;
}

// One ALTER TYPE with every action: drops, then type changes, then additions (which append).
// No CASCADE: typed tables (CREATE TABLE ... OF type) are not managed, and the server refuses
// the change while one exists rather than changing a table behind the plan's back.
Statements render_alter_composite_type(const schemas::AlterCompositeType& op)
{
  const auto steps = schemas::composite_attribute_steps(op.before, op.after);
  std::vector<std::string> actions;
  for (const auto& attribute : steps.dropped) {
    actions.push_back("DROP ATTRIBUTE " + quote_identifier(attribute.name));
  }
  for (const auto& [before, after] : steps.retyped) {
    actions.push_back("ALTER ATTRIBUTE " + quote_identifier(after.name) + " SET DATA TYPE " + type_sql(after.type) +
                      (after.collation.empty() ? std::string() : " COLLATE " + quote_identifier(after.collation)));
  }
  for (const auto& attribute : steps.added) {
    actions.push_back("ADD ATTRIBUTE " + attribute_sql(attribute));
  }
  if (actions.empty()) {
    return {};
  }
  std::string sql = "ALTER TYPE " + quote_name(op.after.qualified());
  for (size_t i = 0; i < actions.size(); ++i) {
    sql += (i == 0 ? " " : ", ") + actions[i];
  }
  Statements out{statement(sql)};
  comment_attributes(op.after, steps.added, out); // an attribute that stays keeps its comment
  return out;
}

} // namespace strata::dialects::postgres
