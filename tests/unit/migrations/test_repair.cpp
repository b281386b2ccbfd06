// `strata repair` on the engines with transactional DDL: a PostgreSQL `no-transaction` file left
// dirty (not retried automatically once edited) continues from its failed statement; a SQLite
// dirty row without a recorded statement can only be resolved by hand; an older history table
// gains the statement columns.
#include "executor_fixture.hpp"
#include "schemas/error.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;
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

TEST_CASE("sqlite repair: a dirty row without a recorded statement is resolved or forgotten by hand",
          "[migrations][repair]")
{
  ExecutorFixture fx;
  fx.file("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  fx.file("002_u.up.sql", "CREATE TABLE u (id INTEGER);\n");
  fx.reload();
  fx.executor().apply(std::string("001"), false);
  fx.connection->execute("UPDATE strata_schema_history SET status = 'dirty', message = 'boom'");
  CHECK_THAT(message_of<Error>([&] { fx.executor().repair(RepairAction::resume); }),
             Catch::Contains("the statement it stopped at is not recorded (boom)") &&
               Catch::Contains("--resolved or --rolled-back"));
  CHECK(fx.executor().repair(RepairAction::resolved).outcome == "applied");
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});

  fx.connection->execute("UPDATE strata_schema_history SET status = 'dirty' WHERE version = '002'");
  fx.connection->execute("DROP TABLE u");
  CHECK(fx.executor().repair(RepairAction::rolled_back).outcome == "pending");
  CHECK(fx.executor().status().pending == std::vector<std::string>{"002"});
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"002"});
}

TEST_CASE("sqlite: a history table of an older strata gains the statement columns once", "[migrations][repair]")
{
  ExecutorFixture fx;
  fx.connection->execute("CREATE TABLE strata_schema_history (version VARCHAR(32) NOT NULL PRIMARY KEY, "
                         "name VARCHAR(255), checksum VARCHAR(64), applied_at VARCHAR(32), duration_ms BIGINT, "
                         "applied_by VARCHAR(255), status VARCHAR(16), backup_ref TEXT, message TEXT)");
  fx.file("001_t.up.sql", "CREATE TABLE t (id INTEGER);\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false);
  fx.file("002_u.up.sql", "CREATE TABLE u (id INTEGER);\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false);
  CHECK(fx.count("SELECT count(*) FROM pragma_table_info('strata_schema_history') WHERE name IN "
                 "('direction', 'failed_statement', 'failed_line')") == 3);
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].status == "applied");
  CHECK(rows[1].direction == "up");
}
