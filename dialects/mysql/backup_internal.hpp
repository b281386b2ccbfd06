#pragma once
// Shared by backup.cpp (copies in the strata_backup database) and backup_file.cpp (copies in
// files of an explicit backup folder).

#include "dialects/backup_common.hpp"
#include "dialects/dialect.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects::mysql {

struct TableColumn {
  std::string name;
  bool generated = false;
  std::string data_type; // information_schema DATA_TYPE: int, varchar, blob, bit, ...
};

// Columns of a table (empty schema: the connection's database) in order; nullopt when missing.
std::optional<std::vector<TableColumn>> table_columns(Connection& connection, const schemas::QualifiedName& table);
// Checks the table (and column) exist and fills key_columns; `columns` receives the table's
// columns. A column named in another ASCII case than the live one takes the live spelling.
BackupTarget resolve_target(Connection& connection, const BackupTarget& target, std::vector<TableColumn>& columns);
std::vector<BackupColumn> backup_columns(const std::vector<TableColumn>& columns);

// Throws naming what is missing when the target table or a saved column does not exist.
void check_restorable(Connection& connection, const BackupRecord& record, const std::vector<std::string>& saved);
// Whole table: inserts the saved rows whose key is missing; column: refills it by key. `source`
// is a table reference holding the saved columns `saved`.
void restore_rows(Connection& connection, const BackupRecord& record, const std::string& source,
                  const std::vector<std::string>& saved);

// <dir>/<id>.jsonl (see dialects/backup_common.hpp), values as JSON strings (binary ones in hex).
BackupRecord backup_to_file(Connection& connection, const BackupTarget& target, const std::filesystem::path& dir,
                            const std::string& id);
void restore_from_file(Connection& connection, const BackupRecord& record);

} // namespace strata::dialects::mysql
