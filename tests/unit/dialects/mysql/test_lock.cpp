// The MySQL/MariaDB migration lock (GET_LOCK) and catalog questions, on the real server with two
// connections.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/unit/dialects/lock_checks.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace strata;
using strata::test::MysqlDatabase;

TEST_CASE("mysql: a second lock waits its bounded time, then fails naming the holder's connection", "[mysql]")
{
  MysqlDatabase db;
  const auto& dialect = dialects::dialect_for("mysql");
  auto first = db.connect();
  auto second = db.connect();
  const auto holder_id = first->query("SELECT CONNECTION_ID()").rows.at(0).at(0).value();
  const auto second_lock = test::check_second_lock_waits(dialect, *first, *second, db.url());
  const auto& message = second_lock.message;
  CHECK_THAT(message, Catch::StartsWith("another strata process holds the migration lock 'strata:migrate:" +
                                        db.name() + "' on mysql://"));
  CHECK_THAT(message, Catch::Contains("held by connection " + holder_id + " (") && Catch::Contains("waited"));
  CHECK(message.find(":" + db.url().password + "@") == std::string::npos); // redacted URL
  CHECK(first->query("SELECT IS_USED_LOCK('strata:migrate:" + db.name() + "')").rows.at(0).at(0).value() ==
        second->query("SELECT CONNECTION_ID()").rows.at(0).at(0).value());
}

TEST_CASE("mysql: the lock is per database and a closed session frees it", "[mysql]")
{
  MysqlDatabase one;
  MysqlDatabase two;
  const auto& dialect = dialects::dialect_for("mysql");
  auto first = one.connect();
  {
    const auto held = dialect.acquire_lock(*first, one.url(), std::chrono::milliseconds(300));
    // Another database is not blocked.
    auto other = two.connect();
    CHECK_NOTHROW(dialect.acquire_lock(*other, two.url(), std::chrono::milliseconds(0)));
  }
  // A process that dies (its connection closes) while it holds the lock leaves none behind: the
  // dying session takes it the way acquire_lock does and is then closed without releasing it.
  auto dying = one.connect();
  REQUIRE(dying->query("SELECT GET_LOCK('strata:migrate:" + one.name() + "', 0)").rows.at(0).at(0).value() == "1");
  CHECK_THROWS_AS(dialect.acquire_lock(*first, one.url(), std::chrono::milliseconds(0)), Error);
  dying.reset();
  const auto start = std::chrono::steady_clock::now();
  CHECK_NOTHROW(dialect.acquire_lock(*first, one.url(), std::chrono::milliseconds(2000)));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
}

TEST_CASE("mysql: table_exists looks in the connection's database only", "[mysql]")
{
  MysqlDatabase db;
  MysqlDatabase other;
  const auto& dialect = dialects::dialect_for("mysql");
  CHECK_FALSE(dialect.table_exists(db.connection(), "strata_schema_history"));
  other.connection().execute("CREATE TABLE strata_schema_history (version varchar(32))");
  CHECK_FALSE(dialect.table_exists(db.connection(), "strata_schema_history"));
  db.connection().execute("CREATE TABLE strata_schema_history (version varchar(32))");
  CHECK(dialect.table_exists(db.connection(), "strata_schema_history"));
}

TEST_CASE("mysql: doctor's lock_holder names the connection holding the lock and leaves it held", "[mysql]")
{
  MysqlDatabase db;
  auto holder = db.connect();
  auto looker = db.connect();
  const auto id = holder->query("SELECT CONNECTION_ID()").rows.at(0).at(0).value();
  test::check_lock_holder_looks(dialects::dialect_for("mysql"), *holder, *looker, db.url(), "connection " + id,
                                "SELECT IS_USED_LOCK('strata:migrate:" + db.name() + "') = " + id);
}
