#include "dialects/sqlite/connection.hpp"

#include "schemas/error.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace strata::dialects::sqlite {

namespace {
struct StmtDeleter {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

// SQLite's memory statistics take a global mutex around every allocation; nothing here reads
// them. Set once, before the library initialises (afterwards sqlite3_config refuses, harmlessly).
void configure_library()
{
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}
} // namespace

SqliteConnection::SqliteConnection(const DbUrl& url) : UrlConnection("sqlite", url)
{
  const bool plain_file = !url.path.empty() && url.path != ":memory:" && url.path.rfind("file:", 0) != 0;
  if (url.read_only && plain_file && !std::filesystem::exists(url.path)) {
    // sqlite3 would say "unable to open database file"; say which file, and that it stays absent.
    throw DatabaseError("sqlite", "cannot open " + url.redacted() + ": " + url.path +
                                    " does not exist (this command only reads a database; it never creates one)");
  }
  // Read-only commands open the file read-only: SQLite itself then refuses every write. A
  // connection is used by one thread at a time (other threads open their own), so it goes without
  // SQLite's per-connection mutex, which every call into the library would take and release.
  configure_library();
  const int flags = (url.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(url.path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
    std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    m_db = nullptr;
    throw DatabaseError("sqlite", "cannot open " + url.redacted() + ": " + message);
  }
  sqlite3_extended_result_codes(m_db, 1);
  set_busy_timeout(5000);
}

SqliteConnection::~SqliteConnection()
{
  sqlite3_close_v2(m_db);
}

void SqliteConnection::fail(const std::string& what) const
{
  throw DatabaseError("sqlite", what + sqlite3_errmsg(m_db), std::to_string(sqlite3_extended_errcode(m_db)));
}

void SqliteConnection::release_caches()
{
  // Writes nothing: writable_schema is already off; RESET also drops the schema it parsed.
  execute("PRAGMA writable_schema = RESET");
}

void SqliteConnection::set_busy_timeout(int milliseconds)
{
  sqlite3_busy_timeout(m_db, milliseconds);
}

void SqliteConnection::execute(const std::string& sql)
{
  char* error = nullptr;
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(m_db);
    sqlite3_free(error);
    throw DatabaseError("sqlite", message, std::to_string(sqlite3_extended_errcode(m_db)));
  }
}

void SqliteConnection::receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each)
{
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
    fail("");
  }
  StmtPtr stmt(raw);
  ResultSet chunk;
  const int columns = sqlite3_column_count(raw);
  for (int i = 0; i < columns; ++i) {
    chunk.columns.emplace_back(sqlite3_column_name(raw, i));
  }
  while (true) {
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) {
      break;
    }
    if (rc != SQLITE_ROW) {
      fail("");
    }
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(columns));
    for (int i = 0; i < columns; ++i) {
      if (sqlite3_column_type(raw, i) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, i));
        row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(raw, i))));
      }
    }
    chunk.rows.push_back(std::move(row));
    if (rows > 0 && chunk.rows.size() == rows) {
      ResultSet next{chunk.columns, {}};
      each(std::move(chunk));
      chunk = std::move(next);
    }
  }
  if (rows == 0 || !chunk.rows.empty()) {
    each(std::move(chunk));
  }
}

void SqliteConnection::begin()
{
  execute("BEGIN");
}

void SqliteConnection::begin_immediate()
{
  execute("BEGIN IMMEDIATE");
}

void SqliteConnection::commit()
{
  execute("COMMIT");
}

void SqliteConnection::rollback()
{
  if (!sqlite3_get_autocommit(m_db)) {
    execute("ROLLBACK");
  }
}

bool reports_standard_type_names()
{
  return sqlite3_libversion_number() >= 3037000;
}

} // namespace strata::dialects::sqlite
