#pragma once
// Schemas and databases shared by several end-to-end tests.

#include "tests/e2e/support/workspace.hpp"

#include <string>

namespace strata::e2e {

// A realistic shop database in raw SQLite SQL: 18 tables, composite keys, foreign keys with
// cascade / set null / restrict, partial, expression and unique indexes, table-level UNIQUE
// constraints, checks, two views, a trigger, AUTOINCREMENT, and the organization and users rows.
extern const char* const k_shop_sql;
inline constexpr int k_shop_table_count = 18;
// The rest of the shop's rows, the same on SQLite and MariaDB (k_my_shop_sql): roles, a product
// in stock, a customer and a paid order.
extern const char* const k_shop_order_rows_sql;

// The bookshop evolution: v1, and v2 which adds a column with a default, drops a column,
// renames a column and a table (renamed_from), changes a type, adds NOT NULL, adds and drops an
// index and a foreign key.
extern const std::string k_books_v1_yaml;
extern const std::string k_books_v2_yaml;
// Rows inserted once v1 is applied.
extern const char* const k_books_v1_rows_sql;

inline constexpr const char* k_v1_version = "20260101000000";
inline constexpr const char* k_v2_version = "20260102000000";

// A schema of one table keyed on `id`: `columns` are its column lines ("      - { name: ... }\n"),
// after a leading newline; `extras` close the table (options, indexes, checks, foreign keys).
std::string one_table_yaml(const std::string& table, const std::string& columns, const std::string& extras = "");

// Plans (`--version k_v1_version --name v1`) and applies v1 in a SQLite workspace, then inserts
// the v1 rows (engine.hpp has the same for every engine's DbWorkspace).
void apply_books_v1(const Workspace& ws);

// Writes <dir>/<version>_<slug>.up.sql and .down.sql (hand-written migration files).
void write_migration(const Workspace& ws, const std::string& version, const std::string& slug,
                     const std::string& up_sql, const std::string& down_sql);

// A statement that inserts three million rows through a recursive CTE (a few seconds).
std::string slow_insert_sql(const std::string& table);
inline constexpr long long k_slow_rows = 3'000'000;

} // namespace strata::e2e
