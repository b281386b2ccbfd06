// The writer splits a plan whose steps render no-transaction statements (PostgreSQL CREATE INDEX
// CONCURRENTLY) into a transactional version and a following `-- strata: no-transaction` version.
// A dialect wrapping SQLite's marks index statements no_transaction unless concurrent indexes
// are off, so the split is tested without a server.
#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/writer.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;

namespace {

class ConcurrentIndexDialect final : public dialects::Dialect {
public:
  std::string name() const override { return "sqlite"; }
  dialects::Capabilities capabilities() const override { return base().capabilities(); }
  std::unique_ptr<dialects::Connection> connect(const dialects::DbUrl& url) const override { return base().connect(url); }
  std::string quote_identifier(const std::string& n) const override { return base().quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return base().quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return base().format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return base().normalize(s); }
  bool can_alter_in_place(const dialects::AlterQuestion& q) const override { return base().can_alter_in_place(q); }
  std::vector<dialects::Statement> render(const schemas::Operation& op, dialects::RenderContext& ctx) const override
  {
    auto statements = base().render(op, ctx);
    const bool index = std::holds_alternative<schemas::AddIndex>(op) || std::holds_alternative<schemas::DropIndex>(op);
    for (auto& statement : statements) {
      statement.no_transaction = index && ctx.concurrent_indexes;
    }
    return statements;
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const override { return base().engine_risks(op); }
  std::string probe_sql(const dialects::ProbeQuery& p) const override { return base().probe_sql(p); }
  void check_integrity(dialects::Connection& c) const override { base().check_integrity(c); }
  std::unique_ptr<dialects::Lock> acquire_lock(dialects::Connection& c, const dialects::DbUrl& url,
                                               std::chrono::milliseconds timeout) const override
  {
    return base().acquire_lock(c, url, timeout);
  }
  dialects::BackupRecord backup(dialects::Connection& c, const dialects::BackupTarget& t,
                                const std::filesystem::path& dir, const std::string& id) const override
  {
    return base().backup(c, t, dir, id);
  }
  void restore(dialects::Connection& c, const dialects::BackupRecord& r) const override { base().restore(c, r); }
  dialects::DbUrl create_scratch(const dialects::DbUrl& s, const std::string& n) const override
  {
    return base().create_scratch(s, n);
  }
  void drop_scratch(const dialects::DbUrl& s, const dialects::DbUrl& d) const override { base().drop_scratch(s, d); }
  std::vector<std::string> list_objects(dialects::Connection& c, size_t n) const override
  {
    return base().list_objects(c, n);
  }
  void clear_database(dialects::Connection& c) const override { base().clear_database(c); }

private:
  static const dialects::Dialect& base() { return dialects::dialect_for("sqlite"); }
};

planner::Plan table_and_index_plan()
{
  schemas::Column id;
  id.name = "id";
  id.type = schemas::ColumnType::parse("integer");
  schemas::Table posts;
  posts.name = "posts";
  posts.columns = {id};
  posts.primary_key = {"id"};
  schemas::Index index;
  index.name = "users_email_idx";
  schemas::IndexKey key;
  key.column = "email";
  index.keys = {key};

  planner::Plan plan;
  planner::Step create;
  create.operation = schemas::AddTable{posts};
  create.inverse = {schemas::DropTable{posts}};
  planner::Step add_index;
  add_index.operation = schemas::AddIndex{{"", "users"}, index};
  add_index.inverse = {schemas::DropIndex{{"", "users"}, index}};
  plan.steps = {create, add_index};
  return plan;
}

} // namespace

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
