// Backups before destructive steps (the algorithm: dialects/server_backup.cpp). MySQL's parts:
// copies in the strata_backup database (named after the source database too, so one
// strata_backup serves every database of the server); DDL commits on its own, so the empty copy
// is made first and the rows are then copied and both sides counted in one transaction whose
// locking read keeps writers out until it commits. Files of an explicit backup folder hold
// JSON_OBJECT rows with values as text (binary ones as {"hex": "..."}, BIT as its number), read
// back through a temporary table shaped like the live one, so every value is cast by the column
// it goes back to.
#include "dialects/mysql/internal.hpp"
#include "dialects/server_backup.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace strata::dialects::mysql {

namespace {

constexpr size_t k_identifier_max = 64;
const std::string k_restore_table = "strata_restore_rows";

std::string schema_literal(const schemas::QualifiedName& table)
{
  return table.schema.empty() ? std::string("DATABASE()") : quote_literal(table.schema);
}

bool binary_type(const std::string& data_type)
{
  static const std::set<std::string> binary{"binary",     "varbinary",  "tinyblob",        "blob",
                                            "mediumblob", "longblob",   "geometry",        "point",
                                            "linestring", "polygon",    "multipoint",      "multilinestring",
                                            "multipolygon", "geometrycollection"};
  return binary.count(data_type) > 0;
}

const LiveColumn* find_column(const std::vector<LiveColumn>& columns, const std::string& name)
{
  const auto found = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
  return found == columns.end() ? nullptr : &*found;
}

// The JSON value of one column of the row being written.
std::string encoded(const LiveColumn& column)
{
  const auto name = quote_identifier(column.name);
  if (binary_type(column.type)) {
    return "IF(" + name + " IS NULL, NULL, JSON_OBJECT('hex', HEX(" + name + ")))";
  }
  if (column.type == "bit") {
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

class MysqlBackup final : public ServerBackup {
protected:
  std::optional<std::vector<LiveColumn>> columns(Connection& connection,
                                                 const schemas::QualifiedName& table) const override
  {
    const auto result = connection.query(
      "SELECT COLUMN_NAME, COALESCE(GENERATION_EXPRESSION, '') <> '', DATA_TYPE FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = " + schema_literal(table) + " AND TABLE_NAME = " + quote_literal(table.name) +
      " ORDER BY ORDINAL_POSITION");
    if (result.empty()) {
      return std::nullopt;
    }
    std::vector<LiveColumn> columns;
    for (const auto& row : result.rows) {
      columns.push_back({row[0].value_or(""), row[1].value_or("0") == "1", row[2].value_or("")});
    }
    return columns;
  }

  std::vector<std::string> primary_key(Connection& connection, const schemas::QualifiedName& table) const override
  {
    std::vector<std::string> keys;
    for (const auto& row : connection
                             .query("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
                                    schema_literal(table) + " AND TABLE_NAME = " + quote_literal(table.name) +
                                    " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")
                             .rows) {
      keys.push_back(row[0].value_or(""));
    }
    return keys;
  }

  bool same_name(const std::string& a, const std::string& b) const override
  {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
  }

  std::string quote_identifier(const std::string& name) const override { return mysql::quote_identifier(name); }
  std::string quote_literal(const std::string& value) const override { return mysql::quote_literal(value); }

  std::string null_safe_equal(const std::string& left, const std::string& right) const override
  {
    return left + " <=> " + right;
  }

  void refill_column(Connection& connection, const std::string& table, const std::string& column,
                     const std::string& value, const std::string& source, const std::string& match) const override
  {
    connection.execute("UPDATE " + table + " AS live JOIN " + source + " AS saved ON " + match + " SET live." + column +
                       " = " + value);
  }

  std::string backup_home() const override { return k_backup_database; }

  std::pair<std::string, std::string> copy_name(Connection& connection, const BackupTarget& resolved,
                                                const std::string& id) const override
  {
    const auto database = resolved.table.schema.empty()
                            ? connection.query("SELECT DATABASE()").rows.at(0).at(0).value_or("")
                            : resolved.table.schema;
    return {shortened_name(database + "_" + id, k_identifier_max), database + "." + resolved.table.name};
  }

  void prepare_copy(Connection& connection, const ServerCopy& copy) const override
  {
    connection.execute("CREATE DATABASE IF NOT EXISTS " + quote_identifier(k_backup_database) +
                       " CHARACTER SET utf8mb4");
    connection.execute("CREATE TABLE " + copy.copy + " COMMENT = " + quote_literal(copy.comment) + " AS SELECT " +
                       copy.list + " FROM " + copy.live + " LIMIT 0");
  }

  void fill_copy(Connection& connection, const ServerCopy& copy) const override
  {
    connection.execute("INSERT INTO " + copy.copy + " (" + copy.list + ") SELECT " + copy.select + " FROM " +
                       copy.live);
  }

  std::string counting_lock() const override { return " LOCK IN SHARE MODE"; }

  // A table option: the server changes it in place (no copy of the rows).
  void set_comment(Connection& connection, const std::string& copy, const std::string& comment) const override
  {
    connection.execute("ALTER TABLE " + copy + " COMMENT = " + quote_literal(comment));
  }

  void discard_copy(Connection& connection, const ServerCopy& copy) const override
  {
    connection.execute("DROP TABLE IF EXISTS " + copy.copy);
  }

  std::optional<std::string> copy_comment(Connection& connection, const std::string& name) const override
  {
    const auto result = connection.query("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                                         quote_literal(k_backup_database) + " AND TABLE_NAME = " + quote_literal(name));
    if (result.rows.empty()) {
      return std::nullopt;
    }
    return result.rows[0][0].value_or("");
  }

  std::vector<std::pair<std::string, std::string>> own_copies(Connection& connection) const override
  {
    // strata_backup serves every database of the server: this one's copies are named
    // <database>_<id> and commented "strata backup <id> of <database>.<table>".
    const auto database = connection.query("SELECT DATABASE()").rows.at(0).at(0).value_or("");
    const auto result = connection.query(
      "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
      quote_literal(k_backup_database) + " AND TABLE_COMMENT LIKE 'strata backup % of %' ORDER BY TABLE_NAME");
    std::vector<std::pair<std::string, std::string>> copies;
    for (const auto& row : result.rows) {
      const std::string name = row[0].value_or("");
      const std::string comment = row[1].value_or("");
      const auto of = comment.find(" of ");
      if (name.rfind(database + "_", 0) == 0 && of != std::string::npos &&
          comment.compare(of + 4, database.size() + 1, database + ".") == 0) {
        copies.emplace_back(name, comment);
      }
    }
    return copies;
  }

  std::string row_objects(const std::vector<std::string>& selected, const std::vector<LiveColumn>& columns,
                          const std::string& table) const override
  {
    std::string object;
    for (const auto& name : selected) {
      object += (object.empty() ? "" : ", ") + quote_literal(name) + ", " + encoded(*find_column(columns, name));
    }
    return "SELECT JSON_OBJECT(" + object + ") FROM " + table;
  }

  std::string names_json(Connection& connection, const std::vector<std::string>& names) const override
  {
    return connection.query("SELECT JSON_ARRAY(" + literal_list(names) + ")").rows.at(0).at(0).value_or("[]");
  }

  std::vector<std::string> json_names(Connection& connection, const std::string& header) const override
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
    return names;
  }

  std::size_t rows_per_statement() const override { return 500; }

  // A temporary table (no implicit commit, gone with the session) typed like the live columns.
  std::string stage(Connection& connection, const BackupRecord& record,
                    const std::vector<std::string>& names) const override
  {
    const auto staging = quote_identifier(k_restore_table);
    connection.execute("DROP TEMPORARY TABLE IF EXISTS " + staging);
    connection.execute("CREATE TEMPORARY TABLE " + staging + " AS SELECT " + column_list(names) + " FROM " +
                       quote_name(record.target.table) + " LIMIT 0");
    return staging;
  }

  void unstage(Connection& connection, const std::string& staging) const override
  {
    connection.execute("DROP TEMPORARY TABLE IF EXISTS " + staging);
  }

  std::string load_batch(Connection& connection, const BackupRecord&, const std::vector<std::string>& names,
                         const std::vector<LiveColumn>& live, const std::string& staging,
                         const std::vector<std::string>& rows) const override
  {
    std::string values;
    for (const auto& name : names) {
      const auto* column = find_column(live, name);
      values += (values.empty() ? "" : ", ") + decoded(name, column == nullptr ? "" : column->type);
    }
    std::string selects;
    for (const auto& line : rows) {
      selects += (selects.empty() ? "SELECT " : " UNION ALL SELECT ") + quote_literal(line) + " AS j";
    }
    connection.execute("INSERT INTO " + staging + " (" + column_list(names) + ") SELECT " + values + " FROM (" +
                       selects + ") AS r");
    return "";
  }
};

} // namespace

BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id)
{
  return MysqlBackup{}.backup(connection, target, backup_dir, id);
}

void restore(Connection& connection, const BackupRecord& record)
{
  MysqlBackup{}.restore(connection, record);
}

bool drop_backup(Connection& connection, const BackupRecord& record)
{
  return MysqlBackup{}.drop(connection, record);
}

std::vector<BackupCopy> backup_copies(Connection& connection, const std::filesystem::path& backup_dir)
{
  return MysqlBackup{}.copies(connection, backup_dir);
}

bool remove_partial_backup(Connection& connection, const BackupCopy& copy)
{
  return MysqlBackup{}.remove_partial(connection, copy);
}

void backup_recorded(Connection& connection, const BackupRecord& record)
{
  MysqlBackup{}.recorded(connection, record);
}

} // namespace strata::dialects::mysql
