#include "tests/unit/dialects/sqlite/fixture.hpp"

#include "dialects/strata_folder.hpp"
#include "schemas/error.hpp"

#include <chrono>
#include <fstream>
#include <iterator>

using namespace strata;
using namespace std::chrono_literals;
using namespace strata::test;

TEST_CASE("the migration lock excludes a second holder until released", "[lock]")
{
  SqliteDb db;
  auto other = db.connect();
  auto first = db.dialect->acquire_lock(*db.conn, db.url, 1000ms);
  REQUIRE(first);
  const auto lock_file = dialects::sqlite_lock_file(db.url.path); // .strata/test.db.lock beside the file
  CHECK(lock_file.filename() == "test.db.lock");
  CHECK(lock_file.parent_path().filename() == ".strata");
  CHECK(std::filesystem::exists(lock_file));
  std::ifstream ignore(lock_file.parent_path() / ".gitignore");
  std::string content((std::istreambuf_iterator<char>(ignore)), std::istreambuf_iterator<char>());
  CHECK(content.find("\n*\n") != std::string::npos); // everything in .strata/ stays out of git

  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(db.dialect->acquire_lock(*other, db.url, 200ms),
                    Catch::Contains("another strata process holds the migration lock on " + db.url.path) &&
                      Catch::Contains("ms)"));
  CHECK(std::chrono::steady_clock::now() - start >= 200ms);
  try {
    db.dialect->acquire_lock(*other, db.url, 0ms);
    FAIL("lock acquired twice");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::database);
  }

  first.reset();
  auto second = db.dialect->acquire_lock(*other, db.url, 200ms);
  CHECK(second);
}

TEST_CASE("the migration lock follows the database file's real path, not its spelling", "[lock]")
{
  SqliteDb db;
  const std::filesystem::path real(db.url.path);
  const auto link_folder = real.parent_path() / "linked";
  std::filesystem::create_directory(link_folder);
  std::filesystem::create_symlink(real, link_folder / "alias.db");
  // The same file through a symlink in another folder, spelled with "..": one lock.
  const auto other_url = dialects::DbUrl::parse("sqlite:" + (link_folder / ".." / "linked" / "alias.db").string());
  CHECK(dialects::sqlite_lock_file(other_url.path) == dialects::sqlite_lock_file(real));
  auto other = db.dialect->connect(other_url);
  auto first = db.dialect->acquire_lock(*db.conn, db.url, 1000ms);
  CHECK_THROWS_WITH(db.dialect->acquire_lock(*other, other_url, 100ms),
                    Catch::Contains("another strata process holds the migration lock"));
  first.reset();
  CHECK(db.dialect->acquire_lock(*other, other_url, 100ms));
  CHECK_FALSE(std::filesystem::exists(link_folder / ".strata"));
}

TEST_CASE("an in-memory database needs no lock file", "[lock]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  const auto url = dialects::DbUrl::parse("sqlite::memory:");
  auto conn = dialect->connect(url);
  auto a = dialect->acquire_lock(*conn, url, 0ms);
  auto b = dialect->acquire_lock(*conn, url, 0ms);
  CHECK(a);
  CHECK(b);
  CHECK_FALSE(std::filesystem::exists(".strata/:memory:.lock"));
}

TEST_CASE("check_integrity passes a clean database and names violations", "[lock]")
{
  SqliteDb db;
  db.conn->execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY,"
                   " p INTEGER REFERENCES p (id)); INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1)");
  CHECK_NOTHROW(db.dialect->check_integrity(*db.conn));
  db.conn->execute("INSERT INTO c VALUES (7, 2)");
  try {
    db.dialect->check_integrity(*db.conn);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::database);
    CHECK(std::string(e.what()).find("table c rowid 7 references a missing row of p") != std::string::npos);
  }
}
