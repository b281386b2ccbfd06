#include "dialects/mysql/mysql_dialect.hpp"

#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

namespace {

std::unique_ptr<Connection> connect(const DbUrl& url)
{
  return std::make_unique<MysqlConnection>(url);
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
      .canonicalize = &canonicalize,
      .canonical_probes = &canonical_probes,
      .name_problem = &name_problem,
      .can_alter_in_place = &can_alter_in_place,
      .render = &render,
      .engine_risks_in_context = &engine_risks,
      .changes_stored_values = &changes_stored_values,
      .type_change_never_fails = &type_change_never_fails,
      .probe_sql = &probe_sql,
    },
    Administration{
      .connect = &connect,
      .file_syntax = &client_syntax,
      .check_integrity = &check_integrity,
      .table_exists = &table_exists,
      .begin_read_only = &begin_read_only,
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
      .list_databases = &list_databases,
    },
  };
  return assembled;
}

} // namespace strata::dialects::mysql
