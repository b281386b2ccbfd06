#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "migrations/writer.hpp"
#include "schemas/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>

#include <sys/resource.h>

using namespace strata;
using namespace strata::migrations;
using strata::test::read_text;
using strata::test::TempDir;
using strata::test::write_text;

namespace {

schemas::Column column(const std::string& name, const std::string& type)
{
  schemas::Column c;
  c.name = name;
  c.type = schemas::ColumnType::parse(type);
  return c;
}

planner::Plan sample_plan()
{
  schemas::Table posts;
  posts.name = "posts";
  posts.columns = {column("id", "integer"), column("title", "text")};
  posts.primary_key = {"id"};

  planner::Plan plan;
  plan.engine = "sqlite";
  planner::Step create;
  create.operation = schemas::AddTable{posts};
  create.inverse = {schemas::DropTable{posts}};
  create.inverse_backups = {{posts.qualified(), "", posts.primary_key}}; // the planner's: the down file drops posts
  plan.steps.push_back(create);

  planner::Step drop;
  const auto bio = column("bio", "text");
  drop.operation = schemas::DropColumn{{"", "users"}, bio};
  drop.risks.push_back({schemas::RiskKind::destructive, schemas::RiskLevel::high, "D102", "drop column users.bio", 3,
                        "non-null values"});
  drop.inverse = {schemas::AddColumn{{"", "users"}, bio, "name"}};
  drop.reversible = false;
  drop.irreversible_reason = "the values of users.bio are lost";
  drop.backups.push_back({{"", "users"}, "bio", {"id"}});
  plan.steps.push_back(drop);
  return plan;
}

// Every name in `dir`, hidden ones included, sorted.
std::vector<std::string> listing(const std::filesystem::path& dir)
{
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// While alive, this process may not write files larger than `bytes` (RLIMIT_FSIZE): a write past
// it fails with EFBIG (SIGXFSZ ignored), as on a folder that refuses the file.
class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes)
  {
    ::getrlimit(RLIMIT_FSIZE, &m_before);
    m_signal = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = m_before;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit()
  {
    ::setrlimit(RLIMIT_FSIZE, &m_before);
    std::signal(SIGXFSZ, m_signal);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
  rlimit m_before{};
  void (*m_signal)(int) = nullptr;
};

} // namespace

TEST_CASE("render_migration writes the header and numbered steps deterministically", "[migrations][writer]")
{
  const auto& dialect = dialects::dialect_for("sqlite");
  const auto plan = sample_plan();
  const auto first = render_migration(plan, dialect, "20261121193000", "posts_and_bio");
  const auto second = render_migration(plan, dialect, "20261121193000", "posts_and_bio");
  CHECK(first.up_sql == second.up_sql);
  CHECK(first.down_sql == second.down_sql);

  const auto& up = first.up_sql;
  CHECK(up.rfind("-- strata: version 20261121193000\n-- strata: summary " + plan.summary() + "\n", 0) == 0);
  CHECK_THAT(up, Catch::Contains("-- strata: risk high destructive D102 drop column users.bio (3 non-null values)\n"));
  CHECK_THAT(up, Catch::Contains("-- strata: backup users.bio\n"));
  CHECK_THAT(up, Catch::Contains("-- strata: irreversible the values of users.bio are lost\n"));
  const auto step1 = up.find("-- 1. " + schemas::describe(plan.steps[0].operation) + "\n");
  const auto step2 = up.find("-- 2. " + schemas::describe(plan.steps[1].operation) + "\n");
  REQUIRE(step1 != std::string::npos);
  REQUIRE(step2 != std::string::npos);
  CHECK(step1 < step2);
  CHECK(up.find("\n\n-- 1. ") != std::string::npos); // blank line between header and body

  const auto header = parse_header(up, "up");
  CHECK(header.version == "20261121193000");
  REQUIRE(header.risks.size() == 1);
  CHECK(header.risks[0] == plan.steps[1].risks[0]);
  CHECK(header.backups == std::vector<std::string>{"users.bio"});
  CHECK(split_statements(up).size() >= 2);

  const auto& down = first.down_sql;
  const auto down_header = parse_header(down, "down");
  CHECK(down_header.version == "20261121193000");
  CHECK(down_header.summary.rfind("down of 20261121193000_posts_and_bio", 0) == 0);
  CHECK(down_header.irreversible);
  CHECK(down_header.backups == std::vector<std::string>{"posts"}); // the down file drops posts
  const auto undo1 = down.find("-- 1. " + schemas::describe(plan.steps[1].inverse[0]) + "\n");
  const auto undo2 = down.find("-- 2. " + schemas::describe(plan.steps[0].inverse[0]) + "\n");
  REQUIRE(undo1 != std::string::npos);
  REQUIRE(undo2 != std::string::npos);
  CHECK(undo1 < undo2);
}

TEST_CASE("write_migration writes both files and a verified strata.sum", "[migrations][writer]")
{
  TempDir dir;
  const auto& dialect = dialects::dialect_for("sqlite");
  const auto rendered = render_migration(sample_plan(), dialect, "20261121193000", "posts");
  const auto files = write_migration(rendered, dir / "migrations");
  CHECK(files.up.filename() == "20261121193000_posts.up.sql");
  CHECK(read_text(files.up) == rendered.up_sql);
  CHECK(read_text(files.down) == rendered.down_sql);
  const auto directory = Directory::open(dir / "migrations");
  REQUIRE(directory.migrations().size() == 1);
  CHECK(directory.verify_sum().empty());

  SECTION("the same version twice is refused")
  {
    REQUIRE_THROWS_WITH(write_migration(rendered, dir / "migrations"), Catch::Contains("already used"));
  }
  SECTION("a hand-edited folder is refused before anything is written")
  {
    write_text(files.up, rendered.up_sql + "-- edit\n");
    auto next = rendered;
    next.version = "20261121193001";
    REQUIRE_THROWS_AS(write_migration(next, dir / "migrations"), IntegrityError);
    CHECK_FALSE(std::filesystem::exists(dir / "migrations" / "20261121193001_posts.up.sql"));
  }
  SECTION("a bad slug is refused")
  {
    auto next = rendered;
    next.version = "20261121193002";
    next.slug = "no spaces";
    REQUIRE_THROWS(write_migration(next, dir / "migrations"));
  }
}

TEST_CASE("write_migration writes nothing unless it writes everything", "[migrations][writer]")
{
  TempDir dir;
  const auto folder = dir / "migrations";
  const auto& dialect = dialects::dialect_for("sqlite");
  write_migration(render_migration(sample_plan(), dialect, "1", "first"), folder);
  const auto names = listing(folder);
  const auto sum = read_text(folder / "strata.sum");

  // A plan of three parts (versions 2, 3, 4): six files.
  auto next = render_migration(sample_plan(), dialect, "2", "next");
  for (const auto& [version, slug] : {std::pair{"3", "next_part2_no_transaction"}, std::pair{"4", "next_part3"}}) {
    next.followers.push_back(render_migration(sample_plan(), dialect, version, slug));
  }
  const auto clean = next;

  SECTION("the folder refuses the fifth file: the four written before it are removed")
  {
    next.followers[1].up_sql += "-- " + std::string(8192, 'x') + "\n";
    FileSizeLimit limit(4096);
    CHECK_THROWS_WITH(write_migration(next, folder), Catch::Contains("4_next_part3.up.sql") &&
                                                        Catch::Contains("File too large") &&
                                                        Catch::Contains("nothing was written"));
  }
  SECTION("a part the folder cannot read back: the files already in place are removed")
  {
    next.followers[0].up_sql.insert(next.followers[0].up_sql.find('\n') + 1, "-- strata: bogus line\n");
    CHECK_THROWS_WITH(write_migration(next, folder), Catch::Contains("3_next_part2_no_transaction.up.sql") &&
                                                        Catch::Contains("bogus") &&
                                                        Catch::Contains("nothing was written"));
  }
  SECTION("a name that exists already, even as a folder, is refused before anything is written")
  {
    std::filesystem::create_directories(folder / "4_next_part3.down.sql");
    CHECK_THROWS_WITH(write_migration(next, folder),
                      Catch::Contains("4_next_part3.down.sql") && Catch::Contains("exists already"));
    std::filesystem::remove(folder / "4_next_part3.down.sql");
  }
  SECTION("a later part's bad name is refused before anything is written")
  {
    next.followers[1].slug = "bad\nname";
    CHECK_THROWS_WITH(write_migration(next, folder), Catch::Contains("may only hold"));
  }
  CHECK(listing(folder) == names); // no migration file and no temporary file left behind
  CHECK(read_text(folder / "strata.sum") == sum);
  CHECK(Directory::open(folder).verify_sum().empty());

  // Unchanged, the same plan is written whole.
  write_migration(clean, folder);
  CHECK(Directory::open(folder).migrations().size() == 4);
  CHECK(Directory::open(folder).verify_sum().empty());
}
