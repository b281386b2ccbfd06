#include "schemas/risk_codes.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>

namespace strata::schemas {

namespace {

using enum RiskCode;
constexpr auto low = RiskLevel::low;
constexpr auto medium = RiskLevel::medium;
constexpr auto high = RiskLevel::high;

// Ordered as the enum, so risk_code() indexes it (checked by the static_assert below).
constexpr std::array k_codes{
  RiskCodeInfo{drop_table, "D101", "destructive", high, "drop table (an SQLite virtual table too)"},
  RiskCodeInfo{drop_column, "D102", "destructive", high, "drop column (also a rebuild that leaves a column out)"},
  RiskCodeInfo{narrowing_type, "D103", "destructive", medium, "narrowing type change"},
  RiskCodeInfo{drop_partition, "D104", "destructive", high,
               "drop of a MySQL/MariaDB partition, or of a PostgreSQL partition or partitioned table (its rows)"},
  RiskCodeInfo{drop_history, "D105", "destructive", high,
               "MariaDB system versioning removed from a table or changed in form (its history rows are deleted)"},
  RiskCodeInfo{not_null, "DD201", "data-dependent", high,
               "set NOT NULL; add a NOT NULL column without a default; a nullable column joins a primary key"},
  RiskCodeInfo{unique, "DD202", "data-dependent", medium, "add a unique index or constraint, change a primary key"},
  RiskCodeInfo{foreign_key, "DD203", "data-dependent", medium, "add a foreign key"},
  RiskCodeInfo{check, "DD204", "data-dependent", medium, "add a check"},
  RiskCodeInfo{type_change, "DD205", "data-dependent", medium,
               "type change that may fail on existing values; MySQL ENUM members removed"},
  RiskCodeInfo{enum_recreated, "DD206", "data-dependent", medium, "enum recreated with values removed or reordered"},
  RiskCodeInfo{repartition, "DD207", "data-dependent", medium,
               "MySQL/MariaDB table partitioned anew by RANGE or LIST (a row no partition takes fails the step)"},
  RiskCodeInfo{dropped_object, "BI401", "backward-incompatible", medium, "drop of a table, virtual table, column, view (materialized or not), function, extension or schema"},
  RiskCodeInfo{renamed_object, "BI402", "backward-incompatible", medium, "rename of a table or column"},
  RiskCodeInfo{dropped_primary_key, "BI403", "backward-incompatible", medium,
               "drop of a primary key (row identity, ON CONFLICT)"},
  RiskCodeInfo{function_changed, "BI404", "backward-incompatible", medium,
               "a function or procedure changes its body, arguments or result, or a rule is added, changed or dropped "
               "(PostgreSQL, MySQL/MariaDB)"},
  RiskCodeInfo{access_changed, "BI405", "backward-incompatible", medium,
               "row-level security enabled, forced or disabled, or a policy dropped or changed: the rows each role "
               "may read or write change (PostgreSQL)"},
  RiskCodeInfo{partition_detached, "BI406", "backward-incompatible", medium,
               "a PostgreSQL partition detached from its parent (or moved to another bound): its rows leave the "
               "parent's queries"},
  RiskCodeInfo{privileges_revoked, "BI407", "backward-incompatible", medium,
               "a PostgreSQL privilege revoked from a role or PUBLIC (managed privileges): what the role runs on "
               "the object fails with \"permission denied\""},
  RiskCodeInfo{irreversible, "IR501", "irreversible", medium,
               "the down file cannot fully undo the step (dropped data, an enum value added, an extension updated)"},
  RiskCodeInfo{sqlite_rebuild, "L301", "locking", medium,
               "SQLite table rebuild (copies every row under the write lock)"},
  RiskCodeInfo{pg_type_rewrite, "L311", "locking", medium,
               "PostgreSQL type change that is not binary-coercible (rewrites the table under ACCESS EXCLUSIVE; "
               "varchar(n)→varchar(m≥n)/text is not flagged)"},
  RiskCodeInfo{pg_add_column_rewrite, "L312", "locking", medium,
               "PostgreSQL ADD COLUMN with a volatile default, an identity or a stored generated column (rewrite)"},
  RiskCodeInfo{pg_index_blocking, "L313", "locking", medium,
               "PostgreSQL index built on an existing table without CONCURRENTLY (--no-concurrent-indexes, or a "
               "partitioned table)"},
  RiskCodeInfo{pg_unique_blocking, "L314", "locking", medium,
               "PostgreSQL UNIQUE constraint added to an existing table without a concurrent build"},
  RiskCodeInfo{pg_drop_index_locking, "L315", "locking", low,
               "PostgreSQL index dropped on an existing table without CONCURRENTLY"},
  RiskCodeInfo{pg_generated_changed, "L316", "locking", medium,
               "PostgreSQL generation expression changed (column dropped and re-added)"},
  RiskCodeInfo{pg_enum_recreated, "L317", "locking", medium,
               "PostgreSQL enum recreated (every column of the type is rewritten)"},
  RiskCodeInfo{pg_primary_key_blocking, "L318", "locking", medium,
               "PostgreSQL primary key added/changed on an existing table with concurrent indexes off, or on a "
               "partitioned table (its index is built under ACCESS EXCLUSIVE)"},
  RiskCodeInfo{pg_matview_recreated, "L319", "locking", medium,
               "PostgreSQL materialized view created again (its query runs in the migration while its readers wait)"},
  RiskCodeInfo{pg_partition_attached, "L320", "locking", medium,
               "PostgreSQL table attached as a partition (ATTACH PARTITION scans it to validate its bound under an "
               "ACCESS EXCLUSIVE lock)"},
  RiskCodeInfo{pg_persistence_changed, "L321", "locking", medium,
               "PostgreSQL table made UNLOGGED or LOGGED (the server rewrites it under an ACCESS EXCLUSIVE lock)"},
  RiskCodeInfo{mysql_column_copy, "L401", "locking", medium,
               "MySQL column change the server must copy the table for (type change other than a VARCHAR widening "
               "within its length-byte class, ENUM members removed or reordered, charset change)"},
  RiskCodeInfo{mysql_primary_key, "L402", "locking", medium,
               "MySQL primary key changed (its columns, or only its comment), or a UNIQUE index over NOT NULL "
               "columns dropped from a table without one "
               "(InnoDB may use it as the primary key; rows are stored in key order: the table is rebuilt)"},
  RiskCodeInfo{mysql_table_options, "L403", "locking", medium,
               "MySQL table engine or charset/collation changed (copies the table)"},
  RiskCodeInfo{mysql_add_column_copy, "L404", "locking", medium,
               "MySQL ADD COLUMN of an AUTO_INCREMENT or STORED generated column (copies the table)"},
  RiskCodeInfo{mysql_foreign_key, "L405", "locking", medium,
               "MySQL foreign key added to an existing table (with foreign_key_checks on the table is copied)"},
  RiskCodeInfo{mysql_fulltext_index, "L406", "locking", medium,
               "MySQL FULLTEXT or SPATIAL index built on an existing table (writes blocked for the build)"},
  RiskCodeInfo{mysql_online_rebuild, "L407", "locking", low,
               "MySQL online rebuild: a column placed other than last, a dropped column (MySQL before 8.0.29), "
               "NULL/NOT NULL changes, an index's comment changed (MySQL 8 builds the index again; MariaDB changes "
               "only metadata)"},
  RiskCodeInfo{mysql_check, "L408", "locking", medium,
               "MySQL check added to an existing table (copied to validate its rows)"},
  RiskCodeInfo{mysql_partitioning, "L409", "locking", medium,
               "MySQL table partitioned anew or its partitioning removed (copies the table)"},
  RiskCodeInfo{versioned_alter, "L410", "locking", low,
               "MariaDB system-versioned table: a column added, dropped or changed, its primary key or options changed "
               "(run with system_versioning_alter_history=KEEP: the history rows are rewritten with the table, and a "
               "dropped column's past values are gone)"},
  RiskCodeInfo{replay_failed, "S600", "replay", high,
               "the file fails on the scratch database (message from the database)"},
  RiskCodeInfo{update_without_where, "S601", "destructive", medium,
               "UPDATE without a statement-level WHERE on a table that existed before the file (not when every "
               "column set was added by the file: a backfill)"},
  RiskCodeInfo{delete_without_where, "S602", "destructive", high,
               "DELETE without a statement-level WHERE on an existing table"},
  RiskCodeInfo{truncate, "S603", "destructive", high, "TRUNCATE of an existing table (one finding per table)"},
  RiskCodeInfo{outside_transaction, "S604", "transaction", high,
               "in a file that runs in a transaction (no -- strata: no-transaction header, engines with "
               "transactional DDL): PostgreSQL CREATE/DROP INDEX CONCURRENTLY, REINDEX … CONCURRENTLY, VACUUM, "
               "CREATE/DROP DATABASE/TABLESPACE, ALTER SYSTEM; SQLite VACUUM"},
  RiskCodeInfo{not_atomic, "S605", "transaction", low,
               "MySQL/MariaDB: a file that mixes data changes (INSERT/UPDATE/DELETE/REPLACE) with DDL is not atomic "
               "(each DDL statement commits; a failure leaves the version dirty)"},
  RiskCodeInfo{transaction_control, "S606", "transaction", high,
               "a transaction control statement (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, "
               "RELEASE, PREPARE TRANSACTION, XA) in any migration file: apply and rollback refuse the file before "
               "anything runs"},
  RiskCodeInfo{unbatched_data_change, "S607", "locking", medium,
               "an UPDATE or DELETE that is no batched step (-- strata: batch), on a table whose row count on the "
               "--db database is above lint's threshold (--batch-threshold, default 100,000): one transaction locks "
               "every row it changes"},
};

constexpr bool indexed_by_enum()
{
  for (std::size_t i = 0; i < k_codes.size(); ++i) {
    if (static_cast<std::size_t>(k_codes[i].id) != i) {
      return false;
    }
  }
  return k_codes.size() == static_cast<std::size_t>(unbatched_data_change) + 1;
}
static_assert(indexed_by_enum(), "k_codes must list every RiskCode once, in the enum's order");

} // namespace

std::span<const RiskCodeInfo> risk_codes()
{
  return k_codes;
}

const RiskCodeInfo& risk_code(RiskCode id)
{
  return k_codes.at(static_cast<std::size_t>(id));
}

Risk make_risk(RiskCode id, std::string message)
{
  const RiskCodeInfo& info = risk_code(id);
  Risk risk;
  if (!parse_risk_kind(info.kind, risk.kind)) {
    throw std::logic_error("risk code " + std::string(info.code) + " is a lint finding, not a plan risk");
  }
  risk.level = info.level;
  risk.code = std::string(info.code);
  risk.message = std::move(message);
  return risk;
}

} // namespace strata::schemas
