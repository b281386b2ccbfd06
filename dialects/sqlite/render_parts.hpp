#pragma once
// Building blocks shared by the SQLite rendering files (render.cpp, render_table.cpp, rebuild.cpp)
// and the ALTER questions of alter.cpp. Private to dialects/sqlite.

#include "dialects/sqlite/internal.hpp"

#include <string>
#include <vector>

namespace strata::dialects::sqlite {

// One statement that runs inside the file's transaction, with its comment.
Statement statement(std::string sql, std::string comment = {});
// "schema"."name", or "name" when the schema is empty.
std::string qualified(const schemas::QualifiedName& name);
// True when table option `key` (e.g. "without_rowid", "strict") is set to true/1/yes/on.
bool table_option(const schemas::Table& table, const std::string& key);
// "a", "b" (each quoted).
std::string column_list(const std::vector<std::string>& names);

// True when `text` is a literal SQLite accepts after DEFAULT without parentheses and ADD COLUMN
// accepts as constant: a signed number, a string or blob literal, NULL, TRUE or FALSE.
bool is_constant_default(const std::string& text);
// True when `text` (an SQL expression or definition) mentions identifier `name`, bare or quoted,
// case-insensitively. Conservative: a string literal containing the word also counts.
bool mentions_identifier(const std::string& text, const std::string& name);

// `"name" TYPE ...` for CREATE TABLE and ADD COLUMN. `inline_primary_key` renders the identity
// column as INTEGER [CONSTRAINT "pk"] PRIMARY KEY AUTOINCREMENT.
std::string column_definition(const schemas::Column& column, bool inline_primary_key,
                              const std::string& primary_key_name = {});
// CREATE TABLE `name` (columns, primary key, unique constraints, checks, foreign keys) [options].
// Non-constraint indexes and triggers are not part of it.
std::string create_table_sql(const schemas::Table& table, const schemas::QualifiedName& name);
// CREATE [UNIQUE] INDEX ... ON table (keys) [WHERE ...] for a non-constraint index.
std::string create_index_sql(const schemas::QualifiedName& table, const schemas::Index& index);
// The trigger's definition text without a trailing ';'.
std::string trigger_sql(const schemas::Trigger& trigger);

// The table-rebuild procedure (rebuild.cpp).
std::vector<Statement> render_rebuild(const schemas::RebuildTable& op);

} // namespace strata::dialects::sqlite
