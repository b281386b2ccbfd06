// render_plan renders each step once; render_migration places the steps in files and records the
// line of each step's SQL there. Offline: SQLite, the no-transaction wrapper of SQLite
// (concurrent_index_dialect.hpp), and MySQL's merged ALTER TABLE (rendering only, no server).
#include "concurrent_index_dialect.hpp"
#include "migrations/rendered_plan.hpp"
#include "migrations/writer.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::ConcurrentIndexDialect;
using strata::test::table_and_index_plan;

namespace {

// Line `number` (1-based) of `text`; empty past the end.
std::string line_at(const std::string& text, int number)
{
  size_t start = 0;
  for (int i = 1; i < number && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    start = start == std::string::npos ? start : start + 1;
  }
  if (start == std::string::npos || start >= text.size()) {
    return {};
  }
  return text.substr(start, text.find('\n', start) - start);
}

// The first line of a step's first statement: what its recorded line must start with (the
// file adds the ';').
std::string first_sql_line(const RenderedStep& step)
{
  REQUIRE_FALSE(step.up.statements.empty());
  const auto& sql = step.up.statements[0].sql;
  return sql.substr(0, sql.find('\n'));
}

schemas::Schema load(const std::string& text)
{
  auto result = schemas::load_string(text, "test.yaml");
  REQUIRE(result.ok());
  return result.schema;
}

} // namespace

TEST_CASE("render_plan renders each step and its inverse once, in plan order", "[migrations][render]")
{
  const auto& dialect = dialects::dialect_for("sqlite");
  const auto plan = table_and_index_plan();
  auto rendered = render_plan(plan, dialect, nullptr, nullptr);
  REQUIRE(rendered.steps.size() == 2);
  CHECK_FALSE(rendered.split());
  CHECK_FALSE(rendered.merge_alter_table);
  CHECK(rendered.steps[0].up.description == "create table posts");
  CHECK(rendered.steps[1].up.description == "create index users_email_idx on users");
  CHECK_THAT(first_sql_line(rendered.steps[0]), Catch::StartsWith("CREATE TABLE"));
  CHECK_THAT(first_sql_line(rendered.steps[1]), Catch::StartsWith("CREATE INDEX"));
  for (const auto& step : rendered.steps) {
    CHECK(step.file == 0);
    CHECK(step.line == 0); // not placed in a file yet
    CHECK_FALSE(step.up.no_transaction());
    REQUIRE(step.down.size() == 1);
  }
  CHECK_THAT(rendered.steps[0].down[0].statements.at(0).sql, Catch::StartsWith("DROP TABLE"));
  CHECK_THAT(rendered.steps[1].down[0].statements.at(0).sql, Catch::StartsWith("DROP INDEX"));

  // The files hold exactly these statements, and each step's line names its first one.
  const auto files = render_migration(plan, rendered, "5", "posts");
  CHECK(files.followers.empty());
  CHECK(files.up_sql == render_migration(plan, dialect, "5", "posts").up_sql);
  for (const auto& step : rendered.steps) {
    REQUIRE(step.line > 0);
    CHECK_THAT(line_at(files.up_sql, step.line), Catch::StartsWith(first_sql_line(step)));
    CHECK(line_at(files.up_sql, step.line - 1) == "-- " + std::to_string(&step - rendered.steps.data() + 1) + ". " +
                                                    step.up.description);
  }
}

TEST_CASE("render_plan moves no-transaction steps to the follower, whose lines count its own header",
          "[migrations][render]")
{
  const ConcurrentIndexDialect dialect;
  const auto plan = table_and_index_plan();
  auto rendered = render_plan(plan, dialect, nullptr, nullptr);
  REQUIRE(rendered.steps.size() == 2);
  CHECK(rendered.split());
  CHECK(rendered.steps[0].file == 0);
  CHECK(rendered.steps[1].file == 1);
  CHECK(rendered.steps[1].up.no_transaction());

  const auto files = render_migration(plan, rendered, "20261121193000", "posts");
  REQUIRE(files.followers.size() == 1);
  const auto& follower = files.followers[0].up_sql;
  CHECK_THAT(line_at(files.up_sql, rendered.steps[0].line), Catch::StartsWith(first_sql_line(rendered.steps[0])));
  CHECK_THAT(line_at(follower, rendered.steps[1].line), Catch::StartsWith(first_sql_line(rendered.steps[1])));
  CHECK(line_at(follower, rendered.steps[1].line - 1) == "-- 1. create index users_email_idx on users");
  CHECK(line_at(follower, 2) == "-- strata: part-of 20261121193000"); // counted in the lines

  // The same plan without concurrent indexes: one file, both steps inside the transaction.
  auto plain = render_plan(plan, dialect, nullptr, nullptr, planner::PlanSettings{false});
  CHECK_FALSE(plain.split());
  CHECK_FALSE(plain.steps[1].up.no_transaction());
  const auto one = render_migration(plan, plain, "7", "posts");
  CHECK(one.followers.empty());
  CHECK_THAT(line_at(one.up_sql, plain.steps[1].line), Catch::StartsWith(first_sql_line(plain.steps[1])));
}

TEST_CASE("a transactional step after a no-transaction one it needs goes to a file after it",
          "[migrations][render]")
{
  const ConcurrentIndexDialect dialect;
  auto plan = table_and_index_plan();
  std::swap(plan.steps[0], plan.steps[1]);
  plan.steps[1].after = {0};
  const auto rendered = render_plan(plan, dialect, nullptr, nullptr);
  CHECK(rendered.split());
  CHECK(rendered.file_count == 2);
  CHECK(rendered.steps[0].up.no_transaction());
  CHECK(rendered.steps[0].file == 0);
  CHECK(rendered.file_no_transaction(0));
  CHECK(rendered.steps[1].file == 1);
  CHECK_FALSE(rendered.file_no_transaction(1));
}

TEST_CASE("steps merged into one MySQL ALTER TABLE all name the line where it starts", "[migrations][render]")
{
  const std::string head = "version: 1\ntables:\n  - name: t\n    columns:\n"
                           "      - { name: id, type: int, nullable: false }\n";
  const auto live = load(head + "    primary_key: [id]\n");
  const auto desired =
    load(head + "      - { name: b, type: int }\n      - { name: c, type: int }\n    primary_key: [id]\n");
  const auto& dialect = dialects::dialect_for("mysql");
  const auto plan = planner::plan(live, desired, dialect);
  auto rendered = render_plan(plan, dialect, &live, &desired);
  REQUIRE(rendered.steps.size() == 2);
  CHECK(rendered.merge_alter_table);
  const auto files = render_migration(plan, rendered, "1", "merge");
  REQUIRE(rendered.steps[0].line > 0);
  CHECK(rendered.steps[1].line == rendered.steps[0].line);
  CHECK(line_at(files.up_sql, rendered.steps[0].line) == "ALTER TABLE `t`");
  CHECK(line_at(files.up_sql, rendered.steps[0].line - 1) == "-- 2. add column t.c");
}
