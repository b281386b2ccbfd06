// ScratchDatabase on the three engines: a temporary database created next to the server URL and
// dropped afterwards; a given --dev-db must be empty and is emptied again after use.
#include "dialects/registry.hpp"
#include "migrations/scratch.hpp"
#include "schemas/error.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata;

namespace {

bool database_exists(dialects::Connection& admin, const std::string& sql)
{
  const auto rows = admin.query(sql).rows;
  return !rows.empty() && rows[0][0].value_or("0") != "0";
}

void fill(migrations::ScratchDatabase& scratch)
{
  auto& c = scratch.connection();
  c.execute("CREATE TABLE parent (id integer PRIMARY KEY)");
  c.execute("CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))");
  c.execute("CREATE VIEW children AS SELECT id FROM child");
}

} // namespace

TEST_CASE("an SQLite scratch database lives in memory and never touches the target file")
{
  const auto& dialect = dialects::dialect_for("sqlite");
  const auto target = dialects::DbUrl::parse("sqlite:/nonexistent-folder/app.db");
  auto scratch = migrations::ScratchDatabase::open(dialect, std::nullopt, target);
  REQUIRE(scratch->url().path == ":memory:");
  fill(*scratch);
  CHECK(dialect.list_objects(scratch->connection(), 10).size() == 3);
  CHECK(scratch->describe() == "an in-memory SQLite database");
  dialect.clear_database(scratch->connection());
  CHECK(dialect.list_objects(scratch->connection(), 10).empty());
}

TEST_CASE("a PostgreSQL scratch database is created on the server and dropped afterwards")
{
  test::PostgresDatabase target; // only its server is used
  const auto& dialect = dialects::dialect_for("postgres");
  std::string name;
  {
    auto scratch = migrations::ScratchDatabase::open(dialect, std::nullopt, target.url());
    name = scratch->url().database;
    REQUIRE(name.rfind("strata_scratch_", 0) == 0);
    fill(*scratch);
    scratch->connection().execute("CREATE SCHEMA audit");
    scratch->connection().execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");
    CHECK(dialect.list_objects(scratch->connection(), 10).size() == 5);
    CHECK(database_exists(target.connection(), "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"));
    CHECK(dialect.list_objects(target.connection(), 10).empty()); // the target is untouched
  }
  CHECK_FALSE(database_exists(target.connection(), "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"));
}

TEST_CASE("a PostgreSQL --dev-db must be empty and is emptied after use")
{
  test::PostgresDatabase dev;
  const auto& dialect = dialects::dialect_for("postgres");
  {
    auto scratch = migrations::ScratchDatabase::open(dialect, dev.url(), std::nullopt);
    fill(*scratch);
    scratch->connection().execute("CREATE SCHEMA audit");
    scratch->connection().execute("CREATE TABLE audit.log (id integer)");
  }
  CHECK(dialect.list_objects(dev.connection(), 10).empty());
  dev.connection().execute("CREATE TABLE leftover (id integer)");
  try {
    migrations::ScratchDatabase::open(dialect, dev.url(), std::nullopt);
    FAIL("a non-empty --dev-db was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("not empty (table leftover)") != std::string::npos);
  }
  CHECK(dialect.list_objects(dev.connection(), 10).size() == 1); // a refused dev db is left alone
}

TEST_CASE("a MariaDB scratch database is created on the server and dropped afterwards")
{
  test::MysqlDatabase target;
  const auto& dialect = dialects::dialect_for("mysql");
  std::string name;
  {
    auto scratch = migrations::ScratchDatabase::open(dialect, std::nullopt, target.url());
    name = scratch->url().database;
    fill(*scratch);
    CHECK(dialect.list_objects(scratch->connection(), 10).size() == 3);
    CHECK(database_exists(target.connection(),
                          "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'"));
  }
  CHECK_FALSE(database_exists(target.connection(),
                              "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'"));
}

TEST_CASE("a MariaDB --dev-db must be empty and is emptied after use")
{
  test::MysqlDatabase dev;
  const auto& dialect = dialects::dialect_for("mysql");
  {
    auto scratch = migrations::ScratchDatabase::open(dialect, dev.url(), std::nullopt);
    fill(*scratch);
  }
  CHECK(dialect.list_objects(dev.connection(), 10).empty());
  dev.connection().execute("CREATE TABLE leftover (id integer)");
  CHECK_THROWS_WITH(migrations::ScratchDatabase::open(dialect, dev.url(), std::nullopt),
                    Catch::Contains("not empty (table leftover)"));
}
