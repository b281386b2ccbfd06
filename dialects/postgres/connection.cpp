#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/pooling.hpp"
#include "dialects/postgres/internal.hpp"

#include "schemas/error.hpp"

#include "dialects/postgres/libpq.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace strata::dialects::postgres {

namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { libpq().PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq prints NOTICEs (e.g. "table does not exist, skipping") to stderr by default; strata's
// output is its own, so they are dropped.
void ignore_notice(void*, const char*) {}

std::string trimmed_message(const char* text)
{
  std::string message = text ? text : "";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message;
}

// Escapes a value for the libpq "options" parameter (-c key=value): spaces and backslashes.
std::string escape_option(const std::string& value)
{
  std::string out;
  for (char c : value) {
    if (c == ' ' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

} // namespace

std::vector<std::pair<std::string, std::string>> connection_parameters(const DbUrl& url)
{
  std::vector<std::pair<std::string, std::string>> params;
  if (!url.host.empty()) {
    params.emplace_back("host", url.host);
  }
  if (url.port > 0) {
    params.emplace_back("port", std::to_string(url.port));
  }
  if (!url.user.empty()) {
    params.emplace_back("user", url.user);
  }
  if (!url.password.empty()) {
    params.emplace_back("password", url.password);
  }
  if (!url.database.empty()) {
    params.emplace_back("dbname", url.database);
  }
  std::string options;
  bool has_application_name = false;
  for (const auto& [key, value] : url.params) {
    if (key == "search_path") {
      options += (options.empty() ? "" : " ") + std::string("-c search_path=") + escape_option(value);
    } else if (key == "options") {
      options += (options.empty() ? "" : " ") + value;
    } else {
      has_application_name = has_application_name || key == "application_name";
      params.emplace_back(key, value); // sslmode, connect_timeout, ... are libpq's own keywords
    }
  }
  if (url.read_only) {
    // Every transaction of the session is READ ONLY: the server refuses any write, TEMP objects
    // included, so a read-only command cannot change the database even by mistake.
    options += (options.empty() ? "" : " ") + std::string("-c default_transaction_read_only=on");
  }
  if (!options.empty()) {
    params.emplace_back("options", options);
  }
  if (!has_application_name) {
    params.emplace_back("application_name", "strata");
  }
  return params;
}

PostgresConnection::PostgresConnection(const DbUrl& url) : UrlConnection("postgres", url)
{
  const auto params = connection_parameters(url);
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& [key, value] : params) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  m_conn = libpq().PQconnectdbParams(keys.data(), values.data(), 0);
  if (m_conn == nullptr) {
    throw DatabaseError(k_engine, "cannot connect to " + url.redacted() + ": out of memory");
  }
  if (libpq().PQstatus(m_conn) != CONNECTION_OK) {
    std::string message = trimmed_message(libpq().PQerrorMessage(m_conn));
    if (pooler_refuses_options(message)) {
      // A pooler (PgBouncer) refusing libpq's `options`: strata sends search_path there, and
      // default_transaction_read_only for the read-only commands.
      message += " (a pooler in between refuses libpq's `options`, which strata uses for the URL's search_path "
                 "and to make the read-only commands' sessions read-only: connect to the server directly for "
                 "them, or let the pooler pass these settings on, e.g. PgBouncer's track_extra_parameters)";
    }
    libpq().PQfinish(m_conn);
    m_conn = nullptr;
    throw DatabaseError(k_engine, "cannot connect to " + url.redacted() + ": " + message);
  }
  libpq().PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
  // Identical catalog text on every server: ISO dates, standard strings, UTC.
  // No JIT in strata's sessions (PostgreSQL 11+): the catalog queries have large plans over small
  // catalogs, and compiling one (the index query's) took 1.2 s of every inspection where running
  // it takes 10 ms. A pooler may hand a later transaction another server session, where this is
  // simply not set.
  execute(std::string("SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET TimeZone = 'UTC'") +
          (libpq().PQserverVersion(m_conn) >= 110000 ? "; SET jit = off" : ""));
}

PostgresConnection::~PostgresConnection()
{
  libpq().PQfinish(m_conn);
}

namespace {
ResultPtr run(pg_conn* conn, const std::string& sql)
{
  ResultPtr result(libpq().PQexec(conn, sql.c_str()));
  if (!result) {
    throw DatabaseError(k_engine, trimmed_message(libpq().PQerrorMessage(conn)));
  }
  const auto status = libpq().PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    const char* state = libpq().PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    throw DatabaseError(k_engine, trimmed_message(libpq().PQresultErrorMessage(result.get())), state ? state : "");
  }
  return result;
}
} // namespace

void PostgresConnection::execute(const std::string& sql)
{
  run(m_conn, sql);
}

long long PostgresConnection::execute_counting(const std::string& sql)
{
  const ResultPtr result = run(m_conn, sql);
  const char* tuples = libpq().PQcmdTuples(result.get());
  return tuples != nullptr && *tuples != '\0' ? std::stoll(tuples) : 0;
}

namespace {

// Appends the rows of `result` (one in single-row mode, all otherwise) to `set`, its column names
// first when `set` has none yet.
void append_rows(ResultSet& set, const PGresult* result)
{
  const Libpq& pq = libpq();
  const int columns = pq.PQnfields(result);
  if (set.columns.empty()) {
    set.columns.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      set.columns.emplace_back(pq.PQfname(result, c));
    }
  }
  const int rows = pq.PQntuples(result);
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (pq.PQgetisnull(result, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(pq.PQgetvalue(result, r, c), static_cast<size_t>(pq.PQgetlength(result, r, c))));
      }
    }
    set.rows.push_back(std::move(row));
  }
}


// Sends `sql` and reads its rows one at a time (libpq's single-row mode), each copied and freed:
// a large catalog's result is never held twice, libpq's beside ours. `each(rows)` gets the rows
// gathered at the end of every statement (none for one without rows) and, when `chunk` is not 0,
// every `chunk` rows before that. Like PQexec's, the first error is thrown once the connection is
// ready again, and so is an exception `each` throws (no call after it).
void receive_rows(pg_conn* conn, const std::string& sql, size_t chunk, const std::function<void(ResultSet&&)>& each)
{
  if (libpq().PQsendQuery(conn, sql.c_str()) == 0) {
    throw DatabaseError(k_engine, trimmed_message(libpq().PQerrorMessage(conn)));
  }
  libpq().PQsetSingleRowMode(conn);
  ResultSet current;
  std::optional<DatabaseError> failed;
  std::exception_ptr thrown;
  const auto hand_over = [&] {
    if (!failed && !thrown) {
      try {
        each(std::move(current));
      } catch (...) {
        thrown = std::current_exception();
      }
    }
    current = ResultSet{};
  };
  while (const ResultPtr result{libpq().PQgetResult(conn)}) {
    switch (libpq().PQresultStatus(result.get())) {
    case PGRES_SINGLE_TUPLE:
      append_rows(current, result.get());
      if (chunk != 0 && current.rows.size() >= chunk) {
        hand_over();
      }
      break;
    case PGRES_TUPLES_OK: // the end of one statement's rows
      append_rows(current, result.get());
      hand_over();
      break;
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY: hand_over(); break;
    default:
      if (!failed) {
        const char* state = libpq().PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
        failed.emplace(k_engine, trimmed_message(libpq().PQresultErrorMessage(result.get())), state ? state : "");
      }
    }
  }
  if (failed) {
    throw *failed;
  }
  if (thrown) {
    std::rethrow_exception(thrown);
  }
}

} // namespace

void PostgresConnection::receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each)
{
  receive_rows(m_conn, sql, rows, each);
}

bool PostgresConnection::in_transaction() const
{
  const auto status = libpq().PQtransactionStatus(m_conn);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void PostgresConnection::begin()
{
  execute("BEGIN");
}

void PostgresConnection::commit()
{
  execute("COMMIT");
}

void PostgresConnection::rollback()
{
  if (in_transaction()) {
    execute("ROLLBACK");
  }
}

} // namespace strata::dialects::postgres
