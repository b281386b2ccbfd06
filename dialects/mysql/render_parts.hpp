#pragma once
// Building blocks shared by the MySQL/MariaDB rendering files (render.cpp: dispatch, tables,
// views; render_columns.cpp; render_constraints.cpp) and the lock analysis of alter.cpp.
// Private to dialects/mysql.
//
// ALGORITHM/LOCK clauses: a statement names one only where MariaDB 10.11 AND MySQL 8.0 certainly
// perform it that way (otherwise the server refuses the whole statement); everything else runs
// with the server's own choice, and the costly ones carry a locking risk (alter.cpp).

#include "dialects/mysql/internal.hpp"

#include <map>
#include <string>
#include <vector>

namespace strata::dialects::mysql {

using Statements = std::vector<Statement>;

inline const std::string k_instant = "ALGORITHM=INSTANT";
inline const std::string k_online = "ALGORITHM=INPLACE, LOCK=NONE";

Statement statement(std::string sql, std::string comment = {});
// ALTER TABLE `t` <clause>[, <algorithm>], which the writer may combine with its neighbours of
// the same table and algorithm (capability merge_alter_table).
Statement alter_statement(const schemas::QualifiedName& table, const std::string& clause,
                          const std::string& algorithm = {}, std::string comment = {});
// The same, never combined (a clause whose meaning depends on running alone).
Statement lone_alter_statement(const schemas::QualifiedName& table, const std::string& clause,
                               const std::string& algorithm = {}, std::string comment = {});

// The type as MySQL spells it (portable kinds mapped, native text as written).
std::string type_sql(const schemas::ColumnType& type);
// `name` type [COLLATE] [GENERATED ALWAYS AS (...) VIRTUAL|STORED] [NOT NULL|NULL] [DEFAULT]
// [ON UPDATE] [AUTO_INCREMENT] [COMMENT] for CREATE TABLE, ADD COLUMN and MODIFY COLUMN.
std::string column_definition(const schemas::Column& column);
// `name` type GENERATED ALWAYS AS ROW START|END [COMMENT]: a period column of MariaDB's explicit
// system versioning (versioning.cpp).
std::string period_column_definition(const schemas::Column& column, const schemas::SystemVersioning& versioning);
// PERIOD FOR SYSTEM_TIME (start, end) of the explicit form; empty for the implicit form.
std::string period_clause(const schemas::SystemVersioning& versioning);
// DROP / ADD SYSTEM VERSIONING with the explicit form's period columns (versioning.cpp).
Statements render_set_system_versioning(const schemas::SetSystemVersioning& op);
// ALTER TABLE statements of `op` on a table versioned before or after the plan run under
// SET STATEMENT system_versioning_alter_history=KEEP FOR … (MariaDB refuses to add, drop or change
// a column of a system-versioned table otherwise).
void keep_history(const schemas::Operation& op, const RenderContext& ctx, Statements& statements);
// DEFAULT text: literals and CURRENT_TIMESTAMP-like keywords bare, other expressions in (...).
std::string default_sql(const std::string& text);

// Table-level clauses for CREATE TABLE and ALTER TABLE ADD.
std::string primary_key_clause(const std::vector<std::string>& columns, const std::string& comment = {});
// [UNIQUE|FULLTEXT|SPATIAL] INDEX `n` (keys) [USING …] [COMMENT '…'] [invisible]
std::string index_clause(const schemas::Index& index);
// IGNORED / INVISIBLE (or NOT IGNORED / VISIBLE), each in the version comment only its server reads.
std::string index_visibility(bool invisible);
std::string foreign_key_clause(const schemas::ForeignKey& fk);
std::string check_clause(const schemas::Check& check);
// ENGINE=x DEFAULT CHARSET=y COLLATE=z ROW_FORMAT=... COMMENT='...' of `table` (empty when nothing
// is set); an option strata does not manage or a value that is not plain is an error naming it.
std::string table_options_clause(const std::string& table, const std::map<std::string, std::string>& options,
                                 const std::string& comment);

// The table an operation changes (AddTable's and DropTable's too); empty for other objects.
schemas::QualifiedName table_of(const schemas::Operation& op);

// The live table an operation applies to (through a desired rename), null when new or unknown.
const schemas::Table* live_table(const RenderContext& ctx, const schemas::QualifiedName& table);

// Per-area renderers.
Statements render_add_table(const schemas::AddTable& op);
Statements render_add_column(const schemas::AddColumn& op, const RenderContext& ctx);
Statements render_drop_column(const schemas::DropColumn& op, const RenderContext& ctx);
Statements render_alter_column(const schemas::AlterColumn& op, const RenderContext& ctx);
Statements render_rename_column(const schemas::RenameColumn& op, const RenderContext& ctx);
Statements render_add_index(const schemas::AddIndex& op, const RenderContext& ctx);
Statements render_drop_index(const schemas::DropIndex& op, const RenderContext& ctx);
Statements render_set_index_visibility(const schemas::SetIndexVisibility& op, const RenderContext& ctx);
// An index's comment changes: DROP INDEX and ADD INDEX again with it, in one ALTER TABLE.
Statements render_set_index_comment(const schemas::SetConstraintComment& op, const RenderContext& ctx);
Statements render_add_foreign_key(const schemas::AddForeignKey& op, const RenderContext& ctx);
Statements render_drop_foreign_key(const schemas::DropForeignKey& op, const RenderContext& ctx);
Statements render_add_check(const schemas::AddCheck& op);
Statements render_drop_check(const schemas::DropCheck& op);
Statements render_set_primary_key(const schemas::SetPrimaryKey& op, const RenderContext& ctx);
// AUTO_INCREMENT needs a key: a column that becomes AUTO_INCREMENT as part of the primary key this
// plan gives it gets the attribute in the SetPrimaryKey statement, not before.
bool identity_waits_for_key(const RenderContext& ctx, const schemas::QualifiedName& table, const std::string& column);

// Lock analysis shared by the renderers (which clause) and engine_risks (which risk).
// Whether InnoDB may store `table` in the order of `index`: the table has no primary key and the
// index is UNIQUE over whole NOT NULL columns, so InnoDB may have taken it as the primary key (it
// takes the first such index, in an order the catalog does not show). Dropping that index drops
// the primary key: the server copies the table and refuses ALGORITHM=INPLACE.
bool may_cluster_table(const schemas::Table& table, const schemas::Index& index);
// InnoDB table (no other engine option) without FULLTEXT indexes: instant ADD COLUMN works there.
bool instant_capable(const schemas::Table& table);
// The change of `op` MySQL performs without copying or rebuilding the table, and the clause that
// asserts it (empty: the server may copy/rebuild; `copies` tells whether it must copy).
struct ColumnChangeCost {
  std::string algorithm; // k_instant, k_online or empty
  bool copies = false;   // ALGORITHM=COPY on MySQL 8.0 or MariaDB 10.11: rows rewritten, writes blocked
  bool rebuilds = false; // in-place rebuild (online, but proportional to the table)
  std::string why;       // for the risk message
};
ColumnChangeCost alter_column_cost(const schemas::AlterColumn& op);
// ADD COLUMN appended as the last column of an instant-capable table (ALGORITHM=INSTANT on both).
bool add_column_is_instant(const schemas::AddColumn& op, const schemas::Table* live);

} // namespace strata::dialects::mysql
