// Batched data steps on PostgreSQL: rows counted from the command tag, each batch's statements
// bounded by SET LOCAL statement_timeout (gone with the batch's transaction); a file's statement
// timeout is SET LOCAL in its transaction, or SET for the session (and RESET) outside one.
#include "dialects/batch_support.hpp"
#include "dialects/postgres/connection.hpp"

#include "schemas/error.hpp"

namespace strata::dialects::postgres {

namespace {

long long execute_counting(Connection& connection, const std::string& sql)
{
  auto* postgres = dynamic_cast<PostgresConnection*>(&connection);
  if (postgres == nullptr) {
    throw Error(ErrorKind::internal, "batched step on a connection that is not PostgreSQL's");
  }
  return postgres->execute_counting(sql);
}

void begin(Connection& connection)
{
  connection.begin();
}

void limit_time(Connection& connection, std::chrono::milliseconds limit, bool transaction_only)
{
  connection.execute(std::string(transaction_only ? "SET LOCAL" : "SET") +
                     " statement_timeout = " + std::to_string(limit.count()));
}

void end_time_limit(Connection& connection)
{
  // SET LOCAL ended with its transaction already; a session's SET ends here.
  connection.execute("RESET statement_timeout");
}

bool limits_time(Connection& /*connection*/)
{
  return true;
}

bool timed_out(const std::string& /*message*/, const std::string& code)
{
  return code == "57014"; // query_canceled (statement_timeout)
}

} // namespace

const BatchSupport& batch_support()
{
  static const BatchSupport support{&execute_counting, &begin, &limit_time, &end_time_limit, &limits_time, &timed_out};
  return support;
}

} // namespace strata::dialects::postgres
