#pragma once
// Building blocks shared by the PostgreSQL rendering files (render.cpp dispatch and tables,
// render_columns.cpp, render_constraints.cpp, render_objects.cpp) and the lock analysis of
// alter.cpp. Private to dialects/postgres.

#include "dialects/postgres/internal.hpp"

#include <map>
#include <string>
#include <vector>

namespace strata::dialects::postgres {

using Statements = std::vector<Statement>;

Statement statement(std::string sql, bool no_transaction = false, std::string comment = {});
// "ALTER TABLE <quoted table> " (a statement's start).
std::string alter_table(const schemas::QualifiedName& table);

// "a", "b" (each quoted).
// The type as PostgreSQL spells it: native text as written, portable kinds through format_type.
std::string type_sql(const schemas::ColumnType& type);
// `"name" type [COLLATE] [GENERATED ... | DEFAULT ...] [NOT NULL]` for CREATE TABLE / ADD COLUMN.
std::string column_definition(const schemas::Column& column);
// DEFAULT text as written, wrapped in parentheses when it is not a single term.
std::string default_sql(const std::string& text);
// COMMENT ON <kind> <target> IS '...' (NULL when the comment is empty).
Statement comment_on(const std::string& kind, const std::string& target, const std::string& comment);
// COMMENT ON COLUMN "relation"."column": a table's, a view's or a composite type's attribute.
Statement comment_on_column(const schemas::QualifiedName& relation, const std::string& column,
                            const std::string& comment);
// `"name" ON "schema"."table"`: how COMMENT ON and DROP name a trigger or a rule.
std::string member_target(const schemas::QualifiedName& table, const std::string& trigger);
// ALTER SEQUENCE … [AS type] with every option, and OWNED BY when the owner changes.
Statements render_alter_sequence(const schemas::AlterSequence& op);
// CREATE RULE as declared, ON `relation` under its name in the plan, and its comment; DROP RULE.
Statements create_rule(const schemas::QualifiedName& relation, const schemas::Rule& rule);
Statements drop_rule(const schemas::QualifiedName& relation, const schemas::Rule& rule);
// An identifier derived from `base` and `suffix`, cut to PostgreSQL's 63-byte limit.
std::string derived_name(const std::string& base, const std::string& suffix);

// `CONSTRAINT "name" FOREIGN KEY (...) REFERENCES ...` / `... CHECK (...)` / `... UNIQUE (...)`.
std::string foreign_key_clause(const schemas::ForeignKey& fk);
std::string check_clause(const schemas::Check& check);
std::string unique_clause(const schemas::Index& index);
// `CONSTRAINT "name" EXCLUDE [USING m] (key WITH op, ...) [INCLUDE] [WITH (...)] [WHERE (...)] [DEFERRABLE ...]`.
std::string exclusion_clause(const schemas::Index& index);
// COMMENT ON CONSTRAINT "name" ON table IS '...'.
Statement constraint_comment(const schemas::QualifiedName& table, const std::string& name, const std::string& comment);
std::string primary_key_clause(const schemas::Table& table);
// CREATE [UNIQUE] INDEX [CONCURRENTLY IF NOT EXISTS] "name" ON table [USING m] (keys) [INCLUDE] [WHERE].
std::string create_index_sql(const schemas::QualifiedName& table, const schemas::Index& index, bool concurrently);

// True when `table` exists before this plan: in ctx.live under its name, or under the name its
// desired definition was renamed from. Unknown (no live schema): false.
bool table_exists_before(const RenderContext& ctx, const schemas::QualifiedName& table);
// CREATE SCHEMA IF NOT EXISTS once per file for a non-default schema the live database lacks
// (nothing otherwise).
void ensure_schema(const std::string& schema, RenderContext& ctx, Statements& out);

// Per-area renderers.
Statements render_add_table(const schemas::AddTable& op, RenderContext& ctx);
Statements render_add_column(const schemas::AddColumn& op);
// After a CREATE TABLE or ADD COLUMN: the owned sequence of each serial column with a
// `sequence_type` takes that type.
void serial_sequence_types(const schemas::QualifiedName& table, const std::vector<schemas::Column>& columns,
                           Statements& out);
Statements render_alter_column(const schemas::AlterColumn& op, const RenderContext& ctx);
Statements render_add_index(const schemas::AddIndex& op, const RenderContext& ctx);
Statements render_drop_index(const schemas::DropIndex& op, const RenderContext& ctx);
Statements render_add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx);
Statements render_add_check(const schemas::AddCheck& op, const RenderContext& ctx);
Statements render_validate_constraint(const schemas::ValidateConstraint& op);
Statements render_set_primary_key(const schemas::SetPrimaryKey& op, const RenderContext& ctx);
Statements render_set_index_storage(const schemas::SetIndexStorage& op);
// Storage parameters (an index's `with`, a table's options): `"fillfactor" = '70', …` (names
// quoted as identifiers, `toast.x` as namespace and name; values as literals: the server parses
// each from its text, as reloptions keep it), and the `ALTER … SET (…)` / `RESET (…)` that turn
// `before` into `after` (`alter`: "ALTER INDEX name", "ALTER TABLE name").
std::string storage_list(const std::map<std::string, std::string>& with);
Statements storage_changes(const std::string& alter, const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after);
Statements render_set_constraint_comment(const schemas::SetConstraintComment& op);
Statements render_create_view(const schemas::CreateView& op, RenderContext& ctx);
Statements render_create_enum(const schemas::CreateEnum& op, RenderContext& ctx);
Statements render_drop_enum(const schemas::DropEnum& op, const RenderContext& ctx);
Statements render_create_sequence(const schemas::CreateSequence& op, RenderContext& ctx);
// render_objects.cpp: functions and procedures (function.hpp has their headers).
// create_function: with its comment when `with_comment` (a new function; CREATE OR REPLACE keeps
// the old comment).
Statements create_function(const schemas::Function& function, RenderContext& ctx, bool with_comment);
Statements drop_function(const schemas::Function& function);
// render_objects.cpp: COMMENT ON TYPE | DOMAIN | SEQUENCE | FUNCTION ... | TRIGGER.
Statements render_set_object_comment(const schemas::SetObjectComment& op);
// render_objects.cpp: extensions.
Statements render_create_extension(const schemas::CreateExtension& op, RenderContext& ctx);
// render_objects.cpp: schemas (namespaces) and their comments ("" the default schema).
Statements render_create_schema(const schemas::CreateSchema& op, RenderContext& ctx);
Statement comment_on_schema(const std::string& name, const std::string& comment);
Statements render_alter_extension(const schemas::AlterExtension& op, RenderContext& ctx);
// render_objects.cpp: domains.
Statements render_create_domain(const schemas::CreateDomain& op, RenderContext& ctx);
Statements render_alter_domain(const schemas::AlterDomain& op);
// render_objects.cpp: composite types.
Statements render_create_composite_type(const schemas::CreateCompositeType& op, RenderContext& ctx);
Statements render_alter_composite_type(const schemas::AlterCompositeType& op);
// render_security.cpp: row-level security and policies.
Statements create_policy(const schemas::QualifiedName& table, const schemas::Policy& policy);
Statements drop_policy(const schemas::QualifiedName& table, const schemas::Policy& policy);
Statements set_row_security(const schemas::QualifiedName& table, const std::string& state);
// render_security.cpp: the REVOKE and GRANT statements of a change of privileges.
Statements render_set_privileges(const schemas::SetPrivileges& op);
// ALTER SEQUENCE ... OWNED BY for the desired sequences owned by a column of a new table.
void own_sequences(const schemas::Table& table, const RenderContext& ctx, Statements& out);

// Lock analysis shared with engine_risks: a type change PostgreSQL performs without rewriting
// the table (binary-coercible: varchar(n) -> varchar(m >= n) / text, numeric precision growth).
bool type_change_rewrites(const std::string& before, const std::string& after);
// True for a default that ADD COLUMN must evaluate per row (a volatile function): a rewrite.
bool default_is_volatile(const std::string& text);
// The name the old enum type takes while an enum is recreated under its own name.
std::string retired_enum_name(const std::string& name);
// True when `column` is typed with (an array of) an enum of ctx.live or ctx.desired (schema-aware
// name match); *array tells whether it is the array form.
bool column_uses_known_enum(const schemas::Column& column, const RenderContext& ctx, bool* array);
// Columns (table, column) of `schema` typed with enum `name` (plain or array).
std::vector<std::pair<schemas::QualifiedName, std::string>> enum_columns(const schemas::Schema& schema,
                                                                         const schemas::QualifiedName& name);

} // namespace strata::dialects::postgres
