// The migration lock (GET_LOCK: a named lock of the session, so the server frees it when the
// process dies; on a Galera node, where GET_LOCK is local to the node, the cluster-wide lock of
// galera.cpp), the post-migration integrity check, and the executor's catalog questions.
#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/galera.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/statement_locks.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
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

std::string lock_holder(Connection& connection)
{
  if (galera_node(connection)) {
    return cluster_lock_holder(connection);
  }
  return holder(connection, lock_name(first_value(connection.query("SELECT DATABASE()"))));
}

std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout)
{
  if (const auto node = galera_node(connection)) {
    return acquire_cluster_lock(connection, url, *node, timeout);
  }
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

namespace {

// The lock timeout of migration statements: lock_wait_timeout (metadata locks) and
// innodb_lock_wait_timeout (row locks) of the session, in whole seconds (the server takes no
// fraction), rounded up; DEFAULT again after. Error 1205 when it runs out. The holders: sessions
// with an open InnoDB transaction while the waiting one waits for a lock (MariaDB lists no holders
// of metadata locks unless a plugin is loaded).
class LockHolderProbe final : public ProgressProbe {
public:
  LockHolderProbe(DbUrl url, std::string id) : m_url(std::move(url)), m_id(std::move(id)) {}

  std::string sample() override
  {
    if (m_unreachable) {
      return "";
    }
    try {
      if (!m_connection) {
        m_connection = std::make_unique<MysqlConnection>(m_url);
      }
      const auto result = m_connection->query(
        "SELECT p.ID, p.USER, COALESCE(p.COMMAND, ''), COALESCE(p.STATE, ''), TRIM(TRAILING ';' FROM LEFT(COALESCE(p.INFO, ''), 200)) "
        "FROM information_schema.PROCESSLIST p WHERE p.ID <> " + m_id + " AND p.ID <> CONNECTION_ID() AND p.ID IN "
        "(SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX) AND EXISTS (SELECT 1 FROM "
        "information_schema.PROCESSLIST w WHERE w.ID = " + m_id + " AND w.STATE LIKE 'Waiting for%lock%') "
        "ORDER BY p.ID");
      std::string out;
      for (const auto& r : result.rows) {
        const auto text = [&](size_t i) { return r[i].value_or(""); };
        out += (out.empty() ? "" : "; ") + std::string("connection ") + text(0) + " (user " + text(1) + ", " +
               (text(3).empty() ? text(2) : text(3)) + ", open transaction)" +
               (text(4).empty() ? std::string{} : ": " + text(4));
      }
      return out;
    } catch (const std::exception&) {
      m_unreachable = true; // naming the holder is a nicety: the wait and its timeout go on
      m_connection.reset();
      return "";
    }
  }

private:
  DbUrl m_url;
  std::string m_id;
  std::unique_ptr<MysqlConnection> m_connection;
  bool m_unreachable = false;
};

void set_lock_timeout(Connection& connection, std::chrono::milliseconds timeout, bool /*transaction_only*/)
{
  const auto seconds = std::max<long long>(1, (timeout.count() + 999) / 1000);
  connection.execute("SET SESSION lock_wait_timeout = " + std::to_string(seconds) +
                     ", SESSION innodb_lock_wait_timeout = " + std::to_string(seconds));
}

void reset_lock_timeout(Connection& connection)
{
  connection.execute("SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT");
}

bool is_lock_timeout(const std::string& message, const std::string& /*code*/)
{
  return message.find("Lock wait timeout exceeded") != std::string::npos; // error 1205 (its SQLSTATE is HY000)
}

std::unique_ptr<ProgressProbe> lock_holders(Connection& running, const DbUrl& url)
{
  const auto id = first_value(running.query("SELECT CONNECTION_ID()"));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    return nullptr;
  }
  return std::make_unique<LockHolderProbe>(url, id);
}

} // namespace

const StatementLocks& statement_locks()
{
  static const StatementLocks locks{&set_lock_timeout, &reset_lock_timeout, &is_lock_timeout, &lock_holders};
  return locks;
}

} // namespace strata::dialects::mysql
