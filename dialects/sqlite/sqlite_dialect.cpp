#include "dialects/sqlite/sqlite_dialect.hpp"

#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/internal.hpp"
#include "dialects/sqlite/sql_text.hpp"

#include <sqlite3.h>

namespace strata::dialects::sqlite {

namespace {

std::unique_ptr<Connection> connect(const DbUrl& url)
{
  return std::make_unique<SqliteConnection>(url);
}

// SQLite has no information_schema; its own catalog answers (names are case-insensitive).
bool table_exists(Connection& connection, const std::string& name)
{
  const auto result = connection.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = " +
                                       quote_literal(name) + " COLLATE NOCASE");
  return !result.rows.empty() && result.rows[0][0].value_or("0") != "0";
}

// SQLite's risks (table rebuilds) do not depend on what the planner knows of the database.
std::vector<schemas::Risk> engine_risks_in_context(const schemas::Operation& op, const RiskContext& /*context*/)
{
  return engine_risks(op);
}

// SQLite's own answer to "does this text end a statement?" (it knows CREATE TRIGGER ... END;).
bool statement_complete(const std::string& text)
{
  return sqlite3_complete(text.c_str()) != 0;
}

} // namespace

const Dialect& dialect()
{
  static const Dialect assembled{
    Rendering{
      .name = k_engine,
      .capabilities = capabilities(),
      .quote_identifier = &quote_identifier,
      .quote_literal = &quote_literal,
      .format_type = &format_type,
      .normalize = &normalize,
      .normalize_in_place = &normalize_in_place,
      .is_normal = &is_normal,
      .can_alter_in_place = &can_alter_in_place,
      .render = &render,
      .engine_risks_in_context = &engine_risks_in_context,
      .changes_stored_values = &changes_stored_values,
      .probe_sql = &probe_sql,
    },
    Administration{
      .connect = &connect,
      .file_syntax = &syntax,
      .statement_complete = &statement_complete,
      .check_integrity = &check_integrity,
      .table_exists = &table_exists,
      .acquire_lock = &acquire_lock,
      .backup = &backup,
      .restore = &restore,
      .drop_backup = &drop_backup,
      .backup_copies = &backup_copies,
      .remove_partial_backup = &remove_partial_backup,
      .backup_recorded = &backup_recorded,
      .create_scratch = &create_scratch,
      .drop_scratch = &drop_scratch,
      .list_objects = &list_objects,
      .clear_database = &clear_database,
    },
  };
  return assembled;
}

} // namespace strata::dialects::sqlite
