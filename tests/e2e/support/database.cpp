#include "tests/e2e/support/database.hpp"

#include "dialects/sqlite/connection.hpp"
#include "dialects/url.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace strata::e2e {

namespace {

std::unique_ptr<dialects::sqlite::SqliteConnection> open(const std::filesystem::path& db)
{
  auto url = dialects::DbUrl::parse("sqlite:" + db.string());
  auto connection = std::make_unique<dialects::sqlite::SqliteConnection>(url);
  connection->execute("PRAGMA foreign_keys = ON");
  return connection;
}

// `text` between two `mark`s, each `mark` in it doubled: an identifier ("...") or a literal ('...').
std::string enclosed(const std::string& text, char mark)
{
  std::string quoted(1, mark);
  for (char c : text) {
    quoted += c;
    if (c == mark) {
      quoted += mark;
    }
  }
  return quoted + mark;
}

std::string quote(const std::string& name)
{
  return enclosed(name, '"');
}

std::string literal(const std::string& text)
{
  return enclosed(text, '\'');
}

} // namespace

void exec_sql(const std::filesystem::path& db, const std::string& sql)
{
  open(db)->execute(sql);
}

std::vector<Row> query_rows(const std::filesystem::path& db, const std::string& sql)
{
  return open(db)->query(sql).rows;
}

dialects::Value scalar(const std::filesystem::path& db, const std::string& sql)
{
  const auto rows = query_rows(db, sql);
  INFO(sql);
  REQUIRE_FALSE(rows.empty());
  REQUIRE_FALSE(rows.front().empty());
  return rows.front().front();
}

long long count_rows(const std::filesystem::path& db, const std::string& table)
{
  const auto value = scalar(db, "SELECT count(*) FROM " + quote(table));
  REQUIRE(value.has_value());
  return std::stoll(*value);
}

bool table_exists(const std::filesystem::path& db, const std::string& name)
{
  return !query_rows(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = " + literal(name)).empty();
}

bool index_exists(const std::filesystem::path& db, const std::string& name)
{
  return !query_rows(db, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = " + literal(name)).empty();
}

std::vector<std::string> column_names(const std::filesystem::path& db, const std::string& table)
{
  std::vector<std::string> names;
  for (const auto& r : query_rows(db, "SELECT name FROM pragma_table_info(" + literal(table) + ") ORDER BY cid")) {
    names.push_back(r.at(0).value_or(""));
  }
  return names;
}

std::vector<std::string> referenced_tables(const std::filesystem::path& db, const std::string& table)
{
  std::vector<std::string> names;
  for (const auto& r : query_rows(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(" + literal(table) +
                                          ") ORDER BY 1")) {
    names.push_back(r.at(0).value_or(""));
  }
  return names;
}

std::string schema_dump(const std::filesystem::path& db)
{
  std::string dump;
  for (const auto& r : query_rows(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                                      "ORDER BY type, name")) {
    for (const auto& value : r) {
      dump += value.value_or("NULL");
      dump += " | ";
    }
    dump += '\n';
  }
  return dump;
}

std::vector<std::string> history_versions(const std::filesystem::path& db)
{
  std::vector<std::string> versions;
  if (!table_exists(db, "strata_schema_history")) {
    return versions;
  }
  for (const auto& r : query_rows(db, "SELECT version, status FROM strata_schema_history "
                                      "ORDER BY CAST(version AS INTEGER)")) {
    versions.push_back(r.at(0).value_or("NULL") + "|" + r.at(1).value_or("NULL"));
  }
  return versions;
}

bool write_locked(const std::filesystem::path& db)
{
  auto connection = open(db);
  connection->set_busy_timeout(0);
  try {
    connection->begin_immediate();
  } catch (const DatabaseError&) {
    return true;
  }
  connection->rollback();
  return false;
}

Row row(std::initializer_list<dialects::Value> values)
{
  return Row(values);
}

} // namespace strata::e2e
