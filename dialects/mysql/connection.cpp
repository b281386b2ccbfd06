#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/internal.hpp"

#include "schemas/error.hpp"

#include "dialects/mysql/libmysql.hpp"

#include <cstdlib>
#include <sstream>

namespace strata::dialects::mysql {

namespace {

struct ResultDeleter {
  void operator()(MYSQL_RES* result) const { libmysql().mysql_free_result(result); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultDeleter>;

// "10.11.19-MariaDB-0+deb12u1" -> 101119, "8.0.36" -> 80036.
unsigned long parse_version(const std::string& text)
{
  unsigned long parts[3] = {0, 0, 0};
  size_t i = 0;
  for (int part = 0; part < 3 && i < text.size(); ++part) {
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      parts[part] = parts[part] * 10 + static_cast<unsigned long>(text[i] - '0');
      ++i;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
    } else {
      break;
    }
  }
  return parts[0] * 10000 + parts[1] * 100 + parts[2];
}

// sql_mode without the flags that change how rendered SQL reads.
std::string plain_sql_mode(const std::string& mode)
{
  std::string out;
  std::stringstream in(mode);
  std::string flag;
  while (std::getline(in, flag, ',')) {
    if (flag.empty() || flag == "ANSI_QUOTES" || flag == "NO_BACKSLASH_ESCAPES" || flag == "ANSI" ||
        flag == "ORACLE" || flag == "MSSQL" || flag == "DB2" || flag == "POSTGRESQL" || flag == "MAXDB") {
      continue;
    }
    out += (out.empty() ? "" : ",") + flag;
  }
  return out;
}

} // namespace

MysqlConnection::MysqlConnection(const DbUrl& url) : UrlConnection("mysql", url)
{
  m_conn = libmysql().mysql_init(nullptr);
  if (m_conn == nullptr) {
    throw DatabaseError(k_engine, "cannot connect to " + url.redacted() + ": out of memory");
  }
  unsigned int timeout = 10;
  std::string socket;
  for (const auto& [key, value] : url.params) {
    if (key == "connect_timeout") {
      timeout = static_cast<unsigned int>(std::strtoul(value.c_str(), nullptr, 10));
    } else if (key == "socket" || key == "unix_socket") {
      socket = value;
    } else if (key == "ssl_mode" || key == "sslmode" || key == "ssl-mode") {
      if (value == "required" || value == "REQUIRED" || value == "verify_identity" || value == "VERIFY_IDENTITY") {
        my_bool enforce = 1;
        libmysql().mysql_optionsv(m_conn, MYSQL_OPT_SSL_ENFORCE, &enforce);
        if (value == "verify_identity" || value == "VERIFY_IDENTITY") {
          my_bool verify = 1;
          libmysql().mysql_optionsv(m_conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
        }
      }
    } else if (key == "lock_lease" || key == "galera_nodes") {
      // The lease of the Galera migration lock and the nodes a rolling schema upgrade goes
      // through (galera.cpp, galera_rsu.cpp read them), not connection settings.
    } else {
      libmysql().mysql_close(m_conn);
      m_conn = nullptr;
      throw Error(ErrorKind::usage, "unknown MySQL URL parameter '" + key + "' in " +
                                      without_userinfo(url.redacted()) + " (known: socket, connect_timeout, ssl_mode, lock_lease, galera_nodes)");
    }
  }
  libmysql().mysql_optionsv(m_conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  libmysql().mysql_optionsv(m_conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const std::string host = url.host.empty() ? "localhost" : url.host;
  const unsigned int port = url.port > 0 ? static_cast<unsigned int>(url.port) : 3306U;
  if (libmysql().mysql_real_connect(m_conn, socket.empty() ? host.c_str() : "localhost",
                         url.user.empty() ? nullptr : url.user.c_str(),
                         url.password.empty() ? nullptr : url.password.c_str(),
                         url.database.empty() ? nullptr : url.database.c_str(), port,
                         socket.empty() ? nullptr : socket.c_str(), CLIENT_MULTI_STATEMENTS) == nullptr) {
    const std::string message = libmysql().mysql_error(m_conn);
    const std::string state = libmysql().mysql_sqlstate(m_conn);
    libmysql().mysql_close(m_conn);
    m_conn = nullptr;
    throw DatabaseError(k_engine, "cannot connect to " + url.redacted() + ": " + message, state);
  }
  const auto info = query("SELECT VERSION(), @@SESSION.sql_mode");
  m_server.version_text = info.rows.at(0).at(0).value_or("");
  m_server.version = parse_version(m_server.version_text);
  m_server.mariadb = m_server.version_text.find("MariaDB") != std::string::npos;
  execute("SET time_zone = '+00:00', sql_mode = '" + plain_sql_mode(info.rows.at(0).at(1).value_or("")) + "'");
  if (url.read_only) {
    // The server refuses every write of the session, DDL and TEMPORARY tables included.
    execute("SET SESSION TRANSACTION READ ONLY");
    // On a Galera node, what the session reads waits until the node applied everything the
    // cluster committed before the read (other nodes' writes are applied a moment after they
    // commit): drift or status through one node right after an apply through another sees that
    // apply. Only the reading commands: a migration's own session reads what it wrote, and the
    // causal wait would hold its probes up behind a DDL running in total order.
    const auto wsrep = query("SHOW VARIABLES LIKE 'wsrep_on'");
    if (!wsrep.rows.empty() && wsrep.rows[0].size() > 1 && wsrep.rows[0][1].value_or("") == "ON") {
      execute("SET SESSION wsrep_sync_wait = 1");
    }
  }
}

MysqlConnection::~MysqlConnection()
{
  if (m_conn != nullptr) {
    libmysql().mysql_close(m_conn);
  }
}

void MysqlConnection::fail(const std::string& context) const
{
  std::string message = libmysql().mysql_error(m_conn);
  if (!context.empty()) {
    message = context + ": " + message;
  }
  throw DatabaseError(k_engine, message, libmysql().mysql_sqlstate(m_conn));
}

void MysqlConnection::execute(const std::string& sql)
{
  if (libmysql().mysql_real_query(m_conn, sql.data(), sql.size()) != 0) {
    fail("");
  }
  // Consume every result of a multi-statement text; the first failing statement stops the rest.
  for (;;) {
    ResultPtr result(libmysql().mysql_store_result(m_conn));
    if (!result && libmysql().mysql_field_count(m_conn) != 0) {
      fail("");
    }
    const int next = libmysql().mysql_next_result(m_conn);
    if (next == -1) {
      break;
    }
    if (next > 0) {
      fail("");
    }
  }
}

void MysqlConnection::receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each)
{
  const Libmysql& client = libmysql();
  if (client.mysql_real_query(m_conn, sql.data(), sql.size()) != 0) {
    fail("");
  }
  bool first = true;
  for (;;) {
    // The rows are read from the server one at a time (mysql_use_result), each copied: a large
    // catalog's result is never held twice, the client library's beside the ResultSet. Freeing a
    // result reads what is left of it.
    ResultPtr result(client.mysql_use_result(m_conn));
    if (!result && client.mysql_field_count(m_conn) != 0) {
      fail("");
    }
    if (result && first) {
      first = false;
      ResultSet chunk;
      const unsigned int columns = client.mysql_num_fields(result.get());
      const MYSQL_FIELD* fields = client.mysql_fetch_fields(result.get());
      for (unsigned int c = 0; c < columns; ++c) {
        chunk.columns.emplace_back(fields[c].name);
      }
      while (MYSQL_ROW row = client.mysql_fetch_row(result.get())) {
        const unsigned long* lengths = client.mysql_fetch_lengths(result.get());
        std::vector<Value> values;
        values.reserve(columns);
        for (unsigned int c = 0; c < columns; ++c) {
          if (row[c] == nullptr) {
            values.emplace_back(std::nullopt);
          } else {
            values.emplace_back(std::string(row[c], lengths[c]));
          }
        }
        chunk.rows.push_back(std::move(values));
        if (rows > 0 && chunk.rows.size() == rows) {
          ResultSet next{chunk.columns, {}};
          each(std::move(chunk));
          chunk = std::move(next);
        }
      }
      if (client.mysql_errno(m_conn) != 0) { // the row stream broke off
        fail("");
      }
      if (rows == 0 || !chunk.rows.empty()) {
        each(std::move(chunk));
      }
    }
    result.reset();
    const int next = client.mysql_next_result(m_conn);
    if (next == -1) {
      break;
    }
    if (next > 0) {
      fail("");
    }
  }
}

void MysqlConnection::begin()
{
  execute("START TRANSACTION");
}

void MysqlConnection::commit()
{
  execute("COMMIT");
}

void MysqlConnection::rollback()
{
  execute("ROLLBACK");
}

} // namespace strata::dialects::mysql
