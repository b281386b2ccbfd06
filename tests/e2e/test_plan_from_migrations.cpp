// Issue 12 §2: planning in a pull request without a live database. `plan --from migrations` plans
// on top of the folder replayed on a scratch database (pending files included), and the README's
// pull-request recipe `plan --dry-run --format markdown` does the same when files are pending on
// the --db database instead of refusing. Neither writes anything to the target. A column type or
// default the engine does not know fails at plan time naming its schema.yaml line (SQLite takes
// any type name, so there only the default fails).

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/verify_checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata::e2e;

namespace {

// v1 applied with rows, v2 planned (written) but not applied: v2 is pending on --db.
void pending_v2(DbWorkspace& ws)
{
  apply_books_v1(ws);
  ws.write("v2.yaml", k_books_v2_yaml);
  require_exit(ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--version", k_v2_version}),
               2);
  ws.write("v3.yaml", books_v3_yaml());
}

// v3's changes are in `text` and v2's (pending) are not: the plan starts from the folder.
void check_v3_only(const std::string& text)
{
  CHECK(contains(text, "nickname"));
  CHECK(contains(text, "authors_name_idx"));
  CHECK_FALSE(contains(text, "critics"));
  CHECK_FALSE(contains(text, "stock"));
  CHECK_FALSE(contains(text, "legacy_code"));
}

// 1-based line of the first line of `yaml` that contains `needle`.
int line_of(const std::string& yaml, const std::string& needle)
{
  const auto at = yaml.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(yaml.begin(), yaml.begin() + static_cast<long>(at), '\n'));
}

} // namespace

TEMPLATE_TEST_CASE("plan --from migrations plans on top of pending files without writing to the database",
                   "[e2e][plan]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  pending_v2(*ws);
  const auto files_before = ws->migration_files();
  const auto before = target_state(*ws);

  // Planning against the database alone would repeat v2: refused, with the way out named.
  const auto refused = ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "apply or delete pending migration " + std::string(k_v2_version) + "_v2.up.sql"));
  CHECK(contains(refused.err, "--from migrations"));

  const auto sql =
    ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--from", "migrations", "--dry-run", "--format", "sql"});
  INFO(sql.describe());
  CHECK(sql.exit_code == 2);
  check_v3_only(sql.out);

  // The pull-request recipe: a dry run while files are pending plans from the folder too.
  const auto markdown = ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--dry-run", "--format", "markdown"});
  INFO(markdown.describe());
  CHECK(markdown.exit_code == 2);
  CHECK(first_line(markdown.out).rfind("## strata plan ", 0) == 0);
  check_v3_only(markdown.out);
  CHECK(contains(markdown.err, "pending"));
  CHECK(ws->migration_files() == files_before);
  CHECK(target_state(*ws) == before);

  // Without --db: the scratch database is the --dev-db, emptied again afterwards.
  const auto dev = engine.workspace();
  const auto offline = ws->strata(
    {"plan", "--schema", "v3.yaml", "--dir", "migrations", "--from", "migrations", "--dev-db", dev->url(), "--dry-run"});
  INFO(offline.describe());
  CHECK(offline.exit_code == 2);
  check_v3_only(offline.out);
  CHECK_FALSE(dev->table_exists("authors"));
  CHECK_FALSE(dev->table_exists("strata_schema_history"));

  // Written: the next version after the folder's newest; the database still has v2 pending.
  require_exit(ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--from", "migrations", "--name", "v3",
                                "--version", k_v3_version}),
               2);
  // (On PostgreSQL the index follows in a no-transaction file of the next version.)
  const auto up = read_text(ws->migration_file_ending(std::string(k_v3_version) + "_v3.up.sql"));
  CHECK(contains(up, "nickname"));
  CHECK_FALSE(contains(up, "critics"));
  CHECK_FALSE(contains(up, "stock"));
  CHECK(target_state(*ws) == before);
  const auto again = ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--from", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "no changes"));

  // Applied, v2 then v3 give exactly v3.yaml.
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  const auto live = ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--dry-run"});
  INFO(live.describe());
  CHECK(live.exit_code == 0);
  CHECK(contains(live.out, "no changes"));
}

// SQLite accepts any type name (`integr` gets INTEGER affinity); the servers refuse it.
const PerEngine<bool> k_refuses_unknown_type{false, true, true};

TEMPLATE_TEST_CASE("plan refuses a column type or default the engine does not know, naming its line", "[e2e][plan]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  const std::string v1 = one_table_yaml("events", "\n      - { name: id, type: bigint }\n");
  ws->write("schema.yaml", v1);
  require_exit(ws->run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "v1"}), 2);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  const auto files_before = ws->migration_files();
  const auto before = target_state(*ws);

  const std::string v2 = one_table_yaml("events", "\n      - { name: id, type: bigint }\n"
                                                  "      - { name: kind, type: integr }\n"
                                                  "      - { name: seen_at, type: timestamp, default: now }\n"
                                                  "      - { name: score, type: integer, default: \"0\" }\n");
  ws->write("schema.yaml", v2);
  const std::string kind = "schema.yaml:" + std::to_string(line_of(v2, "name: kind")) + ":";
  const std::string seen = "schema.yaml:" + std::to_string(line_of(v2, "name: seen_at")) + ":";

  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--dry-run"},
                                                std::vector<std::string>{"--from", "migrations"}}) {
    std::vector<std::string> args{"--schema", "schema.yaml", "--dir", "migrations"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = ws->run("plan", args);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, kind) == k_refuses_unknown_type[engine]);
    CHECK(contains(result.err, "column events.kind (type integr)") == k_refuses_unknown_type[engine]);
    CHECK(contains(result.err, seen));
    CHECK(contains(result.err, "column events.seen_at"));
    CHECK(contains(result.err, "default now"));
    CHECK_FALSE(contains(result.err, "events.score"));
  }
  CHECK(ws->migration_files() == files_before);
  CHECK(target_state(*ws) == before);
}
