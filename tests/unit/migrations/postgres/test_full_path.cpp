// The whole PostgreSQL path through the library: read the live schema, plan a unique index on a
// table with rows plus a dropped column, write the two versions (transactional, then
// no-transaction), apply them, see the concurrent build fail on duplicates and succeed after the
// data is fixed; the lock refuses a second executor. Plus the bounded lock wait through apply.
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "migrations/writer.hpp"
#include "planner/plan.hpp"
#include "schemas/error.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::PostgresDatabase;

namespace {

std::string one(dialects::Connection& c, const std::string& sql)
{
  return c.query(sql).rows.at(0).at(0).value_or("NULL");
}

} // namespace

TEST_CASE("postgres full path: plan, split write, apply, failed concurrent index, fix, re-apply",
          "[postgres][migrations]")
{
  PostgresDatabase db;
  test::TempDir dir;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  c.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text); "
            "INSERT INTO users VALUES (1, 'a', 'x'), (2, 'a', NULL), (3, 'b', 'z')");

  const auto live = dialect.normalize(introspect::read_schema(c, dialect));
  auto desired = live;
  REQUIRE(desired.tables.size() == 1);
  auto& users = desired.tables[0];
  users.columns.erase(users.columns.begin() + 2); // drop bio
  schemas::Index index;
  index.name = "users_email_key";
  index.unique = true;
  schemas::IndexKey key;
  key.column = "email";
  index.keys = {key};
  users.indexes.push_back(index);
  desired = dialect.normalize(desired);

  const auto plan = planner::plan(live, desired, dialect);
  const auto rendered = render_migration(plan, dialect, "10", "email", &live, &desired);
  REQUIRE(rendered.followers.size() == 1);
  CHECK_THAT(rendered.followers[0].up_sql, Catch::Contains("CONCURRENTLY"));
  write_migration(rendered, dir / "migrations");
  const auto directory = Directory::open(dir / "migrations");
  REQUIRE(directory.migrations().size() == 2);

  ExecutorOptions options;
  options.yes = true;
  options.lock_timeout = std::chrono::milliseconds(300);
  // The duplicate email would make apply's preflight refuse the run before it starts
  // (sqlite/test_preflight.cpp); this test is about what a failing no-transaction file leaves.
  options.preflight = false;
  {
    // Another session holds the lock: apply waits its bounded time, then refuses, nothing applied.
    auto other = db.connect();
    const auto held = dialect.acquire_lock(*other, db.url(), std::chrono::milliseconds(100));
    Executor blocked(c, dialect, db.url(), directory, options);
    CHECK_THROWS_WITH(blocked.apply(std::nullopt, false), Catch::Contains("holds the migration lock"));
    CHECK_FALSE(dialect.table_exists(c, "strata_schema_history"));
  }

  Executor executor(c, dialect, db.url(), directory, options);
  CHECK_THROWS_WITH(executor.apply(std::nullopt, false), Catch::Contains("duplicated"));
  CHECK(one(c, "SELECT string_agg(version || ':' || status, ',' ORDER BY version::int) FROM strata_schema_history") ==
        "10:applied,11:dirty");
  CHECK(one(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0");
  CHECK(one(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'bio'") ==
        "0");
  REQUIRE(executor.backups().size() == 1);
  CHECK(executor.backups()[0].location == "strata_backup.10-users-bio");

  c.execute("UPDATE users SET email = 'c' WHERE id = 2");
  CHECK(executor.apply(std::nullopt, false).applied == std::vector<std::string>{"11"});
  CHECK(executor.status().ok());
  // Planning again finds nothing to do.
  const auto after = dialect.normalize(introspect::read_schema(c, dialect));
  CHECK(planner::plan(after, desired, dialect).empty());
}
