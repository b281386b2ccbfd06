// `strata repair` through the executor on MariaDB/MySQL: a file left dirty at its failed statement
// is continued from that statement (the ones before it count as done), marked resolved after it
// was finished by hand, or forgotten after it was undone by hand; the same for down files.
#include "tests/unit/migrations/mysql/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::MyExecutorFixture;
using strata::test::message_of;

namespace {

// Statement 3 fails until `missing` exists; statement 2 must not run twice (duplicate key).
const char* const k_four = "CREATE TABLE posts (id int PRIMARY KEY, user_id int);\n"
                           "INSERT INTO posts VALUES (10, 1);\n"
                           "INSERT INTO missing VALUES (1);\n"
                           "CREATE TABLE tags (id int);\n";

void leave_dirty(MyExecutorFixture& fx)
{
  fx.file("001_posts.up.sql", k_four);
  fx.file("002_later.up.sql", "CREATE TABLE later (id int);\n");
  fx.reload();
  REQUIRE_THROWS_AS(fx.executor().apply(std::nullopt, false), StatementError);
  REQUIRE(fx.row("001").status == "dirty");
  REQUIRE(fx.row("001").failed_statement == 3);
}

} // namespace

TEST_CASE("mysql repair: nothing dirty is refused clearly", "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  fx.file("001_t.up.sql", "CREATE TABLE t (id int);\n");
  fx.reload();
  CHECK_FALSE(fx.executor().dirty_row().has_value());
  CHECK_THAT(message_of<Error>([&] { fx.executor().repair(RepairAction::resolved); }),
             Catch::StartsWith("nothing to repair: no migration is dirty on mysql://"));
  fx.executor().apply(std::nullopt, false);
  try {
    fx.executor().repair(RepairAction::resume);
    FAIL("repair of a clean database must throw");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
  }
}

TEST_CASE("mysql repair --continue runs the file on from the failed statement", "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  leave_dirty(fx);
  CHECK(fx.executor().dirty_row()->version == "001");

  // Still broken: it fails at statement 3 again and stays dirty; statement 2 did not run twice.
  CHECK_THROWS_AS(fx.executor().repair(RepairAction::resume), StatementError);
  CHECK(fx.row("001").status == "dirty");
  CHECK(fx.row("001").failed_statement == 3);
  CHECK(fx.one("SELECT COUNT(*) FROM posts") == "1");

  // Fix the cause; continue: statements 3 and 4 run, the row is applied, then apply goes on.
  fx.db.connection().execute("CREATE TABLE missing (id int)");
  const auto result = fx.executor().repair(RepairAction::resume);
  CHECK(result.outcome == "applied");
  CHECK(result.before.failed_statement == 3);
  const auto row = fx.row("001");
  CHECK(row.status == "applied");
  CHECK(row.failed_statement == 0);
  CHECK_THAT(row.message, Catch::Contains("finished by `strata repair --continue`") && Catch::Contains("statement 3"));
  CHECK(fx.one("SELECT COUNT(*) FROM posts") == "1");
  CHECK(fx.one("SELECT COUNT(*) FROM missing") == "1");
  CHECK(fx.table_exists("tags"));
  CHECK(std::find(fx.progress.begin(), fx.progress.end(),
                  "continuing 001_posts.up.sql from statement 3 of 4 (statements before it count as done)") !=
        fx.progress.end());
  CHECK(fx.executor().status().ok());
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});
}

TEST_CASE("mysql repair --continue after a failure further on records the new statement", "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  leave_dirty(fx);
  // Statement 3 now works, statement 4 clashes with a table made by hand.
  fx.db.connection().execute("CREATE TABLE missing (id int); CREATE TABLE tags (id int)");
  CHECK_THROWS_WITH(fx.executor().repair(RepairAction::resume),
                    Catch::Contains("statement 4") && Catch::Contains("already exists"));
  const auto row = fx.row("001");
  CHECK(row.status == "dirty");
  CHECK(row.failed_statement == 4);
  CHECK(row.failed_line == 4);
  CHECK(fx.one("SELECT COUNT(*) FROM missing") == "1");
  // The user fixes the file instead (a hand-written file may change while dirty) and re-hashes.
  fx.file("001_posts.up.sql", std::string(k_four).replace(std::string(k_four).find("CREATE TABLE tags"), 17,
                                                           "CREATE TABLE IF NOT EXISTS tags"));
  fx.reload();
  CHECK(fx.executor().repair(RepairAction::resume).outcome == "applied");
  CHECK(fx.one("SELECT COUNT(*) FROM missing") == "1"); // statement 3 ran once
  CHECK(fx.row("001").checksum == fx.directory.find("001")->checksum);
  CHECK(fx.executor().status().ok());
}

TEST_CASE("mysql repair --resolved marks a file finished by hand applied", "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  leave_dirty(fx);
  fx.db.connection().execute("CREATE TABLE tags (id int)"); // the user did the rest another way
  const auto result = fx.executor().repair(RepairAction::resolved);
  CHECK(result.outcome == "applied");
  const auto row = fx.row("001");
  CHECK(row.status == "applied");
  CHECK_THAT(row.message, Catch::Contains("strata repair --resolved") && Catch::Contains("missing"));
  CHECK(fx.executor().status().ok());
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});
  CHECK_THAT(message_of<Error>([&] { fx.executor().repair(RepairAction::resolved); }),
             Catch::Contains("nothing to repair"));
}

TEST_CASE("mysql repair --rolled-back makes a file undone by hand pending again", "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  leave_dirty(fx);
  fx.db.connection().execute("DROP TABLE posts"); // the user undid statements 1-2
  CHECK(fx.executor().repair(RepairAction::rolled_back).outcome == "pending");
  CHECK(fx.executor().history().empty());
  CHECK(fx.executor().status().pending == std::vector<std::string>{"001", "002"});
  // With the cause fixed the whole file runs again from the top.
  fx.db.connection().execute("CREATE TABLE missing (id int)");
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"001", "002"});
  CHECK(fx.one("SELECT COUNT(*) FROM posts") == "1");
}

TEST_CASE("mysql rollback: a failing down file stays dirty (down) and repair finishes or undoes it",
          "[mysql][migrations][repair]")
{
  MyExecutorFixture fx;
  fx.file("001_pair.up.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
  fx.file("001_pair.down.sql", "DROP TABLE b;\nDROP TABLE not_there;\nDROP TABLE a;\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false);
  CHECK_THROWS_WITH(fx.executor().rollback(std::nullopt, 1, false),
                    Catch::Contains("001_pair.down.sql") && Catch::Contains("statement 2"));
  auto row = fx.row("001");
  CHECK(row.status == "dirty");
  CHECK(row.direction == "down");
  CHECK(row.failed_statement == 2);
  CHECK(describe_dirty(row).rfind("its down file stopped at statement 2 (line 2)", 0) == 0);
  CHECK_FALSE(fx.table_exists("b"));
  CHECK(fx.table_exists("a"));
  // Neither apply nor another rollback runs past it.
  CHECK_THAT(message_of<IntegrityError>([&] { fx.executor().apply(std::nullopt, false); }),
             Catch::Contains("dirty at version 001") && Catch::Contains("its down file stopped at statement 2"));
  CHECK_THROWS_AS(fx.executor().rollback(std::nullopt, 1, false), IntegrityError);

  SECTION("--continue goes on with the fixed down file and the version is rolled back")
  {
    fx.file("001_pair.down.sql", "DROP TABLE b;\nDROP TABLE IF EXISTS not_there;\nDROP TABLE a;\n");
    fx.reload();
    CHECK(fx.executor().repair(RepairAction::resume).outcome == "rolled back");
    CHECK_FALSE(fx.table_exists("a"));
    CHECK(fx.executor().history().empty());
    CHECK(fx.executor().status().pending == std::vector<std::string>{"001"});
  }
  SECTION("--resolved: the user finished the down file by hand")
  {
    fx.db.connection().execute("DROP TABLE a");
    CHECK(fx.executor().repair(RepairAction::resolved).outcome == "rolled back");
    CHECK(fx.executor().history().empty());
  }
  SECTION("--rolled-back: the user put b back, the version stays applied")
  {
    fx.db.connection().execute("CREATE TABLE b (id int)");
    CHECK(fx.executor().repair(RepairAction::rolled_back).outcome == "applied");
    row = fx.row("001");
    CHECK(row.status == "applied");
    CHECK(row.direction == "up");
    CHECK(fx.executor().status().ok());
  }
}
