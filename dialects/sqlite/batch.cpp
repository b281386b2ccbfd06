// Batched data steps on SQLite: rows counted with changes(), each batch begun IMMEDIATE, its
// statements bounded by a progress handler that interrupts them past the deadline.
#include "dialects/batch_support.hpp"
#include "dialects/sqlite/connection.hpp"

#include "schemas/error.hpp"

#include <sqlite3.h>

#include <string>

namespace strata::dialects::sqlite {

namespace {

using Clock = std::chrono::steady_clock;

SqliteConnection& sqlite_of(Connection& connection)
{
  auto* sqlite = dynamic_cast<SqliteConnection*>(&connection);
  if (sqlite == nullptr) {
    throw Error(ErrorKind::internal, "batched step on a connection that is not SQLite's");
  }
  return *sqlite;
}

long long execute_counting(Connection& connection, const std::string& sql)
{
  connection.execute(sql);
  return sqlite3_changes64(sqlite_of(connection).handle());
}

void begin(Connection& connection)
{
  sqlite_of(connection).begin_immediate();
}

// The deadline of the statements of the running batch; one executor per process runs batches.
Clock::time_point g_deadline;

int past_deadline(void* /*unused*/)
{
  return Clock::now() > g_deadline ? 1 : 0;
}

void limit_time(Connection& connection, std::chrono::milliseconds limit)
{
  g_deadline = Clock::now() + limit;
  sqlite3_progress_handler(sqlite_of(connection).handle(), 1000, &past_deadline, nullptr);
}

void end_time_limit(Connection& connection)
{
  sqlite3_progress_handler(sqlite_of(connection).handle(), 0, nullptr, nullptr);
}

bool timed_out(const std::string& /*message*/, const std::string& code)
{
  return code == std::to_string(SQLITE_INTERRUPT);
}

} // namespace

const BatchSupport& batch_support()
{
  static const BatchSupport support{&execute_counting, &begin, &limit_time, &end_time_limit, &timed_out};
  return support;
}

} // namespace strata::dialects::sqlite
