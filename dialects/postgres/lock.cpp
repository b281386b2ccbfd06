// The migration lock (a session-level advisory lock, polled with pg_try_advisory_lock so the wait
// is bounded; the server releases it if the process dies; through a pooler, a transaction-level
// one held by a transaction of its own), the post-migration integrity check (INVALID indexes),
// and the executor's catalog questions.
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/pooling.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>
#include <thread>

namespace strata::dialects::postgres {

namespace {

// Every strata lock key starts from this constant, so that strata never collides with the
// application's own advisory locks by accident ("strata" in ASCII).
constexpr std::uint64_t k_lock_seed = 0x7374726174610000ULL;

// FNV-1a over the database name (and schema), mixed with the seed: one key per database (and schema).
long long lock_key(const std::string& database)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL ^ k_lock_seed;
  for (unsigned char c : database) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return static_cast<long long>(hash);
}

std::string first_value(const ResultSet& result)
{
  return result.rows.empty() || result.rows[0].empty() ? std::string{} : result.rows[0][0].value_or("");
}

class AdvisoryLock final : public Lock {
public:
  AdvisoryLock(Connection& connection, long long key) : m_connection(connection), m_key(key) {}
  ~AdvisoryLock() override
  {
    try {
      m_connection.query("SELECT pg_advisory_unlock(" + std::to_string(m_key) + ")");
    } catch (...) { // a destructor must not throw; the server drops the lock with the session
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
  Connection& m_connection;
  long long m_key;
};

// Through a pooler a session-level lock would stay on whichever server session ran the statement
// that took it, which the pooler then hands to other clients (and a second strata could get it
// again there). A transaction pins one server session until it ends, so this lock lives in a
// transaction of its own connection, open for as long as the lock is held: the transaction-level
// advisory lock on the same key, which excludes the session-level one of a direct strata too.
// Ending the transaction, or the connection (the pooler closes the server session of a client
// that leaves in a transaction), releases it.
class TransactionLock final : public Lock {
public:
  explicit TransactionLock(std::unique_ptr<PostgresConnection> connection) : m_connection(std::move(connection)) {}
  ~TransactionLock() override
  {
    try {
      m_connection->rollback();
    } catch (...) { // a destructor must not throw; closing the connection ends the transaction
    }
  }
  TransactionLock(const TransactionLock&) = delete;
  TransactionLock& operator=(const TransactionLock&) = delete;

private:
  std::unique_ptr<PostgresConnection> m_connection;
};

// "backend pid 123, application strata, 10.0.0.5" for whoever holds the key (empty if gone).
std::string holder(Connection& connection, long long key)
{
  const auto hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) >> 32U);
  const auto lo = static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) & 0xffffffffU);
  const auto result = connection.query(
    "SELECT l.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local') "
    "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
    "(SELECT oid FROM pg_database WHERE datname = current_database()) AND l.classid = " +
    std::to_string(hi) + "::oid AND l.objid = " + std::to_string(lo) + "::oid AND l.objsubid = 1 LIMIT 1");
  if (result.empty()) {
    return {};
  }
  const auto& row = result.rows[0];
  return "backend pid " + row[0].value_or("?") + ", application " + row[1].value_or("") + ", " +
         row[2].value_or("");
}

// The index name of `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ...` with its
// schema when qualified; nullopt for any other statement.
std::optional<std::pair<std::string, std::string>> concurrent_index_name(const std::string& sql)
{
  size_t pos = 0;
  auto skip_space = [&] {
    while (pos < sql.size() && std::isspace(static_cast<unsigned char>(sql[pos]))) {
      ++pos;
    }
  };
  auto keyword = [&](const char* word) {
    skip_space();
    const std::string w(word);
    if (sql.size() - pos < w.size()) {
      return false;
    }
    for (size_t i = 0; i < w.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(sql[pos + i])) != w[i]) {
        return false;
      }
    }
    const size_t end = pos + w.size();
    if (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) {
      return false;
    }
    pos = end;
    return true;
  };
  // One identifier, quoted ("a""b") or bare (folded to lower case as the server does).
  auto identifier = [&]() -> std::optional<std::string> {
    skip_space();
    std::string out;
    if (pos < sql.size() && sql[pos] == '"') {
      for (++pos; pos < sql.size(); ++pos) {
        if (sql[pos] == '"') {
          if (pos + 1 < sql.size() && sql[pos + 1] == '"') {
            out += '"';
            ++pos;
            continue;
          }
          ++pos;
          return out;
        }
        out += sql[pos];
      }
      return std::nullopt;
    }
    while (pos < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[pos])) || sql[pos] == '_')) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[pos++])));
    }
    return out.empty() ? std::nullopt : std::optional<std::string>(out);
  };
  if (!keyword("CREATE")) {
    return std::nullopt;
  }
  keyword("UNIQUE");
  if (!keyword("INDEX") || !keyword("CONCURRENTLY")) {
    return std::nullopt;
  }
  if (keyword("IF")) {
    if (!keyword("NOT") || !keyword("EXISTS")) {
      return std::nullopt;
    }
  }
  auto first = identifier();
  if (!first) {
    return std::nullopt;
  }
  skip_space();
  if (pos < sql.size() && sql[pos] == '.') {
    ++pos;
    auto second = identifier();
    if (!second) {
      return std::nullopt;
    }
    return std::make_pair(*first, *second);
  }
  return std::make_pair(std::string{}, *first);
}

// One lock per database, and per schema for a run whose default schema is not public (a
// schema-per-tenant fleet: each schema keeps its own history, so runs on two schemas of one
// database do not exclude each other). The public schema keeps the key strata always used.
long long migration_lock_key(Connection& connection)
{
  const auto where = connection.query("SELECT current_database(), coalesce(current_schema(), 'public')");
  const std::string database = first_value(where);
  const std::string schema = where.rows.empty() ? std::string("public") : where.rows[0][1].value_or("public");
  return lock_key(schema == "public" ? database : database + "/" + schema);
}

} // namespace

std::string lock_holder(Connection& connection)
{
  return holder(connection, migration_lock_key(connection));
}

std::unique_ptr<Lock> acquire_lock(Connection& connection, const DbUrl& url, std::chrono::milliseconds timeout)
{
  const long long key = migration_lock_key(connection);
  const auto path = server_path(connection, url);
  if (path == ServerPath::statement_pooled) {
    throw Error(ErrorKind::database,
                url.redacted() + " is reached " + describe(path) +
                  ": strata runs each migration file and its history row in one transaction; connect to the "
                  "server directly, or through a pool with pool_mode = transaction or session");
  }
  std::unique_ptr<PostgresConnection> own;
  if (path != ServerPath::direct) {
    DbUrl lock_url = url;
    lock_url.params.emplace("application_name", "strata migration lock");
    own = std::make_unique<PostgresConnection>(lock_url);
    // Never ended by the server for being idle while the migration runs on the other connection.
    own->execute("BEGIN; SET LOCAL idle_in_transaction_session_timeout = 0");
  }
  Connection& locker = own ? *own : connection;
  const std::string try_sql =
    std::string(own ? "SELECT pg_try_advisory_xact_lock(" : "SELECT pg_try_advisory_lock(") + std::to_string(key) + ")";
  const auto start = std::chrono::steady_clock::now();
  while (first_value(locker.query(try_sql)) != "t") {
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (waited >= timeout) {
      const auto who = holder(locker, key);
      throw Error(ErrorKind::database, "another strata process holds the migration lock on " + url.redacted() +
                                         " (" + (who.empty() ? "" : who + "; ") + "waited " +
                                         std::to_string(waited.count()) + " ms)");
    }
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(100), timeout - waited));
  }
  if (own) {
    return std::make_unique<TransactionLock>(std::move(own));
  }
  return std::make_unique<AdvisoryLock>(connection, key);
}

void begin_read_only(Connection& connection)
{
  connection.execute("BEGIN READ ONLY");
}

void check_integrity(Connection& connection)
{
  // PostgreSQL checks foreign keys and constraints itself; what it lets through is an index left
  // INVALID (a failed concurrent build). Builds still running in other sessions are not counted.
  const auto invalid = connection.query(
    "SELECT n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
    "AND i.indexrelid NOT IN (SELECT index_relid FROM pg_stat_progress_create_index WHERE index_relid <> 0) "
    "ORDER BY 1, 2");
  if (invalid.empty()) {
    return;
  }
  std::string names;
  for (const auto& row : invalid.rows) {
    names += (names.empty() ? "" : ", ") + quote_name({row[0].value_or(""), row[1].value_or("")});
  }
  throw Error(ErrorKind::database, std::to_string(invalid.rows.size()) +
                                     " INVALID index(es) (a failed concurrent build): " + names +
                                     "; drop them (DROP INDEX CONCURRENTLY) or REINDEX them");
}

bool table_exists(Connection& connection, const std::string& name)
{
  // In the default schema (the first of the search_path that exists), where the executor's
  // unqualified CREATE puts the table: a run with --schema-name tenant_a keeps its own history
  // even when public, later on the search_path, holds another one. A catalog query never fails
  // (an error would abort a surrounding transaction).
  return first_value(connection.query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                      "WHERE n.nspname = current_schema() AND c.relname = " + quote_literal(name) +
                                      " AND c.relkind IN ('r', 'p')")) != "0";
}

void after_failed_statement(Connection& connection, const std::string& sql)
{
  const auto name = concurrent_index_name(sql);
  if (!name) {
    return;
  }
  const std::string regclass = quote_literal(quote_name({name->first, name->second}));
  const auto invalid = connection.query("SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" + regclass +
                                        ") AND NOT indisvalid");
  if (invalid.empty()) {
    return; // the build failed before creating the index, or an older valid index has the name
  }
  connection.execute("DROP INDEX CONCURRENTLY IF EXISTS " + quote_name({name->first, name->second}));
}

} // namespace strata::dialects::postgres
