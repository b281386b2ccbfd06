// Read-only commands on SQLite never write the --db file: with the bookshop applied (two
// migrations, rows, a view), the file made read-only (0444) in a read-only folder, inspect, both
// drifts, status, history, backup list, lint and verify succeed and leave the file's bytes and
// modification time, and the folder's entries, as they were. A missing file is an error naming
// it, and stays missing; a database without a history table reports "nothing applied" and still
// has none afterwards.
#include "tests/e2e/read_only_checks.hpp"
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using namespace strata::e2e;
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

} // namespace

TEST_CASE("read-only commands leave a read-only SQLite file untouched", "[e2e][read_only]")
{
  SqliteWorkspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("schema.yaml", k_books_v2_yaml);
  REQUIRE(history_versions(ws.db_path()).size() == 2);

  const std::string bytes = read_text(ws.db_path());
  const auto modified = fs::last_write_time(ws.db_path());
  const auto before = entries(ws.root());
  {
    const ReadOnlyPath file(ws.db_path(), k_read_only_file);
    const ReadOnlyPath folder(ws.root(), k_read_only_folder);
    run_read_only_commands(ws, read_only_commands(ws.db_url(), ""));
  }
  CHECK(read_text(ws.db_path()) == bytes);
  CHECK(fs::last_write_time(ws.db_path()) == modified);
  CHECK(entries(ws.root()) == before);
}

TEST_CASE("read-only commands never create a missing SQLite file", "[e2e][read_only]")
{
  Workspace ws;
  ws.write("schema.yaml", k_books_v1_yaml);
  const std::string missing = ws.path("absent.db").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"inspect", "--db", missing}, {"drift", "--db", missing, "--schema", "schema.yaml"},
        {"drift", "--db", missing, "--against", "migrations"}, {"status", "--db", missing},
        {"history", "--db", missing}, {"backup", "list", "--db", missing}}) {
    const auto result = ws.strata(args);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, missing + " does not exist"));
  }
  // verify and lint read --db only for its history and counts: a missing file has none.
  require_exit(ws.strata({"verify", "--db", missing, "--schema", "schema.yaml"}), 1); // nothing produces v1
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("read-only status and history without a history table report nothing applied and create none", "[e2e][read_only]")
{
  Workspace ws;
  exec_sql(ws.db_path(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);");
  const std::string bytes = read_text(ws.db_path());

  const auto status = ws.strata({"status", "--db", ws.db_url()});
  require_exit(status, 0);
  CHECK(contains(status.out, "current version: none (nothing applied)\n"));
  const auto history = ws.strata({"history", "--db", ws.db_url()});
  require_exit(history, 0);
  CHECK(history.out == "no migrations applied to " + ws.db_url() + "\n");

  CHECK_FALSE(table_exists(ws.db_path(), "strata_schema_history"));
  CHECK(read_text(ws.db_path()) == bytes);
}
