// `strata repair` on PostgreSQL: a `no-transaction` file left dirty (not retried automatically once
// edited) continues from its failed statement.
#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"
#include "tests/support/message_of.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::message_of;

TEST_CASE("postgres repair --continue: an edited no-transaction file goes on from its failed statement",
          "[postgres][migrations][repair]")
{
  test::PostgresDatabase db;
  test::TempDir dir;
  const auto& dialect = dialects::dialect_for("postgres");
  const auto folder = dir / "migrations";
  Directory directory;
  const auto reload = [&] {
    Directory::open(folder).write_sum();
    directory = Directory::open(folder);
  };
  const auto executor = [&] {
    ExecutorOptions options;
    options.yes = true;
    return Executor(db.connection(), dialect, db.url(), directory, options);
  };
  const auto one = [&](const std::string& sql) { return db.connection().query(sql).rows.at(0).at(0).value_or(""); };
  db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, email text); "
                          "INSERT INTO users VALUES (1, 'a'), (2, 'a')");
  test::write_text(folder / "001_email.up.sql",
                   "-- strata: no-transaction\n"
                   "CREATE TABLE IF NOT EXISTS seen (n int);\n"
                   "INSERT INTO seen VALUES (1);\n"
                   "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n");
  reload();
  CHECK_THROWS_AS(executor().apply(std::nullopt, false), StatementError);
  const auto dirty = executor().dirty_row();
  REQUIRE(dirty.has_value());
  CHECK(dirty->failed_statement == 3);
  CHECK(dirty->failed_line == 4);

  // The user edits the file (a comment): it is no longer the file that ran, so apply does not
  // retry it from the top (statement 2 would insert twice) but refuses, naming repair.
  test::write_text(folder / "001_email.up.sql",
                   "-- strata: no-transaction\n"
                   "CREATE TABLE IF NOT EXISTS seen (n int);\n"
                   "INSERT INTO seen VALUES (1);\n"
                   "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email); -- emails made unique first\n");
  reload();
  CHECK_THAT(message_of<IntegrityError>([&] { executor().apply(std::nullopt, false); }),
             Catch::Contains("dirty at version 001") && Catch::Contains("strata repair --continue"));
  db.connection().execute("UPDATE users SET email = 'b' WHERE id = 2");
  CHECK(executor().repair(RepairAction::resume).outcome == "applied");
  CHECK(one("SELECT count(*) FROM seen") == "1");
  CHECK(one("SELECT count(*) FROM pg_class WHERE relname = 'users_email_key'") == "1");
  CHECK(executor().status().ok());
}
