#pragma once
// Shared by backup.cpp (copies in the strata_backup schema) and backup_file.cpp (copies in files
// of an explicit backup folder).

#include "dialects/backup_common.hpp"
#include "dialects/dialect.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects::postgres {

struct RelationColumn {
  std::string name;
  bool generated = false;
  std::string type;       // format_type()
  bool user_type = false; // an enum/domain/composite (or array of one) outside pg_catalog
};

// Columns of a relation given as SQL text ("schema"."table"); nullopt when it does not exist.
std::optional<std::vector<RelationColumn>> relation_columns(Connection& connection, const std::string& relation);
// Primary-key columns in key order (empty when none).
std::vector<std::string> primary_key_of(Connection& connection, const std::string& relation);
// Checks the table (and column) exist and fills key_columns (resolve_keys: primary key, else every
// other non-generated column); `columns` receives the table's columns.
BackupTarget resolve_target(Connection& connection, const BackupTarget& target, std::vector<RelationColumn>& columns);
// The columns as dialects/backup_common.hpp chooses keys and copies from them.
std::vector<BackupColumn> backup_columns(const std::vector<RelationColumn>& columns);

// Throws naming what is missing when the target table or a saved column does not exist.
void check_restorable(Connection& connection, const BackupRecord& record, const std::vector<std::string>& saved);
// Whole table: inserts the saved rows whose key is missing; column: refills it by key. `source`
// is a FROM item holding the saved columns `saved`. Runs inside the caller's transaction.
void restore_rows(Connection& connection, const BackupRecord& record, const std::string& source,
                  const std::vector<std::string>& saved);

// <dir>/<id>.jsonl: a first line with the JSON array of the saved column names, then one JSON
// object per row (row_to_json), verified by count.
BackupRecord backup_to_file(Connection& connection, const BackupTarget& target, const std::filesystem::path& dir,
                            const std::string& id);
void restore_from_file(Connection& connection, const BackupRecord& record);

} // namespace strata::dialects::postgres
