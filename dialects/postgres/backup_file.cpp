// Backups in files of an explicit backup folder (`apply --backup-dir`): <dir>/<id>.jsonl holds a
// first line with the JSON array of the saved column names, then one row_to_json object per row.
// The server itself converts both ways (row_to_json, json_populate_recordset with the table's row
// type), so every type round-trips as its text form.
#include "dialects/postgres/backup_internal.hpp"
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

#include <ctime>
#include <fstream>
#include <sstream>

namespace strata::dialects::postgres {

namespace {

constexpr size_t k_rows_per_statement = 1000;

std::string utc_now()
{
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

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
  const std::vector<std::string> selected = copied_columns(resolved, columns);
  const std::string list = column_list(selected);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw Error(ErrorKind::database, "cannot create backup directory " + dir.string() + ": " + error.message());
  }
  // Absolute: the catalog row must find the file again from any working directory.
  const auto file = std::filesystem::absolute(dir / (id + ".jsonl")).lexically_normal();
  if (std::filesystem::exists(file)) {
    throw Error(ErrorKind::database, "backup file " + file.string() + " already exists");
  }

  Transaction transaction(connection); // one snapshot for the rows and the count
  connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  const auto rows = connection.query("SELECT row_to_json(saved)::text FROM (SELECT " + list + " FROM " +
                                     quote_name(resolved.table) + ") AS saved");
  const long long live_rows =
    std::stoll(connection.query("SELECT count(*) FROM " + quote_name(resolved.table)).rows.at(0).at(0).value_or("0"));
  transaction.commit();

  const auto temporary = dir / (id + ".jsonl.tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << names_json(connection, selected) << '\n';
    for (const auto& row : rows.rows) {
      out << row.at(0).value_or("null") << '\n';
    }
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary, error);
      throw Error(ErrorKind::database, "cannot write backup file " + temporary.string());
    }
  }
  if (static_cast<long long>(rows.rows.size()) != live_rows) {
    std::filesystem::remove(temporary, error);
    throw Error(ErrorKind::database, "backup " + file.string() + " does not match the database: " +
                                       std::to_string(rows.rows.size()) + " rows copied, " +
                                       std::to_string(live_rows) + " live");
  }
  std::filesystem::rename(temporary, file);
  return BackupRecord{id, file.string(), resolved, live_rows, utc_now()};
}

void restore_from_file(Connection& connection, const BackupRecord& record)
{
  std::ifstream in(record.location, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::database, "backup file " + record.location + " of backup " + record.id + " is missing");
  }
  std::string header;
  std::getline(in, header);
  std::vector<std::string> names;
  for (const auto& row : connection.query("SELECT json_array_elements_text(" + quote_literal(header) + "::json)").rows) {
    names.push_back(row.at(0).value_or(""));
  }
  if (names.empty()) {
    throw Error(ErrorKind::database, "backup file " + record.location + " has no column list on its first line");
  }
  check_restorable(connection, record, names);
  Transaction transaction(connection);
  std::string batch;
  size_t in_batch = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      continue;
    }
    batch += (batch.empty() ? "" : ",") + line;
    if (++in_batch == k_rows_per_statement) {
      restore_batch(connection, record, names, batch);
      batch.clear();
      in_batch = 0;
    }
  }
  if (in_batch > 0) {
    restore_batch(connection, record, names, batch);
  }
  transaction.commit();
}

} // namespace strata::dialects::postgres
