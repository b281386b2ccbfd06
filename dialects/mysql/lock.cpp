// The migration lock (GET_LOCK: a named lock of the session, so the server frees it when the
// process dies), the post-migration integrity check, and the executor's catalog questions.
#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <thread>

namespace strata::dialects::mysql {

namespace {

// Lock names are server-wide (not per database) and at most 64 characters.
constexpr size_t k_lock_name_max = 64;

std::string first_value(const ResultSet& result)
{
  return result.rows.empty() || result.rows[0].empty() ? std::string{} : result.rows[0][0].value_or("");
}

// "strata:migrate:<database>"; a database name too long for that keeps its start plus a hash of
// the whole name, so two long names never share a lock.
std::string lock_name(const std::string& database)
{
  const std::string name = "strata:migrate:" + database;
  if (name.size() <= k_lock_name_max) {
    return name;
  }
  std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a
  for (unsigned char c : database) {
    hash = (hash ^ c) * 0x100000001b3ULL;
  }
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, ":%016llx", static_cast<unsigned long long>(hash));
  return name.substr(0, k_lock_name_max - std::char_traits<char>::length(suffix)) + suffix;
}

class NamedLock final : public Lock {
public:
  NamedLock(Connection& connection, std::string name) : m_connection(connection), m_name(std::move(name)) {}
  ~NamedLock() override
  {
    try {
      m_connection.query("SELECT RELEASE_LOCK(" + quote_literal(m_name) + ")");
    } catch (...) { // a destructor must not throw; the server frees the lock with the session
    }
  }
  NamedLock(const NamedLock&) = delete;
  NamedLock& operator=(const NamedLock&) = delete;

private:
  Connection& m_connection;
  std::string m_name;
};

// "connection 42 (strata@10.0.0.5:50712, idle 3 s)" for the holder; just the id when the
// process list does not show it (another user without the PROCESS privilege). Empty when free.
std::string holder(Connection& connection, const std::string& name)
{
  const auto id = first_value(connection.query("SELECT IS_USED_LOCK(" + quote_literal(name) + ")"));
  if (id.empty()) {
    return {};
  }
  const auto who = connection.query("SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = " + id);
  if (who.empty()) {
    return "connection " + id;
  }
  const auto& row = who.rows[0];
  return "connection " + id + " (" + row[0].value_or("?") + "@" + row[1].value_or("?") + ", in its current state for " +
         row[2].value_or("?") + " s)";
}

} // namespace

std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout)
{
  const auto name = lock_name(first_value(connection.query("SELECT DATABASE()")));
  // Polled with a zero wait rather than GET_LOCK's own timeout (whole seconds on older servers),
  // so the bound is the caller's in milliseconds.
  const std::string try_sql = "SELECT GET_LOCK(" + quote_literal(name) + ", 0)";
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const auto result = connection.query(try_sql);
    if (result.empty() || !result.rows[0][0]) {
      throw Error(ErrorKind::database, "GET_LOCK(" + name + ") failed on " + url.redacted());
    }
    if (*result.rows[0][0] == "1") {
      return std::make_unique<NamedLock>(connection, name);
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (waited >= timeout) {
      const auto who = holder(connection, name);
      throw Error(ErrorKind::database, "another strata process holds the migration lock '" + name + "' on " +
                                         url.redacted() + " (" + (who.empty() ? "" : "held by " + who + "; ") +
                                         "waited " + std::to_string(waited.count()) + " ms)");
    }
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(100), timeout - waited));
  }
}

void begin_read_only(Connection& connection)
{
  connection.execute("START TRANSACTION READ ONLY");
}

void check_integrity(Connection& /*connection*/)
{
  // InnoDB enforces foreign keys statement by statement; nothing is deferred to check.
}

bool table_exists(Connection& connection, const std::string& name)
{
  const auto result = connection.query(
    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " +
    quote_literal(name));
  return !result.rows.empty() && result.rows[0][0].value_or("0") != "0";
}

} // namespace strata::dialects::mysql
