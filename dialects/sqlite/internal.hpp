#pragma once
// SQLite dialect internals, split by responsibility across files of this folder:
//   quoting.cpp   quote_identifier, quote_literal
//   types.cpp     format_type (portable -> SQLite type text)
//   normalize.cpp normalize (canonical forms for diffing)
//   render*.cpp   render (one function per operation kind), rebuild (12-step procedure)
//   alter.cpp     can_alter_in_place, engine_risks, probe_sql
//   lock.cpp      acquire_lock, check_integrity
//   backup.cpp    backup, restore (online backup API), drop_backup (the file)
// sqlite_dialect.cpp assembles them into the Dialect.

#include "dialects/dialect.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects::sqlite {

inline const std::string k_engine = "sqlite";

std::string quote_identifier(const std::string& name);
std::string quote_literal(const std::string& value);
std::string format_type(const schemas::ColumnType& type);
schemas::Schema normalize(const schemas::Schema& schema);
void normalize_in_place(schemas::Schema& schema);
bool is_normal(schemas::Schema& schema);
Capabilities capabilities();
bool can_alter_in_place(const AlterQuestion& question);
std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx);
std::vector<schemas::Risk> engine_risks(const schemas::Operation& op);
std::string probe_sql(const ProbeQuery& probe);
// types.cpp: the type changes that alter stored values and succeed (Rendering::
// changes_stored_values), and the condition on a quoted column true for the values altered.
bool changes_stored_values(const schemas::ColumnType& before, const schemas::ColumnType& after);
std::optional<std::string> changed_value_condition(const std::string& column, const schemas::ColumnType& before,
                                                   const schemas::ColumnType& after);
void check_integrity(Connection& connection);
std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout);
BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id);
void restore(Connection& connection, const BackupRecord& record);
bool drop_backup(Connection& connection, const BackupRecord& record);
std::vector<BackupCopy> backup_copies(Connection& connection, const std::filesystem::path& backup_dir);
bool remove_partial_backup(Connection& connection, const BackupCopy& copy);
void backup_recorded(Connection& connection, const BackupRecord& record);

// scratch.cpp: scratch databases for replays (Dialect::create_scratch and friends).
DbUrl create_scratch(const DbUrl& server, const std::string& name);
void drop_scratch(const DbUrl& server, const DbUrl& scratch);
std::vector<std::string> list_objects(Connection& connection, size_t limit);
void clear_database(Connection& connection);

} // namespace strata::dialects::sqlite
