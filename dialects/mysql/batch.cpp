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

void limit_time(Connection& connection, std::chrono::milliseconds limit)
{
  const auto* mysql = dynamic_cast<const MysqlConnection*>(&connection);
  if (mysql == nullptr || !mysql->server().mariadb) {
    throw Error(ErrorKind::input, "a batch's timeout= needs MariaDB's max_statement_time; MySQL can bound only "
                                  "SELECT statements (leave timeout= out on MySQL)");
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

bool timed_out(const std::string& message, const std::string& /*code*/)
{
  return message.find("max_statement_time exceeded") != std::string::npos; // error 1969
}

} // namespace

const BatchSupport& batch_support()
{
  static const BatchSupport support{&execute_counting, &begin, &limit_time, &end_time_limit, &timed_out};
  return support;
}

} // namespace strata::dialects::mysql
