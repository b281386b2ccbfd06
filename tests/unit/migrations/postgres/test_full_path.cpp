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

TEST_CASE("postgres split plan: a failing transactional part rolls back alone, earlier parts stay applied",
          "[postgres][migrations]")
{
  // A new column (transactional), a unique index on a table with rows (built CONCURRENTLY, no
  // transaction), then two tables whose foreign keys need that index (transactional again): three
  // files. The third fails at its second statement; only its own transaction rolls back.
  PostgresDatabase db;
  PostgresDatabase target; // holds the desired schema, read like a live one
  test::TempDir dir;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  const std::string users = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL";
  c.execute(users + "); INSERT INTO users VALUES (1, 'a'), (2, 'b')");
  target.connection().execute(users + ", nickname text); CREATE UNIQUE INDEX users_email_key ON users (email); "
                              "CREATE TABLE orders (id bigint PRIMARY KEY, email text REFERENCES users (email)); "
                              "CREATE TABLE invoices (id bigint PRIMARY KEY, email text REFERENCES users (email))");
  const auto live = dialect.normalize(introspect::read_schema(c, dialect));
  const auto desired = dialect.normalize(introspect::read_schema(target.connection(), dialect));
  const auto plan = planner::plan(live, desired, dialect);
  const auto rendered = render_migration(plan, dialect, "10", "shop", &live, &desired);
  REQUIRE(rendered.followers.size() == 2);
  CHECK_FALSE(parse_header(rendered.up_sql).no_transaction);
  CHECK_THAT(rendered.up_sql, Catch::Contains("nickname") && !Catch::Contains("CREATE"));
  CHECK(parse_header(rendered.followers[0].up_sql).no_transaction);
  CHECK_THAT(rendered.followers[0].up_sql, Catch::Contains("CONCURRENTLY") && !Catch::Contains("CREATE TABLE"));
  const auto& third = rendered.followers[1].up_sql;
  CHECK_FALSE(parse_header(third).no_transaction);
  CHECK_THAT(third, Catch::Contains("\"orders\"") && Catch::Contains("\"invoices\"") &&
                      !Catch::Contains("CONCURRENTLY"));
  write_migration(rendered, dir / "migrations");
  const auto directory = Directory::open(dir / "migrations");
  REQUIRE(directory.migrations().size() == 3);
  CHECK(directory.migrations()[1].file_name() == "11_shop_part2_no_transaction.up.sql");
  CHECK(directory.migrations()[2].file_name() == "12_shop_part3.up.sql");

  // Whichever of the two tables the file creates second already exists: its statement fails
  // after the first one ran.
  const bool orders_first = third.find("\"orders\"") < third.find("\"invoices\"");
  const std::string second_table = orders_first ? "invoices" : "orders";
  const std::string first_table = orders_first ? "orders" : "invoices";
  c.execute("CREATE TABLE " + second_table + " (hand_made int)");

  ExecutorOptions options;
  options.yes = true;
  Executor executor(c, dialect, db.url(), directory, options);
  CHECK_THROWS_WITH(executor.apply(std::nullopt, false),
                    Catch::Contains("12_shop_part3.up.sql") && Catch::Contains("already exists"));
  const auto history = "SELECT string_agg(version || ':' || status, ',' ORDER BY version::int) FROM strata_schema_history";
  CHECK(one(c, history) == "10:applied,11:applied");
  CHECK(one(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = "
               "'nickname'") == "1");
  CHECK(one(c, "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
               "WHERE x.relname = 'users_email_key' AND i.indisvalid") == "1");
  CHECK(one(c, "SELECT count(*) FROM pg_tables WHERE tablename = '" + first_table + "'") == "0"); // rolled back
  CHECK(one(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = '" + second_table +
               "' AND column_name = 'hand_made'") == "1");
  const auto status = executor.status();
  CHECK(status.dirty.empty());
  REQUIRE(status.pending.size() == 1);
  CHECK(status.pending[0] == "12");

  // The applied parts are one migration for --steps 1: both roll back, newest first.
  CHECK(executor.rollback(std::nullopt, 1, false).applied == std::vector<std::string>{"11", "10"});
  CHECK(one(c, "SELECT count(*) FROM strata_schema_history") == "0");
  CHECK(one(c, "SELECT count(*) FROM pg_class WHERE relname = 'users_email_key'") == "0");

  // With the cause removed the three parts apply, and planning again finds nothing.
  c.execute("DROP TABLE " + second_table);
  CHECK(executor.apply(std::nullopt, false).applied == std::vector<std::string>{"10", "11", "12"});
  const auto after = dialect.normalize(introspect::read_schema(c, dialect));
  CHECK(planner::plan(after, desired, dialect).empty());
}
