#include "tests/unit/migrations/sqlite/executor_fixture.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;

namespace {

const char* k_users = "-- strata: version 001\n"
                      "-- strata: summary create users\n"
                      "\n"
                      "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, bio TEXT);\n"
                      "INSERT INTO users VALUES (1, 'a@x.org', 'first');\n"
                      "INSERT INTO users VALUES (2, 'b@x.org', 'second');\n";
const char* k_posts = "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n";

} // namespace

TEST_CASE("apply runs hand-written files in order and records history", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("2_posts.up.sql", k_posts);
  fx.reload();

  SECTION("dry run lists the files and changes nothing")
  {
    const auto result = fx.executor().apply(std::nullopt, true);
    CHECK(result.applied == std::vector<std::string>{"001", "2"});
    CHECK_FALSE(fx.table_exists("users"));
    CHECK(fx.executor().history().empty());
  }
  SECTION("apply up to a version")
  {
    const auto result = fx.executor().apply(std::string("1"), false);
    CHECK(result.applied == std::vector<std::string>{"001"});
    CHECK(fx.table_exists("users"));
    CHECK_FALSE(fx.table_exists("posts"));
    CHECK(fx.executor().status().pending == std::vector<std::string>{"2"});
  }
  SECTION("apply everything")
  {
    auto executor = fx.executor();
    const auto result = executor.apply(std::nullopt, false);
    CHECK(result.applied == std::vector<std::string>{"001", "2"});
    CHECK(fx.count("SELECT count(*) FROM users") == 2);
    CHECK(fx.table_exists("posts"));

    const auto rows = executor.history();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].version == "001");
    CHECK(rows[0].name == "001_users.up.sql");
    CHECK(rows[0].checksum == fx.directory.find("001")->checksum);
    CHECK(rows[0].status == "applied");
    CHECK(rows[0].applied_by == "tester");
    CHECK(rows[0].applied_at.size() == 20);
    CHECK(rows[1].version == "2");
    CHECK(fx.progress.front() == "applying 001_users.up.sql");
    CHECK_THAT(fx.progress.back(), Catch::StartsWith("applied 2_posts.up.sql in "));

    const auto status = executor.status();
    CHECK(status.ok());
    CHECK(status.current_version == "2");
    CHECK(status.pending.empty());

    CHECK(executor.apply(std::nullopt, false).applied.empty()); // nothing left to do
    CHECK(fx.count("SELECT count(*) FROM users") == 2);
  }
}

TEST_CASE("an applied file edited afterwards is refused by name", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.applied("001_users.up.sql", k_users);

  fx.file("001_users.up.sql", std::string(k_users) + "INSERT INTO users VALUES (3, 'c@x.org', NULL);\n");
  SECTION("with strata.sum updated, the history checksum catches it")
  {
    fx.reload();
    CHECK_THAT(strata::test::message_of<IntegrityError>([&] { fx.executor().apply(std::nullopt, false); }),
               Catch::Contains("001_users.up.sql was edited after it was applied"));
    const auto status = fx.executor().status();
    REQUIRE(status.checksum_mismatches.size() == 1);
    CHECK_THAT(status.checksum_mismatches[0], Catch::Contains("001_users.up.sql"));
    CHECK_FALSE(status.ok());
  }
  SECTION("without strata hash, strata.sum catches it")
  {
    fx.reload(false);
    CHECK_THAT(strata::test::message_of<IntegrityError>([&] { fx.executor().apply(std::nullopt, false); }),
               Catch::Contains("001_users.up.sql was edited") &&
               Catch::Contains("strata hash"));
    CHECK(fx.executor().status().sum_problems.size() == 1);
  }
  CHECK(fx.count("SELECT count(*) FROM users") == 2);
}

TEST_CASE("an applied version whose file is gone is refused", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.applied("001_users.up.sql", k_users);
  std::filesystem::remove(fx.folder / "001_users.up.sql");
  fx.reload();
  REQUIRE_THROWS_AS(fx.executor().apply(std::nullopt, false), IntegrityError);
  const auto status = fx.executor().status();
  REQUIRE(status.missing_files.size() == 1);
  CHECK_THAT(status.missing_files[0], Catch::Contains("001"));
}

TEST_CASE("a failing statement rolls the whole file back and names file, statement and line", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("002_bad.up.sql", "CREATE TABLE t2 (id INTEGER);\n"
                            "INSERT INTO t2 VALUES (1);\n"
                            "\n"
                            "-- this one breaks\n"
                            "INSERT INTO users (id, email)\n"
                            "  VALUES (9, NULL);\n");
  fx.reload();
  try {
    fx.executor().apply(std::nullopt, false);
    FAIL("expected a StatementError");
  } catch (const StatementError& e) {
    CHECK_THAT(e.file(), Catch::EndsWith("002_bad.up.sql"));
    CHECK(e.statement_number() == 3);
    CHECK(e.line() == 5);
    CHECK_THAT(e.db_message(), Catch::Contains("NOT NULL"));
  }
  CHECK_FALSE(fx.table_exists("t2"));
  CHECK(fx.count("SELECT count(*) FROM users") == 2);
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].version == "001");
  CHECK(fx.executor().status().pending == std::vector<std::string>{"002"});
}

TEST_CASE("a pending file older than the newest applied one is out of order", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.applied("005_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  fx.file("003_posts.up.sql", k_posts);
  fx.reload();
  REQUIRE_THROWS_WITH(fx.executor().apply(std::nullopt, false), Catch::Contains("out of order"));
  CHECK_FALSE(fx.table_exists("posts"));
}

TEST_CASE("a dirty database refuses further applies", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("002_posts.up.sql", k_posts);
  fx.reload();
  fx.executor().apply(std::string("001"), false);
  fx.connection->execute("UPDATE strata_schema_history SET status = 'dirty', message = 'boom' WHERE version = '001'");
  CHECK_THAT(strata::test::message_of<IntegrityError>([&] { fx.executor().apply(std::nullopt, false); }),
               Catch::Contains("dirty at version 001") &&
               Catch::Contains("strata_schema_history row"));
  CHECK(fx.executor().status().dirty == std::vector<std::string>{"001"});
  CHECK_FALSE(fx.table_exists("posts"));
}

TEST_CASE("a destructive file needs --yes or a confirmation", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.applied("001_users.up.sql", k_users);
  fx.file("002_drop_bio.up.sql", "-- strata: version 002\n"
                                 "-- strata: risk high destructive D102 drop column users.bio (2 non-null values)\n"
                                 "-- strata: backup users.bio\n"
                                 "\n"
                                 "ALTER TABLE users DROP COLUMN bio;\n");
  fx.reload();

  SECTION("no --yes and no terminal: refused, nothing changed")
  {
    REQUIRE_THROWS_AS(fx.executor().apply(std::nullopt, false), SafetyRefusal);
    CHECK(fx.count("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'") == 1);
    CHECK(fx.executor().history().size() == 1);
    CHECK(fx.executor().backups().empty());
    CHECK(exit_code_for(ErrorKind::safety) == 3);
  }
  SECTION("the confirmation says no")
  {
    std::string asked;
    ExecutorOptions options;
    options.confirm = [&](const std::string& question) {
      asked = question;
      return false;
    };
    REQUIRE_THROWS_AS(fx.executor(options).apply(std::nullopt, false), SafetyRefusal);
    CHECK_THAT(asked, Catch::Contains("002_drop_bio.up.sql") && Catch::Contains("drop column users.bio"));
    CHECK(fx.executor().history().size() == 1);
  }
  SECTION("the confirmation says yes")
  {
    ExecutorOptions options;
    options.confirm = [](const std::string&) { return true; };
    const auto result = fx.executor(options).apply(std::nullopt, false);
    CHECK(result.applied == std::vector<std::string>{"002"});
    CHECK(result.backups.size() == 1);
    CHECK(fx.count("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'bio'") == 0);
  }
}

TEST_CASE("status of a fresh database reports without creating anything", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("002_posts.up.sql", k_posts);
  fx.reload();
  const auto status = fx.executor().status();
  CHECK_FALSE(status.current_version.has_value());
  CHECK(status.pending == std::vector<std::string>{"001", "002"});
  CHECK(status.ok());
  CHECK(fx.executor().history().empty());
  CHECK(fx.executor().backups().empty());
  CHECK_FALSE(fx.table_exists("strata_schema_history"));
}

namespace {

// A migration lock whose lease another process can take over (as on a Galera node): its note is
// reported once taken, and it reads as lost once `g_lease_lost` is set.
bool g_lease_lost = false;
struct LeasedLock final : dialects::Lock {
  std::string note() const override { return "took over the migration lock of a silent holder"; }
  std::string lost() const override { return g_lease_lost ? "another strata took the lock over" : ""; }
};
struct LeasedLockDialect final : dialects::Dialect {
  LeasedLockDialect() : dialects::Dialect(dialects::dialect_for("sqlite"))
  {
    acquire_lock = [](dialects::Connection&, const dialects::DbUrl&, std::chrono::milliseconds) {
      return std::unique_ptr<dialects::Lock>(std::make_unique<LeasedLock>());
    };
  }
};

} // namespace

TEST_CASE("apply reports how its lock was taken and starts no file once the lock is lost", "[migrations][executor]")
{
  ExecutorFixture fx;
  fx.file("001_users.up.sql", k_users);
  fx.file("2_posts.up.sql", k_posts);
  fx.reload();
  const LeasedLockDialect leased;
  g_lease_lost = false;
  ExecutorOptions options;
  options.progress = [&](const std::string& line) { fx.progress.push_back(line); };
  options.around_file = [](const Migration&, FilePhase phase) {
    if (phase == FilePhase::after) {
      g_lease_lost = true; // lost while the first file ran
    }
  };
  Executor executor(*fx.connection, leased, fx.url, fx.directory, options);
  const auto message = test::message_of<Error>([&] { executor.apply(std::nullopt, false); });
  g_lease_lost = false;
  CHECK(std::find(fx.progress.begin(), fx.progress.end(), "took over the migration lock of a silent holder") !=
        fx.progress.end());
  CHECK(message == "the migration lock on " + fx.url.redacted() +
                     " was lost before 2_posts.up.sql: another strata took the lock over");
  const auto rows = fx.executor().history();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].version == "001");
  CHECK_FALSE(fx.table_exists("posts"));
}
