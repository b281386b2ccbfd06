#pragma once
// The MySQL/MariaDB reader's information_schema queries: one per kind of object for the whole
// connection database (DATABASE()), never one per table, so their number does not grow with the
// schema. strata's own tables (strata_*) are left out. Every column is aliased: MySQL 8 returns
// information_schema column names upper case, MariaDB as selected.
//
// Every information_schema table of a query, joined ones included, is filtered by its own schema
// column compared with DATABASE(): MariaDB then opens only the tables of that database ("Scanned 1
// database" in EXPLAIN). A table whose schema is only reached through a join condition is read
// for every database on the server (a REFERENTIAL_CONSTRAINTS joined on CONSTRAINT_SCHEMA took
// seconds on a server holding 12,000 tables elsewhere).

#include "dialects/mysql/connection.hpp"

#include <string>
#include <vector>

namespace strata::introspect::mysql::queries {

// The database read, the server version (for the ServerInfo predicates) and the defaults that
// table options are compared with; the session's charset and collation, which views created by
// strata take (view options).
inline constexpr const char* k_database = R"SQL(
SELECT DATABASE() AS name, VERSION() AS version, @@default_storage_engine AS engine,
  s.DEFAULT_CHARACTER_SET_NAME AS charset, s.DEFAULT_COLLATION_NAME AS collation,
  @@character_set_client AS session_charset, @@collation_connection AS session_collation
FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = DATABASE())SQL";

// Tables, MariaDB's system-versioned tables (TABLE_TYPE SYSTEM VERSIONED) and MariaDB's sequences
// (TABLE_TYPE SEQUENCE: information_schema has no view of their values before MariaDB 11.5;
// sequences() below reads them).
inline constexpr const char* k_tables = R"SQL(
SELECT t.TABLE_NAME AS name, t.TABLE_TYPE AS type, t.ENGINE AS engine, t.TABLE_COLLATION AS collation,
  t.TABLE_COMMENT AS comment, t.CREATE_OPTIONS AS create_options,
  t.DATA_LENGTH + t.INDEX_LENGTH AS total_bytes, t.TABLE_ROWS AS row_estimate
FROM information_schema.TABLES t
WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE') AND t.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY t.TABLE_NAME)SQL";

// The values of MariaDB sequences, all in one query: a sequence is a one-row table of its values,
// so the query reads each of them, joined by UNION ALL (`names` quoted as identifiers, `labels`
// as literals, in the same order; none when there are no sequences).
inline std::string sequences(const std::vector<std::string>& names, const std::vector<std::string>& labels)
{
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += std::string(out.empty() ? "" : "\nUNION ALL\n") + "SELECT " + labels[i] +
           " AS name, s.start_value AS start, s.increment AS increment, s.minimum_value AS min_value, "
           "s.maximum_value AS max_value, s.cycle_option AS cycle FROM " + names[i] + " s";
  }
  return out;
}

// Columns of tables and views alike (the reader keeps those of the tables it read).
inline constexpr const char* k_columns = R"SQL(
SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.DATA_TYPE AS data_type,
  c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS default_value, c.EXTRA AS extra,
  c.GENERATION_EXPRESSION AS generation, c.COLLATION_NAME AS collation, c.COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS c
WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION)SQL";

// One row per key part. MySQL 8.0.13's EXPRESSION column (a functional key part has no
// COLUMN_NAME) and the column telling an index hidden from the optimizer (MySQL 8's IS_VISIBLE,
// MariaDB 10.6's IGNORED: `invisible` is 1 or 0) are asked only of servers that have them.
inline std::string indexes(const dialects::mysql::ServerInfo& server)
{
  std::string hidden = "0";
  if (server.invisible_indexes()) {
    hidden = server.mariadb ? "s.IGNORED = 'YES'" : "s.IS_VISIBLE = 'NO'";
  }
  return std::string(R"SQL(
SELECT s.TABLE_NAME AS table_name, s.INDEX_NAME AS name, s.NON_UNIQUE AS non_unique, s.SEQ_IN_INDEX AS position,
  s.COLUMN_NAME AS column_name, s.COLLATION AS collation, s.SUB_PART AS sub_part, s.INDEX_TYPE AS index_type,
  s.INDEX_COMMENT AS comment, )SQL") +
         (server.functional_indexes() ? "s.EXPRESSION AS expression" : "NULL AS expression") + ", (" + hidden +
         ") AS invisible" + R"SQL(
FROM information_schema.STATISTICS s
WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX)SQL";
}

// One row per foreign-key column, with the constraint's actions. A foreign key lives in its
// table's database, so both sides are that database's and are joined by constraint and table
// name only: a join on CONSTRAINT_SCHEMA as well turns MariaDB's filter on r into a multiple
// equality it no longer uses, and REFERENTIAL_CONSTRAINTS is read for every database again.
inline constexpr const char* k_foreign_keys = R"SQL(
SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
  k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
  k.REFERENCED_COLUMN_NAME AS ref_column, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND r.CONSTRAINT_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
  AND k.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION)SQL";

// MariaDB's CHECK_CONSTRAINTS names the table and the level (Column for a check written on a
// column, named after it); MySQL 8's names neither, the table comes from TABLE_CONSTRAINTS (a
// check's name is unique in its database there; joined by name only, as the foreign keys).
inline constexpr const char* k_checks_mariadb = R"SQL(
SELECT c.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS name, c.LEVEL AS level, c.CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS c
WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND c.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY c.TABLE_NAME, c.CONSTRAINT_NAME)SQL";

inline constexpr const char* k_checks_mysql = R"SQL(
SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS name, 'Table' AS level, c.CHECK_CLAUSE AS clause
FROM information_schema.TABLE_CONSTRAINTS t
JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
WHERE t.TABLE_SCHEMA = DATABASE() AND c.CONSTRAINT_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK'
  AND t.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME)SQL";

// `algorithm`: MariaDB's VIEWS has an ALGORITHM column, MySQL 8's has not (not read there).
inline std::string views(bool algorithm)
{
  return std::string(R"SQL(
SELECT v.TABLE_NAME AS name, v.VIEW_DEFINITION AS query, v.SECURITY_TYPE AS security,
  v.CHARACTER_SET_CLIENT AS charset, v.COLLATION_CONNECTION AS collation)SQL") +
         (algorithm ? ", v.ALGORITHM AS algorithm" : ", NULL AS algorithm") + R"SQL(
FROM information_schema.VIEWS v
WHERE v.TABLE_SCHEMA = DATABASE() AND v.TABLE_NAME NOT LIKE 'strata\_%'
ORDER BY v.TABLE_NAME)SQL";
}

// Triggers of the database's tables, in the order the server fires them per table, timing and
// event (ACTION_ORDER: MariaDB 10.2.3+ and MySQL 5.7.2+ allow several of one kind).
inline constexpr const char* k_triggers = R"SQL(
SELECT t.TRIGGER_NAME AS name, t.EVENT_OBJECT_TABLE AS table_name, t.ACTION_TIMING AS timing,
  t.EVENT_MANIPULATION AS event, t.ACTION_ORDER AS action_order, t.ACTION_STATEMENT AS body
FROM information_schema.TRIGGERS t
WHERE t.TRIGGER_SCHEMA = DATABASE() AND t.EVENT_OBJECT_SCHEMA = DATABASE()
  AND t.EVENT_OBJECT_TABLE NOT LIKE 'strata\_%'
ORDER BY t.EVENT_OBJECT_TABLE, t.ACTION_TIMING, t.EVENT_MANIPULATION, t.ACTION_ORDER)SQL";

// Stored functions and procedures with their parameters, in one query: a routine's row (position
// -1: its characteristics and body) followed by its parameters' rows in order (a function's
// result is its parameter 0). Each table is filtered on its own schema column, which the server
// looks routines up by. A parameter's character set comes with its default collation
// (CHARACTER_SETS: one row per character set, not per database).
inline constexpr const char* k_routines = R"SQL(
SELECT r.ROUTINE_TYPE AS kind, r.ROUTINE_NAME AS name, -1 AS position, NULL AS mode, NULL AS parameter,
  NULL AS type, NULL AS charset, NULL AS collation, NULL AS default_collation, r.ROUTINE_DEFINITION AS body,
  r.IS_DETERMINISTIC AS is_deterministic, r.SQL_DATA_ACCESS AS data_access, r.SECURITY_TYPE AS security,
  r.ROUTINE_COMMENT AS comment
FROM information_schema.ROUTINES r
WHERE r.ROUTINE_SCHEMA = DATABASE()
UNION ALL
SELECT p.ROUTINE_TYPE, p.SPECIFIC_NAME, p.ORDINAL_POSITION, p.PARAMETER_MODE, p.PARAMETER_NAME, p.DTD_IDENTIFIER,
  p.CHARACTER_SET_NAME, p.COLLATION_NAME, c.DEFAULT_COLLATE_NAME, NULL, NULL,
  NULL, NULL, NULL
FROM information_schema.PARAMETERS p
LEFT JOIN information_schema.CHARACTER_SETS c ON c.CHARACTER_SET_NAME = p.CHARACTER_SET_NAME
WHERE p.SPECIFIC_SCHEMA = DATABASE()
ORDER BY kind, name, position)SQL";

// Partitions of the partitioned tables (CREATE_OPTIONS says "partitioned"), one row per
// partition or subpartition in order. The reader adds `AND TABLE_NAME IN (...)` with those
// tables' names: information_schema.PARTITIONS opens every table it lists, so it is asked only
// about the tables that have partitions, and not at all when none does.
inline constexpr const char* k_partitions = R"SQL(
SELECT p.TABLE_NAME AS table_name, p.PARTITION_NAME AS name, p.SUBPARTITION_NAME AS subpartition,
  p.PARTITION_METHOD AS method, p.PARTITION_EXPRESSION AS expression, p.SUBPARTITION_METHOD AS sub_method,
  p.SUBPARTITION_EXPRESSION AS sub_expression, p.PARTITION_DESCRIPTION AS description,
  p.PARTITION_COMMENT AS comment
FROM information_schema.PARTITIONS p
WHERE p.TABLE_SCHEMA = DATABASE() AND p.PARTITION_NAME IS NOT NULL)SQL";
inline constexpr const char* k_partitions_order =
  " ORDER BY p.TABLE_NAME, p.PARTITION_ORDINAL_POSITION, p.SUBPARTITION_ORDINAL_POSITION";

} // namespace strata::introspect::mysql::queries
