#pragma once
// PostgreSQL dialect internals, split by responsibility across files of this folder:
//   connection.cpp  PostgresConnection (libpq)
//   quoting.cpp     quote_identifier, quote_literal, qualified names
//   types.cpp       format_type (portable -> PostgreSQL type text)
//   normalize.cpp   normalize (canonical forms for diffing)
//   render*.cpp     render (one function per operation kind)
//   alter.cpp       capabilities, can_alter_in_place, engine_risks, probe_sql
//   lock.cpp        acquire_lock (pg_advisory_lock), check_integrity, begin_read_only
//   progress.cpp    progress_probe (index builds, pg_stat_progress_create_index)
//   backup.cpp      backup, restore, drop_backup: the hooks of dialects/server_backup.hpp
//                   (strata_backup schema, or files)
// postgres_dialect.cpp assembles them into the Dialect.

#include "dialects/dialect.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects::postgres {

inline const std::string k_engine = "postgres";
// Schema that holds backup copies of destroyed rows/values.
inline const std::string k_backup_schema = "strata_backup";
// The schema backups of a run whose default schema is `schema` go to: strata_backup for public,
// strata_backup_<schema> for another (a tenant of a schema-per-tenant fleet), so tenants never see
// each other's copies.
std::string backup_schema_of(const std::string& schema);

std::string quote_identifier(const std::string& name);
// The identifier as the server's quote_identifier (and so format_type) writes it: bare when it
// reads the same bare (lower-case ASCII letters, digits and '_', not starting with a digit, no
// keyword that needs quotes), else quoted.
std::string shown_identifier(const std::string& name);
std::string quote_literal(const std::string& value);
// "schema"."name", or "name" when the schema is empty (the connection's current schema).
std::string quote_name(const schemas::QualifiedName& name);
// "a", "b", "c" (each quoted), for column lists in any statement.
std::string column_list(const std::vector<std::string>& names);
// Rendering::name_problem: names (and enum values) beyond 63 bytes, which the server cuts
// (identifiers, with a NOTICE) or refuses (enum values).
std::string name_problem(const std::string& name, bool label);

std::string format_type(const schemas::ColumnType& type);
schemas::Schema normalize(const schemas::Schema& schema);
void normalize_in_place(schemas::Schema& schema);
bool is_normal(schemas::Schema& schema);
Capabilities capabilities();
bool can_alter_in_place(const AlterQuestion& question);
std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx);
std::vector<schemas::Risk> engine_risks(const schemas::Operation& op);
// Locking risks that depend on whether the table exists already (index builds, constraints).
std::vector<schemas::Risk> engine_risks(const schemas::Operation& op, const RiskContext& context);
std::string probe_sql(const ProbeQuery& probe);
// types.cpp: the type changes that alter stored values and succeed (Rendering::
// changes_stored_values), and the condition on a quoted column true for the values altered.
bool changes_stored_values(const schemas::ColumnType& before, const schemas::ColumnType& after);
// Fewer or more fractional seconds of one time type: rounded, never refused.
bool type_change_never_fails(const schemas::ColumnType& before, const schemas::ColumnType& after);
std::optional<std::string> changed_value_condition(const std::string& column, const schemas::ColumnType& before,
                                                   const schemas::ColumnType& after);
// What stops `col::after` (ALTER COLUMN ... TYPE after USING col::after) from parsing: "PostgreSQL
// has no cast from integer to inet" for two built-in types pg_cast has no cast between (neither a
// string type, which every type converts to and from by its text form); nothing for castable
// pairs and for types of their own (enums, domains, extensions), which the server judges.
std::optional<std::string> missing_cast(const std::string& before, const std::string& after);
void check_integrity(Connection& connection);
void begin_read_only(Connection& connection);
// lock.cpp: catalog questions of the executor (to_regclass through the search_path) and the
// clean-up of the INVALID index a failed CREATE INDEX CONCURRENTLY leaves.
bool table_exists(Connection& connection, const std::string& name);
void after_failed_statement(Connection& connection, const std::string& sql);
std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout);
// Who holds the migration lock of the connection's database (and schema), "" when free; only reads
// pg_locks (doctor).
std::string lock_holder(Connection& connection);
BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id);
void restore(Connection& connection, const BackupRecord& record);
bool drop_backup(Connection& connection, const BackupRecord& record);
std::vector<BackupCopy> backup_copies(Connection& connection, const std::filesystem::path& backup_dir);
bool remove_partial_backup(Connection& connection, const BackupCopy& copy);
void backup_recorded(Connection& connection, const BackupRecord& record);
// progress.cpp: pg_stat_progress_create_index of the running session, read from a second connection.
std::unique_ptr<ProgressProbe> progress_probe(Connection& running, const DbUrl& url);

// scratch.cpp: scratch databases for replays (Dialect::create_scratch and friends).
DbUrl create_scratch(const DbUrl& server, const std::string& name);
void drop_scratch(const DbUrl& server, const DbUrl& scratch);
// Rendering::try_columns_on_target: temporary tables in a transaction that is rolled back.
std::optional<std::vector<std::string>> try_columns_on_target(Connection& target,
                                                              const std::vector<schemas::Table>& tables);
std::vector<std::string> list_objects(Connection& connection, size_t limit);
void clear_database(Connection& connection);
std::vector<std::string> list_databases(const DbUrl& server);
std::vector<std::string> list_schemas(Connection& connection);

} // namespace strata::dialects::postgres
