#pragma once
// Direct access to a SQLite file for preparing databases and checking what strata did to them.

#include "dialects/connection.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::e2e {

using Row = std::vector<dialects::Value>;

// Runs one or more statements on the file (foreign keys on).
void exec_sql(const std::filesystem::path& db, const std::string& sql);
std::vector<Row> query_rows(const std::filesystem::path& db, const std::string& sql);
// The first column of the first row (nullopt for NULL); fails the test when there is no row.
dialects::Value scalar(const std::filesystem::path& db, const std::string& sql);
long long count_rows(const std::filesystem::path& db, const std::string& table);

bool table_exists(const std::filesystem::path& db, const std::string& name);
bool index_exists(const std::filesystem::path& db, const std::string& name);
std::vector<std::string> column_names(const std::filesystem::path& db, const std::string& table);
// The tables a table's foreign keys reference, sorted.
std::vector<std::string> referenced_tables(const std::filesystem::path& db, const std::string& table);
// Every schema object's type, name and SQL text, sorted: equal dumps mean an unchanged schema.
std::string schema_dump(const std::filesystem::path& db);

// Rows of strata_schema_history as "version|status", ordered by version (empty when the table
// does not exist).
std::vector<std::string> history_versions(const std::filesystem::path& db);

// Whether another connection holds the write lock right now (BEGIN IMMEDIATE fails at once).
bool write_locked(const std::filesystem::path& db);

// Shorthand for checking values: Row{"a", std::nullopt, "3"}.
Row row(std::initializer_list<dialects::Value> values);

} // namespace strata::e2e
