// The writer splits a plan whose steps render no-transaction statements (PostgreSQL CREATE INDEX
// CONCURRENTLY) into a transactional version and a following `-- strata: no-transaction` version.
// ConcurrentIndexDialect (concurrent_index_dialect.hpp) tests the split without a server.
#include "tests/unit/migrations/concurrent_index_dialect.hpp"
#include "migrations/directory.hpp"
#include "migrations/writer.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;

using strata::test::ConcurrentIndexDialect;
using strata::test::table_and_index_plan;

TEST_CASE("a plan with a concurrent index is written as two versions", "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  const auto rendered = render_migration(table_and_index_plan(), dialect, "20261121193000", "posts");
  REQUIRE(rendered.followers.size() == 1);
  const auto& second = rendered.followers[0];
  CHECK(second.version == "20261121193001");
  CHECK(second.slug == "posts_no_transaction");

  const auto first_up = parse_header(rendered.up_sql, "up");
  CHECK_FALSE(first_up.no_transaction);
  CHECK_THAT(rendered.up_sql, Catch::Contains("CREATE TABLE") && !Catch::Contains("CREATE INDEX"));
  CHECK_THAT(first_up.summary, Catch::Contains("part 1 of 2"));
  CHECK(parse_header(second.up_sql, "up").no_transaction);
  CHECK(parse_header(second.up_sql, "up").version == "20261121193001");
  CHECK_THAT(second.up_sql, Catch::Contains("-- 1. ") && Catch::Contains("CREATE INDEX") &&
                              !Catch::Contains("CREATE TABLE"));
  // Each down file undoes its own up file.
  CHECK_THAT(second.down_sql, Catch::Contains("DROP INDEX") && !Catch::Contains("DROP TABLE"));
  CHECK(parse_header(second.down_sql, "down").no_transaction);
  CHECK_THAT(rendered.down_sql, Catch::Contains("DROP TABLE") && !Catch::Contains("DROP INDEX"));

  test::TempDir dir;
  const auto files = write_migration(rendered, dir / "migrations");
  REQUIRE(files.followers.size() == 2);
  const auto directory = Directory::open(dir / "migrations");
  REQUIRE(directory.migrations().size() == 2);
  CHECK(directory.migrations()[1].file_name() == "20261121193001_posts_no_transaction.up.sql");
  CHECK(directory.verify_sum().empty());
}

TEST_CASE("without concurrent indexes, or with only one kind of step, the plan stays one file", "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  const auto plan = table_and_index_plan();
  const auto off = render_migration(plan, dialect, "7", "posts", nullptr, nullptr, planner::PlanSettings{false});
  CHECK(off.followers.empty());
  CHECK_FALSE(parse_header(off.up_sql, "up").no_transaction);
  CHECK_THAT(off.up_sql, Catch::Contains("CREATE TABLE") && Catch::Contains("CREATE INDEX"));

  planner::Plan only_index;
  only_index.steps = {plan.steps[1]};
  const auto single = render_migration(only_index, dialect, "8", "idx");
  CHECK(single.followers.empty());
  CHECK(parse_header(single.up_sql, "up").no_transaction);
}

TEST_CASE("a transactional step that depends on a no-transaction one keeps the plan in one file, in order",
          "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  auto plan = table_and_index_plan();
  std::swap(plan.steps[0], plan.steps[1]); // the index first, then a table step that needs it
  plan.steps[1].after = {0};
  const auto rendered = render_migration(plan, dialect, "9", "mixed");
  CHECK(rendered.followers.empty());
  CHECK(parse_header(rendered.up_sql, "up").no_transaction);
  const auto index_at = rendered.up_sql.find("CREATE INDEX");
  const auto table_at = rendered.up_sql.find("CREATE TABLE");
  REQUIRE(index_at != std::string::npos);
  REQUIRE(table_at != std::string::npos);
  CHECK(index_at < table_at);
}

TEST_CASE("next_version_after keeps the width and carries", "[migrations][writer]")
{
  CHECK(next_version_after("20261121193000") == "20261121193001");
  // A generated timestamp version stays a valid UTC timestamp across minute, day and year ends.
  CHECK(next_version_after("20261121235959") == "20261122000000");
  CHECK(next_version_after("20261231235959") == "20270101000000");
  CHECK(next_version_after("20260228235959") == "20260301000000");
  CHECK(next_version_after("009") == "010");
  CHECK(next_version_after("99") == "100");
}
