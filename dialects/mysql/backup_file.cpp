// Backups in files of an explicit backup folder (`apply --backup-dir`): <dir>/<id>.jsonl with the
// saved column names on its first line, then one JSON object per row. The server converts both
// ways (JSON_OBJECT; JSON_EXTRACT into a temporary table shaped like the live one, so every value
// is cast by the column it goes back to). Values are written as text; binary values as
// {"hex": "..."} (bytes are not UTF-8 text), BIT values as their number.
#include "dialects/mysql/backup_internal.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <set>

namespace strata::dialects::mysql {

namespace {

constexpr size_t k_rows_per_statement = 500;
const std::string k_restore_table = "strata_restore_rows";

bool binary_type(const std::string& data_type)
{
  static const std::set<std::string> binary{"binary",     "varbinary",  "tinyblob",        "blob",
                                            "mediumblob", "longblob",   "geometry",        "point",
                                            "linestring", "polygon",    "multipoint",      "multilinestring",
                                            "multipolygon", "geometrycollection"};
  return binary.count(data_type) > 0;
}

const TableColumn* find_column(const std::vector<TableColumn>& columns, const std::string& name)
{
  const auto found = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
  return found == columns.end() ? nullptr : &*found;
}

// The JSON value of one column of the row being written.
std::string encoded(const TableColumn& column)
{
  const auto name = quote_identifier(column.name);
  if (binary_type(column.data_type)) {
    return "IF(" + name + " IS NULL, NULL, JSON_OBJECT('hex', HEX(" + name + ")))";
  }
  if (column.data_type == "bit") {
    return "CAST(CAST(" + name + " AS UNSIGNED) AS CHAR)";
  }
  return "CAST(" + name + " AS CHAR)";
}

// The SQL value of one saved column read back from the row text `r.j`, for a live column of type
// `data_type`: hex objects become bytes for binary columns, numbers for BIT, text otherwise.
std::string decoded(const std::string& name, const std::string& data_type)
{
  std::string member;
  for (char c : name) { // JSON path member in double quotes
    if (c == '"' || c == '\\') {
      member += '\\';
    }
    member += c;
  }
  const auto value = "JSON_EXTRACT(r.j, " + quote_literal("$.\"" + member + "\"") + ")";
  const auto text = "JSON_UNQUOTE(" + value + ")";
  const auto hex = "UNHEX(JSON_UNQUOTE(JSON_EXTRACT(" + value + ", '$.hex')))";
  // One result type per CASE: a branch of another type would turn the whole value into a string
  // (a BIT column would take the digits' bytes).
  const auto null = "CASE JSON_TYPE(" + value + ") WHEN 'NULL' THEN NULL ";
  if (data_type == "bit") {
    return null + "ELSE CAST(" + text + " AS UNSIGNED) END";
  }
  if (binary_type(data_type)) {
    return null + "WHEN 'OBJECT' THEN " + hex + " ELSE " + text + " END";
  }
  return null + "ELSE " + text + " END";
}

std::vector<std::string> header_names(Connection& connection, const BackupRecord& record, const std::string& header)
{
  const auto count = connection.query("SELECT JSON_LENGTH(" + quote_literal(header) + ")");
  const auto n = std::stoll(count.rows.at(0).at(0).value_or("0"));
  std::vector<std::string> names;
  for (long long i = 0; i < n; ++i) {
    names.push_back(connection
                      .query("SELECT JSON_UNQUOTE(JSON_EXTRACT(" + quote_literal(header) + ", '$[" +
                             std::to_string(i) + "]'))")
                      .rows.at(0)
                      .at(0)
                      .value_or(""));
  }
  if (names.empty()) {
    throw Error(ErrorKind::database, "backup file " + record.location + " has no column list on its first line");
  }
  return names;
}

} // namespace

BackupRecord backup_to_file(Connection& connection, const BackupTarget& target, const std::filesystem::path& dir,
                            const std::string& id)
{
  std::vector<TableColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const auto selected = copied_columns(resolved, backup_columns(columns));
  std::string object;
  std::string names;
  for (const auto& name : selected) {
    object += (object.empty() ? "" : ", ") + quote_literal(name) + ", " + encoded(*find_column(columns, name));
    names += (names.empty() ? "" : ", ") + quote_literal(name);
  }
  const auto file = new_backup_file(dir, id);

  std::vector<std::string> lines;
  long long live_rows = 0;
  {
    Transaction transaction(connection); // one snapshot for the rows and the count
    for (const auto& row : connection.query("SELECT JSON_OBJECT(" + object + ") FROM " + quote_name(resolved.table)).rows) {
      lines.push_back(row.at(0).value_or("null"));
    }
    live_rows = std::stoll(
      connection.query("SELECT COUNT(*) FROM " + quote_name(resolved.table)).rows.at(0).at(0).value_or("0"));
    transaction.commit();
  }
  const auto header = connection.query("SELECT JSON_ARRAY(" + names + ")").rows.at(0).at(0).value_or("[]");
  write_backup_file(file, header, lines, live_rows);
  return BackupRecord{id, file.string(), resolved, live_rows, backup_timestamp()};
}

void restore_from_file(Connection& connection, const BackupRecord& record)
{
  BackupFileReader reader(record);
  const auto names = header_names(connection, record, reader.header());
  check_restorable(connection, record, names);
  const auto live = table_columns(connection, record.target.table).value_or(std::vector<TableColumn>{});
  std::string values;
  for (const auto& name : names) {
    const auto* column = find_column(live, name);
    values += (values.empty() ? "" : ", ") + decoded(name, column == nullptr ? "" : column->data_type);
  }
  const auto staging = quote_identifier(k_restore_table);
  // A temporary table (no implicit commit, gone with the session) typed like the live columns.
  connection.execute("DROP TEMPORARY TABLE IF EXISTS " + staging);
  connection.execute("CREATE TEMPORARY TABLE " + staging + " AS SELECT " + column_list(names) + " FROM " +
                     quote_name(record.target.table) + " LIMIT 0");
  try {
    Transaction transaction(connection);
    for (auto batch = reader.next(k_rows_per_statement); !batch.empty(); batch = reader.next(k_rows_per_statement)) {
      std::string rows;
      for (const auto& line : batch) {
        rows += (rows.empty() ? "SELECT " : " UNION ALL SELECT ") + quote_literal(line) + " AS j";
      }
      connection.execute("INSERT INTO " + staging + " (" + column_list(names) + ") SELECT " + values + " FROM (" +
                         rows + ") AS r");
    }
    restore_rows(connection, record, staging, names);
    transaction.commit();
  } catch (const Error&) {
    connection.execute("DROP TEMPORARY TABLE IF EXISTS " + staging);
    throw;
  }
  connection.execute("DROP TEMPORARY TABLE IF EXISTS " + staging);
}

} // namespace strata::dialects::mysql
