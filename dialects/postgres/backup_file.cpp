// Backups in files of an explicit backup folder (`apply --backup-dir`): <dir>/<id>.jsonl holds a
// first line with the JSON array of the saved column names, then one row_to_json object per row.
// The server itself converts both ways (row_to_json, json_populate_recordset with the table's row
// type), so every type round-trips as its text form.
#include "dialects/postgres/backup_internal.hpp"
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

namespace {

constexpr size_t k_rows_per_statement = 1000;

std::string names_json(Connection& connection, const std::vector<std::string>& names)
{
  std::string array;
  for (const auto& name : names) {
    array += (array.empty() ? "" : ", ") + quote_literal(name);
  }
  return connection.query("SELECT to_json(ARRAY[" + array + "]::text[])::text").rows.at(0).at(0).value_or("[]");
}

void restore_batch(Connection& connection, const BackupRecord& record, const std::vector<std::string>& names,
                   const std::string& rows)
{
  const std::string source = "json_populate_recordset(NULL::" + quote_name(record.target.table) + ", " +
                             quote_literal("[" + rows + "]") + "::json)";
  restore_rows(connection, record, source, names);
}

} // namespace

BackupRecord backup_to_file(Connection& connection, const BackupTarget& target, const std::filesystem::path& dir,
                            const std::string& id)
{
  std::vector<RelationColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const std::vector<std::string> selected = copied_columns(resolved, backup_columns(columns));
  const std::string list = column_list(selected);
  const auto file = new_backup_file(dir, id);

  Transaction transaction(connection); // one snapshot for the rows and the count
  connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  const auto rows = connection.query("SELECT row_to_json(saved)::text FROM (SELECT " + list + " FROM " +
                                     quote_name(resolved.table) + ") AS saved");
  const long long live_rows =
    std::stoll(connection.query("SELECT count(*) FROM " + quote_name(resolved.table)).rows.at(0).at(0).value_or("0"));
  transaction.commit();

  std::vector<std::string> lines;
  lines.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    lines.push_back(row.at(0).value_or("null"));
  }
  write_backup_file(file, names_json(connection, selected), lines, live_rows);
  return BackupRecord{id, file.string(), resolved, live_rows, backup_timestamp()};
}

void restore_from_file(Connection& connection, const BackupRecord& record)
{
  BackupFileReader reader(record);
  std::vector<std::string> names;
  for (const auto& row :
       connection.query("SELECT json_array_elements_text(" + quote_literal(reader.header()) + "::json)").rows) {
    names.push_back(row.at(0).value_or(""));
  }
  if (names.empty()) {
    throw Error(ErrorKind::database, "backup file " + record.location + " has no column list on its first line");
  }
  check_restorable(connection, record, names);
  Transaction transaction(connection);
  for (auto batch = reader.next(k_rows_per_statement); !batch.empty(); batch = reader.next(k_rows_per_statement)) {
    std::string rows;
    for (const auto& line : batch) {
      rows += (rows.empty() ? "" : ",") + line;
    }
    restore_batch(connection, record, names, rows);
  }
  transaction.commit();
}

} // namespace strata::dialects::postgres
