// The SQLite engine of the read-only scenario (read_only.hpp): the bookshop v1 and v2 applied
// (two migrations, rows, a view); the file made read-only (0444) in a read-only folder while the
// commands run; its bytes and modification time, and the folder's entries, compared afterwards.
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/read_only.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

namespace strata::e2e {

namespace fs = std::filesystem;

namespace {

// The folder's entry names (a journal or WAL file left by a writer would show here).
std::set<std::string> entries(const fs::path& folder)
{
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Makes a path read-only for the test's duration, and writable again afterwards (so that the
// temporary folder can be removed). Root ignores these bits, so the tests compare bytes too.
class ReadOnlyPath {
public:
  ReadOnlyPath(fs::path path, fs::perms perms) : m_path(std::move(path)), m_before(fs::status(m_path).permissions())
  {
    fs::permissions(m_path, perms);
  }
  ~ReadOnlyPath() { fs::permissions(m_path, m_before); }
  ReadOnlyPath(const ReadOnlyPath&) = delete;
  ReadOnlyPath& operator=(const ReadOnlyPath&) = delete;

private:
  fs::path m_path;
  fs::perms m_before;
};

constexpr fs::perms k_read_only_file = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
constexpr fs::perms k_read_only_folder = k_read_only_file | fs::perms::owner_exec | fs::perms::group_exec |
                                         fs::perms::others_exec;

class SqliteReadOnlyAccess final : public ReadOnlyAccess {
public:
  explicit SqliteReadOnlyAccess(SqliteWorkspace& ws)
    : m_ws(ws), m_bytes(read_text(ws.db_path())), m_modified(fs::last_write_time(ws.db_path())),
      m_entries(entries(ws.root())), m_file(ws.db_path(), k_read_only_file), m_folder(ws.root(), k_read_only_folder)
  {
  }

  std::string url() const override { return m_ws.db_url(); }
  std::string dev_db() const override { return ""; }
  void check_nothing_written() override
  {
    CHECK(read_text(m_ws.db_path()) == m_bytes);
    CHECK(fs::last_write_time(m_ws.db_path()) == m_modified);
    CHECK(entries(m_ws.root()) == m_entries);
  }

private:
  SqliteWorkspace& m_ws;
  std::string m_bytes;
  fs::file_time_type m_modified;
  std::set<std::string> m_entries;
  ReadOnlyPath m_file;
  ReadOnlyPath m_folder;
};

} // namespace

void sqlite_read_only_project(DbWorkspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("schema.yaml", k_books_v2_yaml);
  REQUIRE(ws.history().size() == 2);
}

std::unique_ptr<ReadOnlyAccess> sqlite_read_only_file(DbWorkspace& ws)
{
  return std::make_unique<SqliteReadOnlyAccess>(dynamic_cast<SqliteWorkspace&>(ws));
}

} // namespace strata::e2e
