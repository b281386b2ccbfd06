// Runs every tests/cases/<engine>/**/*.case file against a fresh database of its engine (a SQLite
// file, a PostgreSQL or a MariaDB database on the test servers) through the workflow library the
// CLI calls (no binary): workflows::run_plan writes the migration, workflows::run_apply applies
// it and run_rollback rolls it back. The format is in case_file.hpp.
//
// Invariants checked for every case whose plan is not empty:
//   1. after apply, planning again gives an empty plan (idempotence);
//   2. rolling back the migration restores the initial schema (unless the case expects otherwise);
//   3. every table of the initial SQL that survives (same name, any case, or renamed_from) keeps
//      its row count through apply;
//   4. where the case gives a catalog query, its rows after apply and after rollback.

#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "tests/cases/case_file.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/support/temp_dir.hpp"
#include "workflows/migrate.hpp"
#include "workflows/plan.hpp"
#include "workflows/scratch.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace strata;

namespace {

std::string plan_text(const planner::Plan& plan)
{
  std::string text;
  for (const auto& step : plan.steps) {
    text += schemas::describe(step.operation) + " [" + schemas::operation_kind(step.operation) + "]";
    for (const auto& risk : step.risks) {
      text += " " + risk.code;
    }
    text += "\n";
  }
  return text;
}

const schemas::Table* find_table_nocase(const schemas::Schema& schema, const std::string& name)
{
  for (const auto& table : schema.tables) {
    if (cases::lower(table.name) == cases::lower(name)) {
      return &table;
    }
  }
  return nullptr;
}

long long row_count(workflows::Database& db, const std::string& table)
{
  // PostgreSQL: the table's own rows (ONLY), so a partitioned parent, whose count includes its
  // partitions', keeps its count when a partition is detached, attached or dropped.
  const std::string only = db.dialect->name == "postgres" ? "ONLY " : "";
  const auto result = db.connection->query("SELECT count(*) FROM " + only + db.dialect->quote_identifier(table));
  return std::stoll(result.rows.at(0).at(0).value());
}

// Live name of each initial table after the migration (same name in any case, or renamed_from).
std::map<std::string, std::string> surviving_tables(const schemas::Schema& initial, const schemas::Schema& desired)
{
  std::map<std::string, std::string> survivors;
  for (const auto& table : initial.tables) {
    for (const auto& wanted : desired.tables) {
      if (cases::lower(wanted.name) == cases::lower(table.name) ||
          cases::lower(wanted.renamed_from) == cases::lower(table.name)) {
        survivors[table.name] = wanted.name;
      }
    }
  }
  return survivors;
}

// The rows of a case's catalog query, each as its values joined by " | " (NULL for SQL NULL).
std::vector<std::string> catalog_rows(workflows::Database& db, const std::string& sql)
{
  std::vector<std::string> out;
  for (const auto& row : db.connection->query(sql).rows) {
    std::string line;
    for (const auto& value : row) {
      line += (line.empty() ? "" : " | ") + value.value_or("NULL");
    }
    out.push_back(line);
  }
  return out;
}

// The database's schema as the planner compares it (strata's own tables left out), with its
// privileges (PostgreSQL): a rollback must give back the grants too.
schemas::Schema read_normal(workflows::Database& db)
{
  introspect::ReadOptions options;
  options.privileges = true;
  return db.dialect->normalize(introspect::read_schema(*db.connection, *db.dialect, options));
}

void run_case(const fs::path& file, const dialects::DbUrl& url)
{
  const cases::CaseFile spec = cases::parse_case(cases::read_text(file));
  REQUIRE_FALSE(spec.name.empty());
  INFO("case: " << spec.name);

  test::TempDir dir;
  auto db = workflows::open_database(url, {}, workflows::Access::create); // a fresh SQLite file
  for (const auto& statement : migrations::split_statements(spec.initial_sql, *db.dialect)) {
    db.connection->execute(statement.sql);
  }
  const schemas::Schema initial = read_normal(db);
  test::write_text(dir / "schema.yaml", spec.desired_yaml);

  workflows::PlanRequest request;
  request.target = workflows::Target{url, {}};
  request.schema_path = dir / "schema.yaml";
  request.dir = dir / "migrations";
  request.name = "case";
  request.version = "1";
  const auto result = workflows::run_plan(request);
  const planner::Plan& plan = result.planned.plan;
  INFO("plan:\n" << plan_text(plan));
  std::vector<std::string> kinds;
  std::vector<std::string> codes;
  for (const auto& step : plan.steps) {
    kinds.push_back(schemas::operation_kind(step.operation));
    for (const auto& risk : step.risks) {
      codes.push_back(risk.code);
    }
  }
  CHECK(plan.empty() == spec.expect_empty);
  if (spec.expect_ops) {
    CHECK(kinds == *spec.expect_ops);
  }
  if (spec.expect_risks) {
    auto expected = *spec.expect_risks;
    std::sort(expected.begin(), expected.end());
    std::sort(codes.begin(), codes.end());
    CHECK(codes == expected);
  }
  if (plan.empty()) {
    return;
  }

  std::map<std::string, long long> counts_before;
  const auto survivors = surviving_tables(initial, result.planned.desired);
  for (const auto& [before, after] : survivors) {
    counts_before[before] = row_count(db, before);
  }

  INFO("up:\n" << result.rendered.up_sql << "down:\n" << result.rendered.down_sql);
  workflows::RunRequest run; // as `strata apply --yes` / `strata rollback --steps 1 --yes`
  run.target = request.target;
  run.dir = request.dir;
  run.executor = workflows::replay_options();
  run.executor.replica_wait = migrations::ExecutorOptions{}.replica_wait; // as apply: the target may have standbys
  run.executor.take_backups = true;
  run.executor.backup_dir = dir / "backups";
  run.executor.applied_by = "cases";
  const auto applied = workflows::run_apply(run).files;
  REQUIRE_FALSE(applied.empty());
  // "1_case.up.sql", or "1_case_no_transaction.up.sql" when the plan's first part runs outside a
  // transaction (PostgreSQL CONCURRENTLY steps before transactional ones).
  CHECK((applied.front().rfind("1_case.", 0) == 0 || applied.front().rfind("1_case_no_transaction.", 0) == 0));

  auto again_request = request;
  again_request.version.clear();
  again_request.dry_run = true;
  const auto again = workflows::run_plan(again_request);
  INFO("plan after apply:\n" << plan_text(again.planned.plan));
  CHECK(again.planned.plan.empty());

  if (spec.catalog_after_apply) {
    INFO("catalog after apply: " << spec.catalog_sql);
    CHECK(catalog_rows(db, spec.catalog_sql) == *spec.catalog_after_apply);
  }

  const schemas::Schema after = read_normal(db);
  for (const auto& [before, now] : survivors) {
    INFO("rows of " << before << " (now " << now << ")");
    REQUIRE(find_table_nocase(after, now) != nullptr);
    CHECK(row_count(db, now) == counts_before[before]);
  }

  // One step back undoes the whole plan (a PostgreSQL no-transaction follower counts with it).
  CHECK(workflows::run_rollback(run, 1).files.size() == applied.size());
  const planner::Plan back = workflows::compare_schemas(initial, read_normal(db), *db.dialect);
  INFO("difference after rollback:\n" << plan_text(back));
  CHECK(back.empty() != spec.expect_irreversible);
  if (spec.catalog_after_rollback) {
    INFO("catalog after rollback: " << spec.catalog_sql);
    CHECK(catalog_rows(db, spec.catalog_sql) == *spec.catalog_after_rollback);
  }
}

// Each case of `engine`'s folder on a database `fresh` makes (and drops afterwards); only those of
// the topic folder STRATA_CASES_TOPIC names when it is set (CTest runs one test per topic).
template <typename Fresh>
void run_engine(const std::string& engine, Fresh fresh)
{
  const fs::path root = fs::path(STRATA_CASES_DIR) / engine;
  const char* topic = std::getenv("STRATA_CASES_TOPIC");
  const auto files = cases::case_files(topic != nullptr && *topic != '\0' ? root / topic : root);
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    DYNAMIC_SECTION(fs::relative(file, root).string())
    {
      fresh([&](const dialects::DbUrl& url) { run_case(file, url); });
    }
  }
}

} // namespace

TEST_CASE("sqlite behaviour cases", "[cases]")
{
  run_engine("sqlite", [](const auto& run) {
    test::TempDir dir;
    run(dialects::DbUrl::parse("sqlite:" + (dir / "case.db").string()));
  });
}

TEST_CASE("postgres behaviour cases", "[cases][postgres]")
{
  run_engine("postgres", [](const auto& run) {
    test::PostgresDatabase database;
    run(database.url());
  });
}

TEST_CASE("mysql behaviour cases", "[cases][mysql]")
{
  run_engine("mysql", [](const auto& run) {
    test::MysqlDatabase database;
    run(database.url());
  });
}
