// Live progress of index builds: pg_stat_progress_create_index row of the session running the
// statement, read from a read-only connection of the probe's own; the holders of the lock a
// migration statement waits for (pg_blocking_pids), read the same way; the lock timeout.
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/statement_locks.hpp"

#include "dialects/postgres/libpq.hpp"

#include <fmt/format.h>

#include <exception>

namespace strata::dialects::postgres {

namespace {

// "12 of 40 blocks (30%)"; "" when the total is not known yet.
std::string part(const std::string& done, const std::string& total, const char* noun)
{
  const long long of = std::stoll(total.empty() ? "0" : total);
  if (of <= 0) {
    return "";
  }
  const long long so_far = std::stoll(done.empty() ? "0" : done);
  return fmt::format(", {} of {} {} ({}%)", so_far, of, noun, so_far * 100 / of);
}

// A probe reading about session `pid` on a read-only side connection of its own, opened on first
// use; after any error it says nothing more (progress is a nicety: the statement itself goes on).
class SideConnectionProbe : public ProgressProbe {
public:
  SideConnectionProbe(DbUrl url, int pid, std::string settings)
    : m_url(std::move(url)), m_pid(pid), m_settings(std::move(settings))
  {
  }

  std::string sample() final
  {
    if (m_unreachable) {
      return "";
    }
    try {
      if (!m_connection) {
        m_connection = std::make_unique<PostgresConnection>(m_url);
        m_connection->execute("SET default_transaction_read_only = on; SET statement_timeout = 2000" + m_settings);
      }
      return read(*m_connection, std::to_string(m_pid));
    } catch (const std::exception&) {
      m_unreachable = true;
      m_connection.reset();
      return "";
    }
  }

protected:
  virtual std::string read(PostgresConnection& connection, const std::string& pid) = 0;

private:
  DbUrl m_url;
  int m_pid;
  std::string m_settings;
  std::unique_ptr<PostgresConnection> m_connection;
  bool m_unreachable = false;
};

class IndexBuildProbe final : public SideConnectionProbe {
public:
  IndexBuildProbe(DbUrl url, int pid) : SideConnectionProbe(std::move(url), pid, "") {}

private:
  std::string read(PostgresConnection& connection, const std::string& pid) override
  {
    const auto result = connection.query(
      "SELECT p.command, p.phase, coalesce(c.relname, ''), p.blocks_done, p.blocks_total, p.tuples_done, "
      "p.tuples_total, p.lockers_done, p.lockers_total FROM pg_stat_progress_create_index p LEFT JOIN pg_class c "
      "ON c.oid = p.relid WHERE p.pid = " + pid);
    if (result.rows.empty()) {
      return "";
    }
    const auto& r = result.rows[0];
    const auto text = [&](size_t i) { return r[i].value_or(""); };
    return fmt::format("{} on {}: {}{}{}{}", text(0), text(2), text(1), part(text(7), text(8), "transactions"),
                       part(text(3), text(4), "blocks"), part(text(5), text(6), "tuples"));
  }
};

// The sessions holding what the session `pid` waits for: pid, application, state and query of
// each (its query cut to 200 characters), "" while it waits for nobody.
class LockHolderProbe final : public SideConnectionProbe {
public:
  LockHolderProbe(DbUrl url, int pid)
    : SideConnectionProbe(std::move(url), pid, "; SET application_name = 'strata lock watch'")
  {
  }

private:
  std::string read(PostgresConnection& connection, const std::string& pid) override
  {
    const auto result = connection.query(
      "SELECT pid, coalesce(application_name, ''), coalesce(state, ''), "
      "regexp_replace(left(coalesce(query, ''), 200), '[;[:space:]]+$', '') FROM pg_stat_activity "
      "WHERE pid = ANY (pg_blocking_pids(" + pid + ")) ORDER BY pid");
    std::string out;
    for (const auto& r : result.rows) {
      const auto text = [&](size_t i) { return r[i].value_or(""); };
      out += fmt::format("{}pid {} (application \"{}\", {}): {}", out.empty() ? "" : "; ", text(0), text(1), text(2),
                         text(3));
    }
    return out;
  }
};

void set_lock_timeout(Connection& connection, std::chrono::milliseconds timeout, bool transaction_only)
{
  connection.execute(fmt::format("SET {}lock_timeout = {}", transaction_only ? "LOCAL " : "", timeout.count()));
}

void reset_lock_timeout(Connection& connection)
{
  connection.execute("RESET lock_timeout");
}

bool is_lock_timeout(const std::string& /*message*/, const std::string& code)
{
  return code == "55P03"; // lock_not_available: lock_timeout ran out
}

std::unique_ptr<ProgressProbe> lock_holders(Connection& running, const DbUrl& url)
{
  const auto* postgres = dynamic_cast<const PostgresConnection*>(&running);
  if (postgres == nullptr || postgres->handle() == nullptr) {
    return nullptr;
  }
  return std::make_unique<LockHolderProbe>(url, libpq().PQbackendPID(postgres->handle()));
}

} // namespace

const StatementLocks& statement_locks()
{
  static const StatementLocks locks{&set_lock_timeout, &reset_lock_timeout, &is_lock_timeout, &lock_holders};
  return locks;
}

std::unique_ptr<ProgressProbe> progress_probe(Connection& running, const DbUrl& url)
{
  const auto* postgres = dynamic_cast<const PostgresConnection*>(&running);
  if (postgres == nullptr || postgres->handle() == nullptr) {
    return nullptr;
  }
  return std::make_unique<IndexBuildProbe>(url, libpq().PQbackendPID(postgres->handle()));
}

} // namespace strata::dialects::postgres
