// Batched data steps on MySQL/MariaDB: rows counted with ROW_COUNT() right after the statement,
// each batch's statements bounded by MariaDB's max_statement_time (MySQL's max_execution_time
// bounds only SELECT statements, so a bound there is refused).
#include "dialects/batch_support.hpp"
#include "dialects/mysql/connection.hpp"

#include "schemas/error.hpp"

#include <string>

namespace strata::dialects::mysql {

namespace {

long long execute_counting(Connection& connection, const std::string& sql)
{
  connection.execute(sql);
  const auto result = connection.query("SELECT ROW_COUNT()");
  if (result.rows.empty() || result.rows[0].empty() || !result.rows[0][0]) {
    return 0;
  }
  const long long count = std::stoll(*result.rows[0][0]);
  return count < 0 ? 0 : count;
}

void begin(Connection& connection)
{
  connection.begin();
}

bool limits_time(Connection& connection)
{
  const auto* mysql = dynamic_cast<const MysqlConnection*>(&connection);
  return mysql != nullptr && mysql->server().mariadb;
}

// Session-wide either way: max_statement_time has no transaction-scoped form.
void limit_time(Connection& connection, std::chrono::milliseconds limit, bool /*transaction_only*/)
{
  if (!limits_time(connection)) {
    throw Error(ErrorKind::input, "a statement timeout (a batch's timeout=, a file's statement-timeout, "
                                  "--statement-timeout) needs MariaDB's max_statement_time; MySQL can bound only "
                                  "SELECT statements (leave it out on MySQL)");
  }
  const auto ms = limit.count();
  connection.execute("SET SESSION max_statement_time = " + std::to_string(ms / 1000) + "." +
                     std::to_string(1000 + ms % 1000).substr(1));
}

void end_time_limit(Connection& connection)
{
  const auto* mysql = dynamic_cast<const MysqlConnection*>(&connection);
  if (mysql != nullptr && mysql->server().mariadb) {
    connection.execute("SET SESSION max_statement_time = DEFAULT");
  }
}

// Error 1969 (max_statement_time exceeded); MariaDB 10.11 reports an online ALTER or CREATE INDEX
// it interrupted for the bound as error 1317 "Query execution was interrupted", SQLSTATE 70100
// like 1969 (a KILL QUERY from another session reads the same).
bool timed_out(const std::string& message, const std::string& code)
{
  return message.find("max_statement_time exceeded") != std::string::npos || code == "70100";
}

} // namespace

const BatchSupport& batch_support()
{
  static const BatchSupport support{&execute_counting, &begin, &limit_time, &end_time_limit, &limits_time, &timed_out};
  return support;
}

} // namespace strata::dialects::mysql
