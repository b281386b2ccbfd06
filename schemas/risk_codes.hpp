#pragma once
// The catalogue of risk codes: every code strata reports, spelled once, with its kind, default
// level and title. The planner, the dialects and lint's SQL checks name a code by its RiskCode;
// the README's risk tables are checked against this catalogue by a unit test
// (tests/unit/schemas/test_risk_codes.cpp), so a code, kind or level cannot drift from the docs.

#include "schemas/risk.hpp"

#include <span>
#include <string>
#include <string_view>

namespace strata::schemas {

enum class RiskCode {
  // generic, raised by the planner's classification
  drop_table,            // D101
  drop_column,           // D102
  narrowing_type,        // D103
  drop_partition,        // D104
  drop_history,          // D105
  not_null,              // DD201
  unique,                // DD202
  foreign_key,           // DD203
  check,                 // DD204
  type_change,           // DD205
  enum_recreated,        // DD206
  repartition,           // DD207
  dropped_object,        // BI401
  renamed_object,        // BI402
  dropped_primary_key,   // BI403
  function_changed,      // BI404
  access_changed,        // BI405
  partition_detached,    // BI406
  privileges_revoked,    // BI407
  irreversible,          // IR501
  // engine locks, raised by the dialects
  sqlite_rebuild,        // L301
  pg_type_rewrite,       // L311
  pg_add_column_rewrite, // L312
  pg_index_blocking,     // L313 (also lint's CREATE INDEX check)
  pg_unique_blocking,    // L314
  pg_drop_index_locking, // L315
  pg_generated_changed,  // L316
  pg_enum_recreated,     // L317
  pg_primary_key_blocking, // L318
  pg_matview_recreated,  // L319
  pg_partition_attached, // L320
  pg_persistence_changed, // L321
  mysql_column_copy,     // L401
  mysql_primary_key,     // L402
  mysql_table_options,   // L403
  mysql_add_column_copy, // L404
  mysql_foreign_key,     // L405
  mysql_fulltext_index,  // L406
  mysql_online_rebuild,  // L407
  mysql_check,           // L408
  mysql_partitioning,    // L409
  versioned_alter,       // L410
  // lint's SQL-level checks of migration files
  replay_failed,         // S600
  update_without_where,  // S601
  delete_without_where,  // S602
  truncate,              // S603
  outside_transaction,   // S604
  not_atomic,            // S605
  transaction_control,   // S606
  unbatched_data_change, // S607
};

struct RiskCodeInfo {
  RiskCode id;
  std::string_view code;  // "D101": stable, printed in headers, lint findings and json
  // A RiskKind's name ("destructive", ...), or one of lint's own kinds: "transaction" (the file's
  // transaction mode breaks a statement) and "replay" (the file fails on the scratch database).
  std::string_view kind;
  RiskLevel level;        // every use of a code raises it at this level today
  std::string_view title; // what raises it, as the README's table says (without markup)
};

// Every code, in the README's order.
std::span<const RiskCodeInfo> risk_codes();
const RiskCodeInfo& risk_code(RiskCode id);

// A Risk of `id` at its catalogue kind and level. Throws std::logic_error for a lint-only kind
// ("transaction", "replay"), which a Risk cannot carry.
Risk make_risk(RiskCode id, std::string message);

} // namespace strata::schemas
