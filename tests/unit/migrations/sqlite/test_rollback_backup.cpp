#include "tests/unit/migrations/sqlite/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;

namespace {

void users_and_posts(ExecutorFixture& fx)
{
  fx.file("001_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, bio TEXT);\n"
                              "INSERT INTO users VALUES (1, 'a@x.org', 'first'), (2, 'b@x.org', 'second');\n");
  fx.file("001_users.down.sql", "-- strata: backup users\n\nDROP TABLE users;\n");
  fx.file("002_posts.up.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\n");
  fx.file("002_posts.down.sql", "DROP TABLE posts;\n");
  fx.reload();
}

} // namespace

TEST_CASE("rollback runs down files newest first and removes history rows", "[migrations][rollback]")
{
  ExecutorFixture fx;
  users_and_posts(fx);
  fx.executor().apply(std::nullopt, false);
  REQUIRE(fx.table_exists("posts"));

  SECTION("one step")
  {
    const auto result = fx.executor().rollback(std::nullopt, 1, false);
    CHECK(result.applied == std::vector<std::string>{"002"});
    CHECK_FALSE(fx.table_exists("posts"));
    CHECK(fx.table_exists("users"));
    const auto rows = fx.executor().history();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].version == "001");
    CHECK(fx.executor().status().pending == std::vector<std::string>{"002"});
  }
  SECTION("dry run changes nothing")
  {
    CHECK(fx.executor().rollback(std::string("0"), std::nullopt, true).applied ==
          std::vector<std::string>{"002", "001"});
    CHECK(fx.table_exists("posts"));
    CHECK(fx.executor().history().size() == 2);
  }
  SECTION("to version 0 needs approval because the down file destroys users")
  {
    REQUIRE_THROWS_AS(fx.executor().rollback(std::string("0"), std::nullopt, false), SafetyRefusal);
    CHECK(fx.table_exists("posts"));
    ExecutorOptions options;
    options.yes = true;
    const auto result = fx.executor(options).rollback(std::string("0"), std::nullopt, false);
    CHECK(result.applied == std::vector<std::string>{"002", "001"});
    CHECK(result.backups.size() == 1);
    CHECK_FALSE(fx.table_exists("users"));
    CHECK(fx.executor().history().empty());
    // and everything applies again
    CHECK(fx.executor().apply(std::nullopt, false).applied.size() == 2);
  }
  SECTION("too many steps is an error")
  {
    REQUIRE_THROWS_WITH(fx.executor().rollback(std::nullopt, 3, false), Catch::Contains("only 2"));
  }
}

TEST_CASE("rollback refuses a version without a down file, naming it", "[migrations][rollback]")
{
  ExecutorFixture fx;
  fx.applied("001_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  REQUIRE_THROWS_WITH(fx.executor().rollback(std::nullopt, 1, false),
                      Catch::Contains("001") && Catch::Contains("no .down.sql"));
  CHECK(fx.table_exists("users"));
}

TEST_CASE("a rollback whose down file fails leaves the version applied", "[migrations][rollback]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  fx.file("001_users.down.sql", "CREATE TABLE gone (id INTEGER);\nDROP TABLE nope;\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false);
  try {
    fx.executor().rollback(std::nullopt, 1, false);
    FAIL("expected a StatementError");
  } catch (const StatementError& e) {
    CHECK_THAT(e.file(), Catch::EndsWith("001_users.down.sql"));
    CHECK(e.statement_number() == 2);
    CHECK(e.line() == 2);
  }
  CHECK_FALSE(fx.table_exists("gone"));
  CHECK(fx.executor().history().size() == 1);
}

TEST_CASE("a backup is taken before a destructive file, listed and restored", "[migrations][backup]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, bio TEXT);\n"
                              "INSERT INTO users VALUES (1, 'a@x.org', 'first'), (2, 'b@x.org', NULL);\n");
  fx.file("002_drop_bio.up.sql", "-- strata: risk high destructive D102 drop column users.bio (1 non-null values)\n"
                                 "-- strata: backup users.bio\n"
                                 "\n"
                                 "ALTER TABLE users DROP COLUMN bio;\n");
  fx.file("002_drop_bio.down.sql", "ALTER TABLE users ADD COLUMN bio TEXT;\n");
  fx.reload();
  ExecutorOptions options;
  options.yes = true;
  const auto result = fx.executor(options).apply(std::nullopt, false);
  REQUIRE(result.backups.size() == 1);
  const auto id = result.backups[0];
  CHECK(id == "002-users-bio");

  auto executor = fx.executor(options);
  const auto backups = executor.backups();
  REQUIRE(backups.size() == 1);
  CHECK(backups[0].id == id);
  CHECK(backups[0].target.table.name == "users");
  CHECK(backups[0].target.column == "bio");
  CHECK_FALSE(backups[0].location.empty());
  CHECK_FALSE(backups[0].created_at.empty());
  CHECK(executor.history().back().backup_ref == id);

  executor.rollback(std::nullopt, 1, false);
  CHECK(fx.count("SELECT count(*) FROM users WHERE bio IS NOT NULL") == 0);
  const auto restored = executor.restore_backup(id);
  CHECK(restored.id == id);
  CHECK(fx.connection->query("SELECT bio FROM users WHERE id = 1").rows.at(0).at(0) == "first");
  CHECK_FALSE(fx.connection->query("SELECT bio FROM users WHERE id = 2").rows.at(0).at(0).has_value());
  REQUIRE_THROWS_WITH(executor.restore_backup("nope"), Catch::Contains("no backup"));

  // applying the file again takes a second backup with its own id
  executor.apply(std::nullopt, false);
  CHECK(executor.backups().size() == 2);
}
