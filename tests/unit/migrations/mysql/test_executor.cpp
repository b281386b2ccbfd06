// The executor on MariaDB/MySQL with hand-written files: DDL commits on its own there, so every
// file runs statement by statement behind a dirty history row that records the statement that
// failed; a dirty database refuses applies; the GET_LOCK lock; an older history table upgraded.
#include "tests/unit/migrations/mysql/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::MyExecutorFixture;
using strata::test::message_of;

namespace {

const char* const k_users = "CREATE TABLE users (id int PRIMARY KEY, email varchar(100));\n"
                            "INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');\n";

// Statement 3 (line 5) fails: `missing` does not exist.
const char* const k_four = "CREATE TABLE posts (id int PRIMARY KEY, user_id int);\n"
                           "INSERT INTO posts VALUES (10, 1);\n"
                           "-- the audit table comes from another team\n"
                           "\n"
                           "INSERT INTO missing VALUES (1);\n"
                           "CREATE TABLE tags (id int);\n";

} // namespace

TEST_CASE("mysql executor: files apply with applied history rows and a clean status", "[mysql][migrations]")
{
  MyExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("002_bio.up.sql", "ALTER TABLE users ADD COLUMN bio text;\n");
  fx.reload();
  const auto result = fx.executor().apply(std::nullopt, false);
  CHECK(result.applied == std::vector<std::string>{"001", "002"});
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 2);
  for (const auto& row : rows) {
    CHECK(row.status == "applied");
    CHECK(row.direction == "up");
    CHECK(row.failed_statement == 0);
    CHECK(row.message.empty());
    CHECK(row.applied_by == "tester");
    CHECK(row.applied_at.back() == 'Z');
  }
  CHECK(fx.one("SELECT COUNT(*) FROM users") == "2");
  const auto status = fx.executor().status();
  CHECK(status.ok());
  CHECK(status.current_version == std::optional<std::string>("002"));
  CHECK(status.pending.empty());
  // Nothing pending: a second apply does nothing.
  CHECK(fx.executor().apply(std::nullopt, false).applied.empty());
}

TEST_CASE("mysql executor: a file failing at statement 3 of 4 stays dirty with statement 3 recorded",
          "[mysql][migrations]")
{
  MyExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("002_posts.up.sql", k_four);
  fx.file("003_later.up.sql", "CREATE TABLE later (id int);\n");
  fx.reload();
  int statement = 0;
  int line = 0;
  try {
    fx.executor().apply(std::nullopt, false);
  } catch (const StatementError& e) {
    statement = e.statement_number();
    line = e.line();
    CHECK_THAT(e.what(), Catch::Contains("002_posts.up.sql") && Catch::Contains("missing"));
  }
  CHECK(statement == 3);
  CHECK(line == 5);
  // Statements 1-2 took effect (committed one by one), 4 never ran, nothing newer ran.
  CHECK(fx.table_exists("posts"));
  CHECK(fx.one("SELECT COUNT(*) FROM posts") == "1");
  CHECK_FALSE(fx.table_exists("tags"));
  CHECK_FALSE(fx.table_exists("later"));

  const auto row = fx.row("002");
  CHECK(row.status == "dirty");
  CHECK(row.direction == "up");
  CHECK(row.failed_statement == 3);
  CHECK(row.failed_line == 5);
  CHECK_THAT(row.message, Catch::Contains("missing") && Catch::Contains("doesn't exist"));
  CHECK(describe_dirty(row) == "its up file stopped at statement 3 (line 5): " + row.message);

  // status shows it, with the row.
  const auto status = fx.executor().status();
  CHECK_FALSE(status.ok());
  CHECK(status.dirty == std::vector<std::string>{"002"});
  REQUIRE(status.dirty_rows.size() == 1);
  CHECK(status.dirty_rows[0].failed_statement == 3);
  CHECK(status.current_version == std::optional<std::string>("001"));

  // apply refuses, naming the statement and what to do; the file is never re-run from the top
  // (statement 1 would fail on the existing table, statement 2 would duplicate its row).
  const auto refusal = message_of<IntegrityError>([&] { fx.executor().apply(std::nullopt, false); });
  CHECK_THAT(refusal, Catch::Contains("dirty at version 002 (002_posts.up.sql)") &&
                        Catch::Contains("statement 3 (line 5)") && Catch::Contains("strata repair --continue") &&
                        Catch::Contains("--resolved") && Catch::Contains("--rolled-back"));
  CHECK(fx.one("SELECT COUNT(*) FROM posts") == "1");
  CHECK_FALSE(fx.table_exists("later"));
  // Rollback refuses as well.
  CHECK_THAT(message_of<IntegrityError>([&] { fx.executor().rollback(std::nullopt, 1, false); }),
             Catch::Contains("dirty at version 002"));
}

TEST_CASE("mysql executor: a second apply waits for the GET_LOCK lock, then fails naming the holder",
          "[mysql][migrations]")
{
  MyExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.reload();
  auto other = fx.db.connect();
  const auto holder = other->query("SELECT CONNECTION_ID()").rows.at(0).at(0).value();
  {
    const auto held = fx.dialect.acquire_lock(*other, fx.db.url(), std::chrono::milliseconds(100));
    ExecutorOptions options;
    options.lock_timeout = std::chrono::milliseconds(300);
    CHECK_THAT(message_of<Error>([&] { fx.executor(options).apply(std::nullopt, false); }),
               Catch::Contains("migration lock") && Catch::Contains("held by connection " + holder));
    CHECK_FALSE(fx.table_exists("users"));
  }
  // Released: the apply goes through.
  CHECK(fx.executor().apply(std::nullopt, false).applied == std::vector<std::string>{"001"});
}

TEST_CASE("mysql executor: a history table of an older strata gains the statement columns", "[mysql][migrations]")
{
  MyExecutorFixture fx;
  fx.db.connection().execute(
    "CREATE TABLE strata_schema_history (version VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(255), "
    "checksum VARCHAR(64), applied_at VARCHAR(32), duration_ms BIGINT, applied_by VARCHAR(255), status VARCHAR(16), "
    "backup_ref TEXT, message TEXT)");
  fx.file("001_users.up.sql", k_users);
  fx.file("002_bio.up.sql", "ALTER TABLE users ADD COLUMN bio text;\n");
  fx.reload();
  fx.db.connection().execute("CREATE TABLE users (id int PRIMARY KEY, email varchar(100))");
  fx.db.connection().execute("INSERT INTO strata_schema_history VALUES ('001', '001_users.up.sql', '" +
                             fx.directory.find("001")->checksum + "', '2026-01-01T00:00:00Z', 5, 'old', 'applied', "
                             "'', '')");
  // Read before any upgrade (status never writes).
  auto rows = fx.executor().history();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].direction == "up");
  CHECK(rows[0].failed_statement == 0);
  CHECK(fx.executor().status().pending == std::vector<std::string>{"002"});

  fx.executor().apply(std::nullopt, false);
  CHECK(fx.one("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
               "TABLE_NAME = 'strata_schema_history' AND COLUMN_NAME IN ('direction', 'failed_statement', "
               "'failed_line')") == "3");
  fx.file("003_more.up.sql", "CREATE TABLE more (id int);\n");
  fx.reload();
  fx.executor().apply(std::nullopt, false); // the upgrade runs once; again it changes nothing
  CHECK(fx.one("SELECT GROUP_CONCAT(CONCAT(version, ':', status) ORDER BY version) FROM strata_schema_history") ==
        "001:applied,002:applied,003:applied");
}
