// The PostgreSQL migration lock, integrity check and executor catalog questions, on the real server.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/unit/dialects/lock_checks.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace strata;
using strata::test::PostgresDatabase;

TEST_CASE("postgres: a second lock waits its bounded time, then fails naming the holder", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto first = db.connect();
  auto second = db.connect();
  const auto message = test::check_second_lock_waits(dialect, *first, *second, db.url()).message;
  CHECK_THAT(message, Catch::StartsWith("another strata process holds the migration lock on postgres://"));
  CHECK_THAT(message, Catch::Contains("backend pid") && Catch::Contains("waited"));
  CHECK(message.find(db.url().password.empty() ? "\x01" : db.url().password + "@") == std::string::npos);
}

TEST_CASE("postgres: table_exists asks the catalog about the default schema", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  CHECK_FALSE(dialect.table_exists(c, "strata_schema_history"));
  c.execute("CREATE TABLE strata_schema_history (version text)");
  CHECK(dialect.table_exists(c, "strata_schema_history"));
  // Inside a transaction the question never aborts it.
  dialects::Transaction tx(c);
  CHECK_FALSE(dialect.table_exists(c, "Missing Table"));
  c.execute("INSERT INTO strata_schema_history VALUES ('1')");
  tx.commit();
  // A run whose default schema is a tenant's does not take public's history for its own.
  c.execute("CREATE SCHEMA tenant_a; SET search_path = tenant_a, public");
  CHECK_FALSE(dialect.table_exists(c, "strata_schema_history"));
  c.execute("CREATE TABLE strata_schema_history (version text)");
  CHECK(dialect.table_exists(c, "strata_schema_history"));
  CHECK(c.query("SELECT count(*) FROM strata_schema_history").rows[0][0] == std::optional<std::string>("0"));
}

TEST_CASE("postgres: the migration lock is one per database and per non-public default schema", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto first = db.connect();
  auto second = db.connect();
  first->execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
  const auto held = dialect.acquire_lock(*first, db.url(), std::chrono::milliseconds(100));
  // The same database and schema: refused while held.
  CHECK_THROWS_AS(dialect.acquire_lock(*second, db.url(), std::chrono::milliseconds(100)), strata::Error);
  // Another schema of it: a lock of its own.
  second->execute("SET search_path = tenant_a, public");
  const auto tenant_a = dialect.acquire_lock(*second, db.url(), std::chrono::milliseconds(100));
  CHECK(tenant_a != nullptr);
  auto third = db.connect();
  third->execute("SET search_path = tenant_b, public");
  CHECK(dialect.acquire_lock(*third, db.url(), std::chrono::milliseconds(100)) != nullptr);
}

TEST_CASE("postgres: a failed concurrent unique index is dropped, and the check names invalid indexes", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  c.execute("CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'a'), (2, 'a')");
  const std::string sql = "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"users_Email_key\" ON users (email)";
  CHECK_THROWS_AS(c.execute(sql), DatabaseError);
  const auto invalid = "SELECT count(*) FROM pg_index WHERE NOT indisvalid";
  CHECK(c.query(invalid).rows[0][0] == std::optional<std::string>("1"));
  CHECK_THROWS_WITH(dialect.check_integrity(c), Catch::Contains("INVALID") && Catch::Contains("\"users_Email_key\""));

  dialect.after_failed_statement(c, sql);
  CHECK(c.query(invalid).rows[0][0] == std::optional<std::string>("0"));
  CHECK_NOTHROW(dialect.check_integrity(c));
  // Other statements leave nothing to clean.
  CHECK_NOTHROW(dialect.after_failed_statement(c, "ALTER TABLE users ADD COLUMN x int"));
}

TEST_CASE("postgres: doctor's lock_holder names the session holding the lock and leaves it held", "[postgres]")
{
  PostgresDatabase db;
  auto holder = db.connect();
  auto looker = db.connect();
  const auto pid = holder->query("SELECT pg_backend_pid()").rows.at(0).at(0).value();
  test::check_lock_holder_looks(
    dialects::dialect_for("postgres"), *holder, *looker, db.url(), "backend pid " + pid,
    "SELECT (count(*) = 0)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
}
