// The writer cuts a plan whose steps render no-transaction statements (PostgreSQL CREATE INDEX
// CONCURRENTLY) into versions that run alternately in a transaction and outside one (marked
// `-- strata: no-transaction`), as few as the steps' dependencies allow.
// ConcurrentIndexDialect (concurrent_index_dialect.hpp) tests the split without a server.
#include "tests/unit/migrations/concurrent_index_dialect.hpp"
#include "migrations/directory.hpp"
#include "migrations/writer.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace strata;
using namespace strata::migrations;

using strata::test::ConcurrentIndexDialect;
using strata::test::table_and_index_plan;

namespace {
bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}
} // namespace

TEST_CASE("a plan with a concurrent index is written as two versions", "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  const auto rendered = render_migration(table_and_index_plan(), dialect, "20261121193000", "posts");
  REQUIRE(rendered.followers.size() == 1);
  const auto& second = rendered.followers[0];
  CHECK(second.version == "20261121193001");
  CHECK(second.slug == "posts_part2_no_transaction");

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
  CHECK(directory.migrations()[1].file_name() == "20261121193001_posts_part2_no_transaction.up.sql");
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

TEST_CASE("a transactional step that depends on a no-transaction one goes to a transactional file after it",
          "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  auto plan = table_and_index_plan();
  std::swap(plan.steps[0], plan.steps[1]); // the index first, then a table step that needs it
  plan.steps[1].after = {0};
  const auto rendered = render_migration(plan, dialect, "9", "mixed");
  REQUIRE(rendered.followers.size() == 1);
  CHECK(rendered.slug == "mixed_no_transaction");
  CHECK(parse_header(rendered.up_sql, "up").no_transaction);
  CHECK_THAT(rendered.up_sql, Catch::Contains("CREATE INDEX") && !Catch::Contains("CREATE TABLE"));
  const auto& second = rendered.followers[0];
  CHECK(second.version == "10");
  CHECK(second.slug == "mixed_part2");
  const auto header = parse_header(second.up_sql, "up");
  CHECK_FALSE(header.no_transaction); // the table is created in a transaction
  CHECK(header.part_of == "9");
  CHECK_THAT(header.summary, Catch::Contains("part 2 of 2 of plan 9_mixed"));
  CHECK_THAT(second.up_sql, Catch::Contains("CREATE TABLE") && !Catch::Contains("CREATE INDEX"));
  CHECK_FALSE(parse_header(second.down_sql, "down").no_transaction);
  CHECK_THAT(second.down_sql, Catch::Contains("DROP TABLE") && !Catch::Contains("DROP INDEX"));
  CHECK(parse_header(rendered.down_sql, "down").no_transaction);
}

TEST_CASE("a plan that needs transactional, no-transaction, transactional order is three files",
          "[migrations][writer]")
{
  const ConcurrentIndexDialect dialect;
  auto plan = table_and_index_plan(); // create posts, index on users
  auto later = plan.steps[0];         // a second table that needs the index
  auto table = std::get<schemas::AddTable>(later.operation).table;
  table.name = "comments";
  later.operation = schemas::AddTable{table};
  later.inverse = {schemas::DropTable{table}};
  later.after = {1};
  plan.steps.push_back(later);

  auto rendered_plan = render_plan(plan, dialect, nullptr, nullptr);
  CHECK(rendered_plan.file_count == 3);
  CHECK(rendered_plan.steps[0].file == 0);
  CHECK(rendered_plan.steps[1].file == 1);
  CHECK(rendered_plan.steps[2].file == 2);
  const auto rendered = render_migration(plan, rendered_plan, "20261121193000", "three");
  REQUIRE(rendered.followers.size() == 2);
  const std::vector<const RenderedMigration*> parts{&rendered, &rendered.followers[0], &rendered.followers[1]};
  const std::vector<std::string> slugs{"three", "three_part2_no_transaction", "three_part3"};
  const std::vector<std::string> holds{"CREATE TABLE \"posts\"", "CREATE INDEX", "CREATE TABLE \"comments\""};
  const std::vector<std::string> undoes{"DROP TABLE \"posts\"", "DROP INDEX", "DROP TABLE \"comments\""};
  for (size_t k = 0; k < parts.size(); ++k) {
    INFO("part " << k + 1);
    CHECK(parts[k]->version == "2026112119300" + std::to_string(k));
    CHECK(parts[k]->slug == slugs[k]);
    const auto up = parse_header(parts[k]->up_sql, "up");
    const auto down = parse_header(parts[k]->down_sql, "down");
    CHECK(up.no_transaction == (k == 1));
    CHECK(down.no_transaction == (k == 1));
    CHECK(up.part_of == (k == 0 ? "" : "20261121193000"));
    CHECK(down.part_of == up.part_of);
    CHECK_THAT(up.summary, Catch::Contains(fmt::format("part {} of 3 of plan 20261121193000_three", k + 1)));
    for (size_t other = 0; other < parts.size(); ++other) {
      CHECK(contains(parts[k]->up_sql, holds[other]) == (other == k));
      CHECK(contains(parts[k]->down_sql, undoes[other]) == (other == k));
    }
  }

  test::TempDir dir;
  const auto files = write_migration(rendered, dir / "migrations");
  CHECK(files.followers.size() == 4);
  const auto directory = Directory::open(dir / "migrations");
  REQUIRE(directory.migrations().size() == 3);
  CHECK(directory.migrations()[2].file_name() == "20261121193002_three_part3.up.sql");
  CHECK(directory.verify_sum().empty());
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
