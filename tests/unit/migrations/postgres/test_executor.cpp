// The executor on PostgreSQL with hand-written files: one transaction per file with its history
// row, nothing recorded when a statement fails, the no-transaction path with a failed concurrent
// index (cleaned up, recorded dirty, retried after the data is fixed), backups in strata_backup.
#include "tests/unit/migrations/backup_checks.hpp"
#include "tests/unit/migrations/server_executor_fixture.hpp"
#include "schemas/error.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::PostgresDatabase;

namespace {

using PgFixture = test::ServerExecutorFixture<PostgresDatabase>;

} // namespace

TEST_CASE("postgres executor: a file and its history row commit together, a failure records nothing",
          "[postgres][migrations]")
{
  PgFixture fx;
  fx.file("001_users.up.sql", "CREATE TABLE users (id int PRIMARY KEY, email text);\n"
                              "INSERT INTO users VALUES (1, 'a');\n");
  fx.file("002_broken.up.sql", "ALTER TABLE users ADD COLUMN bio text;\nINSERT INTO missing VALUES (1);\n");
  fx.reload();
  CHECK_THROWS_WITH(fx.executor().apply(std::nullopt, false),
                    Catch::Contains("002_broken.up.sql") && Catch::Contains("missing"));
  // 001 committed with its row; 002 rolled back entirely (no bio column, no row).
  CHECK(fx.one("SELECT string_agg(version || ':' || status, ',') FROM strata_schema_history") == "001:applied");
  CHECK(fx.one("SELECT count(*) FROM information_schema.columns WHERE column_name = 'bio'") == "0");
  const auto history = fx.executor().history();
  REQUIRE(history.size() == 1);
  CHECK(history[0].applied_at.back() == 'Z'); // UTC
  CHECK(history[0].applied_by == "tester");
  const auto status = fx.executor().status();
  CHECK(status.current_version == std::optional<std::string>("001"));
  CHECK(status.pending == std::vector<std::string>{"002"});
  CHECK(status.ok());
}

TEST_CASE("postgres executor: a failed concurrent index is cleaned up, recorded dirty, and retried",
          "[postgres][migrations]")
{
  PgFixture fx;
  fx.db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, email text); "
                             "INSERT INTO users VALUES (1, 'a'), (2, 'a'), (3, 'b')");
  fx.file("001_email.up.sql", "-- strata: version 001\n-- strata: no-transaction\n\n"
                              "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_id_idx ON users (id);\n"
                              "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);\n");
  fx.file("002_after.up.sql", "CREATE TABLE later (id int);\n");
  fx.reload();
  CHECK_THROWS_WITH(fx.executor().apply(std::nullopt, false),
                    Catch::Contains("001_email.up.sql") && Catch::Contains("duplicate"));
  // The invalid index is gone, the first (valid) one stays, the row says what happened.
  CHECK(fx.one("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0");
  CHECK(fx.one("SELECT count(*) FROM pg_class WHERE relname = 'users_id_idx'") == "1");
  CHECK(fx.one("SELECT count(*) FROM pg_class WHERE relname = 'users_email_key'") == "0");
  CHECK(fx.one("SELECT status FROM strata_schema_history WHERE version = '001'") == "dirty");
  CHECK_THAT(fx.one("SELECT message FROM strata_schema_history WHERE version = '001'"), Catch::Contains("duplicate"));
  CHECK(fx.one("SELECT count(*) FROM pg_class WHERE relname = 'later'") == "0"); // nothing after it ran
  CHECK(fx.executor().status().dirty == std::vector<std::string>{"001"});

  // Still duplicated: the retry fails the same honest way.
  CHECK_THROWS_WITH(fx.executor().apply(std::nullopt, false), Catch::Contains("duplicate"));
  CHECK(fx.one("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0");

  // Fix the data, apply again: 001 finishes (IF NOT EXISTS skips the first index), then 002.
  fx.db.connection().execute("UPDATE users SET email = 'c' WHERE id = 2");
  const auto result = fx.executor().apply(std::nullopt, false);
  CHECK(result.applied == std::vector<std::string>{"001", "002"});
  CHECK(fx.one("SELECT string_agg(version || ':' || status, ',' ORDER BY version) FROM strata_schema_history") ==
        "001:applied,002:applied");
  CHECK(fx.one("SELECT indisunique::text FROM pg_index WHERE indexrelid = 'users_email_key'::regclass") == "true");
  CHECK(fx.executor().status().ok());
}

TEST_CASE("postgres executor: a transactional dirty row still refuses", "[postgres][migrations]")
{
  PgFixture fx;
  fx.file("001_t.up.sql", "CREATE TABLE t (id int);\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false);
  fx.db.connection().execute("UPDATE strata_schema_history SET status = 'dirty', message = 'boom'");
  CHECK_THROWS_WITH(fx.executor().apply(std::nullopt, false), Catch::Contains("dirty at version 001"));
}

TEST_CASE("postgres executor: destructive files back up into strata_backup and restore by id",
          "[postgres][migrations]")
{
  PgFixture fx;
  fx.db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, bio text); "
                             "INSERT INTO users VALUES (1, 'x'), (2, NULL)");
  strata::test::check_drop_bio_backup_restored(fx, "strata_backup.001-users-bio", 2,
                                               "SELECT string_agg(coalesce(bio, '-'), ',' ORDER BY id) FROM users",
                                               "x,-");
}

TEST_CASE("postgres executor: a copy left by a backup killed before it was recorded is removed by the next backup",
          "[postgres][migrations][backup][kill]")
{
  PgFixture fx;
  fx.db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, bio text); "
                             "INSERT INTO users VALUES (1, 'x'), (2, NULL)");
  const auto location = strata::test::check_unrecorded_copy_removed(fx);
  CHECK(location == "strata_backup.001-users-bio-2");
  CHECK(fx.one("SELECT obj_description('strata_backup.\"001-users-bio-2\"'::regclass, 'pg_class')") ==
        "strata backup 001-users-bio-2 of users.bio");
}
