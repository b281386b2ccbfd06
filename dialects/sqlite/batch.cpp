// Batched data steps on SQLite: rows counted with changes(), each batch begun IMMEDIATE, its
// statements (and a file's, under its statement timeout) bounded by a progress handler that
// interrupts a statement running past its deadline.
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

// The bound and the deadline of the running statement; one executor per process runs migrations.
std::chrono::milliseconds g_limit{0};
Clock::time_point g_deadline;

int past_deadline(void* /*unused*/)
{
  return Clock::now() > g_deadline ? 1 : 0;
}

// Each statement's clock starts when it starts (SQLITE_TRACE_STMT; the "--" texts are the
// trigger programs a statement runs, inside its time).
int statement_started(unsigned /*type*/, void* /*context*/, void* /*statement*/, void* text)
{
  const auto* sql = static_cast<const char*>(text);
  if (sql == nullptr || sql[0] != '-' || sql[1] != '-') {
    g_deadline = Clock::now() + g_limit;
  }
  return 0;
}

void limit_time(Connection& connection, std::chrono::milliseconds limit, bool /*transaction_only*/)
{
  g_limit = limit;
  g_deadline = Clock::now() + limit;
  sqlite3* handle = sqlite_of(connection).handle();
  sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, &statement_started, nullptr);
  sqlite3_progress_handler(handle, 1000, &past_deadline, nullptr);
}

void end_time_limit(Connection& connection)
{
  sqlite3* handle = sqlite_of(connection).handle();
  sqlite3_progress_handler(handle, 0, nullptr, nullptr);
  sqlite3_trace_v2(handle, 0, nullptr, nullptr);
}

bool limits_time(Connection& /*connection*/)
{
  return true;
}

bool timed_out(const std::string& /*message*/, const std::string& code)
{
  return code == std::to_string(SQLITE_INTERRUPT);
}

} // namespace

const BatchSupport& batch_support()
{
  static const BatchSupport support{&execute_counting, &begin, &limit_time, &end_time_limit, &limits_time, &timed_out};
  return support;
}

} // namespace strata::dialects::sqlite
