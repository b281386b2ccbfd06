#pragma once
// MySQL/MariaDB dialect internals, split by responsibility across files of this folder:
//   connection.cpp  MysqlConnection (libmysqlclient / MariaDB Connector/C), ServerInfo predicates
//   quoting.cpp     quote_identifier (backticks), quote_literal, qualified names
//   types.cpp       format_type (portable -> MySQL type text)
//   normalize.cpp   normalize (canonical forms for diffing)
//   render*.cpp     render (one ALTER TABLE per table where possible, ALGORITHM/LOCK clauses)
//   alter.cpp       capabilities, can_alter_in_place, engine_risks, probe_sql
//   lock.cpp        acquire_lock (GET_LOCK), check_integrity, table_exists, begin_read_only
//   galera.cpp      Galera Cluster nodes and their cluster-wide migration lock (galera.hpp)
//   backup.cpp      backup, restore, drop_backup: the hooks of dialects/server_backup.hpp
//                   (strata_backup database, or files)
// mysql_dialect.cpp assembles them into the Dialect.

#include "dialects/dialect.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects::mysql {

inline const std::string k_engine = "mysql";
// Database that holds backup copies of destroyed rows/values.
inline const std::string k_backup_database = "strata_backup";

std::string quote_identifier(const std::string& name);
// 'text' with ' doubled and \ escaped (the session never has NO_BACKSLASH_ESCAPES).
std::string quote_literal(const std::string& value);
// `schema`.`name`, or `name` when the schema is empty (the connection's database).
std::string quote_name(const schemas::QualifiedName& name);
// `a`, `b`, `c` (each quoted), for column lists in any statement.
std::string column_list(const std::vector<std::string>& names);
// Rendering::name_problem: names beyond 64 characters, ending with a space or holding a
// character outside the BMP (refused by the server), and ENUM values ending with a space or
// holding such a character (changed by the server: the space removed, the character stored as '?').
std::string name_problem(const std::string& name, bool label);

std::string format_type(const schemas::ColumnType& type);
schemas::Schema normalize(const schemas::Schema& schema);
void normalize_in_place(schemas::Schema& schema);
bool is_normal(schemas::Schema& schema);
// Always true: the names' case and the table options are spelled as the server would (may change `desired`).
bool canonicalize(Connection& catalog, Connection* probe_db, schemas::Schema& desired, const schemas::Schema& live);
CanonicalProbes canonical_probes(const schemas::Schema& desired, const schemas::Schema& live);
Capabilities capabilities();
bool can_alter_in_place(const AlterQuestion& question);
std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx);
std::vector<schemas::Risk> engine_risks(const schemas::Operation& op, const RiskContext& context);
std::string probe_sql(const ProbeQuery& probe);
// types.cpp: the type changes that alter stored values and succeed (Rendering::
// changes_stored_values), and the condition on a quoted column true for the values altered.
bool changes_stored_values(const schemas::ColumnType& before, const schemas::ColumnType& after);
// Fewer or more fractional seconds of one time type: rounded, never refused.
bool type_change_never_fails(const schemas::ColumnType& before, const schemas::ColumnType& after);
std::optional<std::string> changed_value_condition(const std::string& column, const schemas::ColumnType& before,
                                                   const schemas::ColumnType& after);
void check_integrity(Connection& connection);
// The first row's value in `column` as text: empty when there is no such row or column, or NULL.
std::string cell(const ResultSet& result, size_t column = 0);
void begin_read_only(Connection& connection);
bool table_exists(Connection& connection, const std::string& name);
std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout);
// Who holds the migration lock of the connection's database, "" when free; IS_USED_LOCK only
// looks (doctor).
std::string lock_holder(Connection& connection);
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
std::vector<std::string> list_databases(const DbUrl& server);

} // namespace strata::dialects::mysql
