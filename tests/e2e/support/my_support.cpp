#include "tests/e2e/support/my_support.hpp"


#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

namespace strata::e2e {

long long MyWorkspace::count(const std::string& table)
{
  return std::stoll(scalar("SELECT COUNT(*) FROM `" + table + "`").value_or("0"));
}

bool MyWorkspace::table_exists(const std::string& name)
{
  return scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
                name + "'") != "0";
}

std::vector<std::string> MyWorkspace::columns(const std::string& table)
{
  std::vector<std::string> names;
  for (const auto& r : rows("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                            "TABLE_NAME = '" +
                            table + "' ORDER BY ORDINAL_POSITION")) {
    names.push_back(r.front().value_or(""));
  }
  return names;
}

std::vector<std::string> MyWorkspace::history()
{
  std::vector<std::string> out;
  if (!table_exists("strata_schema_history")) {
    return out;
  }
  for (const auto& r : rows("SELECT version, status FROM strata_schema_history ORDER BY CAST(version AS DECIMAL(30))")) {
    out.push_back(r[0].value_or("") + "|" + r[1].value_or(""));
  }
  return out;
}

std::string MyWorkspace::schema_dump()
{
  const std::string db = m_db.name();
  const char* const queries[] = {
    R"sql(SELECT CONCAT_WS(' ', 'table', TABLE_NAME, TABLE_TYPE, IFNULL(ENGINE, '-'), IFNULL(TABLE_COLLATION, '-'),
                 TABLE_COMMENT, CREATE_OPTIONS)
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'strata\_%')sql",
    R"sql(SELECT CONCAT_WS(' ', 'column', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,
                 IFNULL(COLUMN_DEFAULT, '-'), EXTRA, IFNULL(GENERATION_EXPRESSION, '-'),
                 IFNULL(COLLATION_NAME, '-'), COLUMN_COMMENT)
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'strata\_%')sql",
    R"sql(SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME,
                 IFNULL(SUB_PART, '-'), INDEX_TYPE, IFNULL(COLLATION, '-'))
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'strata\_%')sql",
    R"sql(SELECT CONCAT_WS(' ', 'fk', r.TABLE_NAME, r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME, r.UPDATE_RULE,
                 r.DELETE_RULE, GROUP_CONCAT(k.COLUMN_NAME, '>', k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION))
            FROM information_schema.REFERENTIAL_CONSTRAINTS r
            JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA
             AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME
           WHERE r.CONSTRAINT_SCHEMA = DATABASE()
           GROUP BY r.TABLE_NAME, r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE)sql",
    R"sql(SELECT CONCAT_WS(' ', 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE)
            FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE())sql",
    R"sql(SELECT CONCAT_WS(' ', 'view', TABLE_NAME, SECURITY_TYPE, ALGORITHM, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,
                 VIEW_DEFINITION)
            FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE())sql",
    // A trigger's body is not compared: strata writes it in canonical form (trigger.hpp).
    R"sql(SELECT CONCAT_WS(' ', 'trigger', EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION,
                 ACTION_ORDER)
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE())sql",
    R"sql(SELECT CONCAT_WS(' ', 'partition', TABLE_NAME, PARTITION_NAME, IFNULL(SUBPARTITION_NAME, '-'),
                 PARTITION_ORDINAL_POSITION, PARTITION_METHOD, PARTITION_EXPRESSION, IFNULL(SUBPARTITION_METHOD, '-'),
                 IFNULL(PARTITION_DESCRIPTION, '-'), PARTITION_COMMENT)
            FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL
             AND TABLE_NAME NOT LIKE 'strata\_%')sql",
  };
  std::vector<std::string> lines;
  for (const char* sql : queries) {
    for (const auto& r : rows(sql)) {
      std::string line = r.front().value_or("");
      // View texts name the database: take it out so that two databases compare.
      for (auto at = line.find("`" + db + "`."); at != std::string::npos; at = line.find("`" + db + "`.")) {
        line.erase(at, db.size() + 3);
      }
      lines.push_back(line);
    }
  }
  std::sort(lines.begin(), lines.end());
  std::ostringstream out;
  for (const auto& line : lines) {
    out << line << "\n";
  }
  return out.str();
}

bool MyWorkspace::database_exists(const std::string& name)
{
  return scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'").value_or("0") != "0";
}

} // namespace strata::e2e
