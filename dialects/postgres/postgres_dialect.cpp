#include "dialects/postgres/postgres_dialect.hpp"

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/function.hpp"
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::postgres {

namespace {

std::unique_ptr<Connection> connect(const DbUrl& url)
{
  return std::make_unique<PostgresConnection>(url);
}

Capabilities dialect_capabilities()
{
  Capabilities c = capabilities();
  c.server_side_backups = true; // backup.cpp: copies in the strata_backup schema
  return c;
}

// PostgreSQL's canonical forms need no catalog question besides the probes themselves.
bool canonicalize_on(Connection& /*catalog*/, Connection* probe_db, schemas::Schema& desired,
                     const schemas::Schema& live)
{
  return canonicalize(probe_db, desired, live);
}

// EXPLAIN parses, resolves and plans the cast without running it: nothing is written, not even
// a sequence's next value. One statement only: text holding ';' is not sent.
bool target_knows_column(Connection& target, const std::string& type, const std::optional<std::string>& default_value)
{
  const std::string value = default_value ? "(" + *default_value + ")" : std::string("NULL");
  if (value.find(';') != std::string::npos || type.find(';') != std::string::npos) {
    return false;
  }
  try {
    (void)target.query("EXPLAIN SELECT CAST(" + value + " AS " + type + ")");
    return true;
  } catch (const Error&) {
    return false;
  }
}

} // namespace

const Dialect& dialect()
{
  static const Dialect assembled{
    Rendering{
      .name = k_engine,
      .capabilities = dialect_capabilities(),
      .quote_identifier = &quote_identifier,
      .quote_literal = &quote_literal,
      .format_type = &format_type,
      .normalize = &normalize,
      .normalize_in_place = &normalize_in_place,
      .is_normal = &is_normal,
      .canonicalize = &canonicalize_on,
      .canonical_probes = &canonical_probes,
      .name_problem = &name_problem,
      .can_alter_in_place = &can_alter_in_place,
      .render = &render,
      .engine_risks_in_context = &engine_risks,
      .changes_stored_values = &changes_stored_values,
      .type_change_never_fails = &type_change_never_fails,
      .replaces_function = &replaces_function,
      .probe_sql = &probe_sql,
      .target_knows_column = &target_knows_column,
      .try_columns_on_target = &try_columns_on_target,
    },
    Administration{
      .connect = &connect,
      .file_syntax = &syntax,
      .check_integrity = &check_integrity,
      .table_exists = &table_exists,
      .after_failed_statement = &after_failed_statement,
      .begin_read_only = &begin_read_only,
      .acquire_lock = &acquire_lock,
      .backup = &backup,
      .restore = &restore,
      .drop_backup = &drop_backup,
      .backup_copies = &backup_copies,
      .remove_partial_backup = &remove_partial_backup,
      .backup_recorded = &backup_recorded,
      .progress_probe = &progress_probe,
      .create_scratch = &create_scratch,
      .drop_scratch = &drop_scratch,
      .list_objects = &list_objects,
      .clear_database = &clear_database,
      .list_databases = &list_databases,
      .list_schemas = &list_schemas,
    },
  };
  return assembled;
}

} // namespace strata::dialects::postgres
