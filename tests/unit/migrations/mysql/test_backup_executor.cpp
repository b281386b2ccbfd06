// Backups taken by the executor on MariaDB/MySQL before destructive files: recorded in the
// history and the catalog, kept in the strata_backup database (or a folder), restorable by id.
#include "tests/unit/migrations/backup_checks.hpp"
#include "tests/unit/migrations/mysql/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::MyExecutorFixture;

TEST_CASE("mysql executor: DROP COLUMN backs the values up into strata_backup, restore refills them",
          "[mysql][migrations][backup]")
{
  MyExecutorFixture fx;
  fx.db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, bio text); "
                             "INSERT INTO users VALUES (1, 'x'), (2, NULL), (3, 'it''s')");
  strata::test::check_drop_bio_backup_restored(fx, "strata_backup." + fx.db.name() + "_001-users-bio", 3,
                                               "SELECT GROUP_CONCAT(COALESCE(bio, '-') ORDER BY id) FROM users",
                                               "x,-,it's");
}

TEST_CASE("mysql executor: DROP TABLE backs the rows up into a file, restore puts them back",
          "[mysql][migrations][backup]")
{
  MyExecutorFixture fx;
  fx.db.connection().execute("CREATE TABLE notes (id int PRIMARY KEY AUTO_INCREMENT, body varchar(50), "
                             "at datetime(3)); INSERT INTO notes (body, at) VALUES ('one', '2026-01-02 03:04:05.678'), "
                             "(NULL, NULL)");
  fx.file("001_drop_notes.up.sql", "-- strata: version 001\n-- strata: backup notes\n\nDROP TABLE notes;\n");
  fx.file("001_drop_notes.down.sql", "CREATE TABLE notes (id int PRIMARY KEY AUTO_INCREMENT, body varchar(50), "
                                     "at datetime(3));\n");
  fx.reload();
  ExecutorOptions options;
  options.backup_dir = fx.dir / "backups";
  fx.executor(options).apply(std::nullopt, false);
  CHECK_FALSE(fx.table_exists("notes"));
  const auto backups = fx.executor().backups();
  REQUIRE(backups.size() == 1);
  CHECK(backups[0].location == (fx.dir / "backups" / "001-notes.jsonl").string());
  CHECK(std::filesystem::exists(backups[0].location));

  // Restoring before the table is back says what to do.
  CHECK_THROWS_WITH(fx.executor().restore_backup("001-notes"), Catch::Contains("does not exist; re-create it"));
  fx.executor(options).rollback(std::nullopt, 1, false);
  fx.executor().restore_backup("001-notes");
  CHECK(fx.one("SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(body, '-'), ':', COALESCE(at, '-')) ORDER BY id) "
               "FROM notes") == "1:one:2026-01-02 03:04:05.678,2:-:-");
}

TEST_CASE("mysql executor: a copy left by a backup killed before it was recorded is removed by the next backup, "
          "another database's is not", "[mysql][migrations][backup][kill]")
{
  MyExecutorFixture fx;
  const std::string users = "CREATE TABLE users (id int PRIMARY KEY, bio text); INSERT INTO users VALUES (1, 'x')";
  fx.db.connection().execute(users);
  // strata_backup serves every database of the server: another database's unrecorded copy of the
  // same id is not this database's to remove.
  test::MysqlDatabase other;
  other.connection().execute(users);
  const auto theirs = fx.dialect.backup(other.connection(), {{"", "users"}, "bio", {}}, {}, "001-users-bio");

  const auto location = strata::test::check_unrecorded_copy_removed(fx);
  CHECK(location == "strata_backup." + fx.db.name() + "_001-users-bio-2");
  CHECK(fx.one("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'strata_backup' AND "
               "TABLE_NAME = '" + fx.db.name() + "_001-users-bio-2'") ==
        "strata backup 001-users-bio-2 of " + fx.db.name() + ".users.bio");
  const auto still = fx.dialect.backup_copies(other.connection(), {});
  REQUIRE(still.size() == 1);
  CHECK(still[0].location == theirs.location);
  CHECK(still[0].partial);
  // Handed one of another database's copies, the removal refuses.
  CHECK_THROWS_WITH(fx.dialect.remove_partial_backup(fx.db.connection(), still[0]),
                    Catch::Contains("is not an unrecorded copy of backup 001-users-bio of this database"));
}
