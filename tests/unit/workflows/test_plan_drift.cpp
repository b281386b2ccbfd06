// The plan and drift workflows on SQLite files, through the library (no binary).
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/unit/workflows/workflow_fixture.hpp"
#include "workflows/drift.hpp"
#include "workflows/history_gate.hpp"
#include "workflows/plan.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using strata::test::Project;

namespace {

workflows::PlanRequest plan_request(const Project& project, const std::string& version)
{
  workflows::PlanRequest request;
  request.target = project.target();
  request.schema_path = project.schema();
  request.dir = project.dir();
  request.name = "Add users!";
  request.version = version;
  return request;
}

} // namespace

TEST_CASE("workflows: plan writes the next migration, refuses a pending one, and is empty after apply", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  auto first = workflows::run_plan(plan_request(project, "1"));
  REQUIRE(first.files);
  CHECK(first.files->up.filename() == "1_add_users.up.sql");
  CHECK(first.version == "1");
  REQUIRE(first.planned.plan.steps.size() == 1);
  CHECK(schemas::operation_kind(first.planned.plan.steps[0].operation) == "AddTable");

  project.write_schema(test::k_users_v2);
  try {
    (void)workflows::run_plan(plan_request(project, "2"));
    FAIL("a plan on top of a pending file must be refused");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK(std::string(e.what()).find("1_add_users.up.sql") != std::string::npos);
  }

  project.apply();
  auto dry = plan_request(project, "2");
  dry.dry_run = true;
  const auto second = workflows::run_plan(dry);
  CHECK_FALSE(second.files);
  CHECK(second.planned.plan.steps.size() == 2); // AddColumn, CreateIndex
  CHECK(second.rendered.up_sql.find("nickname") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(project.dir() / "2_add_users.up.sql"));
}

TEST_CASE("workflows: a bad --name or --version is refused before the database is read", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  auto request = plan_request(project, "0");
  CHECK_THROWS_WITH(workflows::run_plan(request), Catch::Contains("must be a positive integer"));
  CHECK_FALSE(std::filesystem::exists(project.url().path)); // never connected: no file created
  CHECK_THROWS_WITH(workflows::make_slug("!!"), Catch::Contains("no letters or digits"));
  CHECK(workflows::make_slug("Add  Users--Now") == "add_users_now");
}

TEST_CASE("workflows: drift against schema and against migrations name what changed by hand", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  project.write_migration("1", "users", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n",
                          "DROP TABLE users;\n");
  project.apply();

  workflows::DriftRequest request;
  request.target = project.target();
  request.schema_path = project.schema();
  CHECK(workflows::run_drift(request).in_sync());

  project.execute("ALTER TABLE users ADD COLUMN twitter TEXT");
  const auto by_schema = workflows::run_drift(request);
  REQUIRE(by_schema.planned.plan.steps.size() == 1);
  CHECK(schemas::describe(by_schema.planned.plan.steps[0].operation).find("twitter") != std::string::npos);

  request.against_migrations = true;
  request.dir = project.dir();
  request.dev_db = dialects::DbUrl::parse("sqlite::memory:");
  const auto by_history = workflows::run_drift(request);
  CHECK(by_history.applied_version == "1");
  CHECK(by_history.baseline == "migrations applied up to 1");
  CHECK(by_history.planned.plan.steps.size() == 1);
}

// Issue 13: a CR-only schema file read as empty planned dropping every table.
TEST_CASE("workflows: a schema file without tables is refused against a database with tables, unless allowed",
          "[workflows]")
{
  Project project;
  project.write_schema("version: 1\n");
  project.execute("CREATE TABLE other (id INTEGER PRIMARY KEY)");
  project.execute("DROP TABLE other"); // an empty database: nothing to lose, nothing refused
  CHECK(workflows::run_plan(plan_request(project, "1")).planned.plan.empty());

  project.write_schema(test::k_users_v1);
  REQUIRE(workflows::run_plan(plan_request(project, "1")).files);
  project.apply();

  project.write_schema("version: 1\ntables: []\nviews: []\n");
  const std::string refusal = project.schema().string() + " yields no tables, but the database sqlite:" +
                              project.url().path + " has 1 table: refusing to plan dropping it (pass --allow-empty "
                              "if the schema is meant to have no tables)";
  for (const bool dry_run : {false, true}) {
    auto request = plan_request(project, "2");
    request.dry_run = dry_run;
    try {
      (void)workflows::run_plan(request);
      FAIL("an empty schema file must be refused");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::input);
      CHECK(std::string(e.what()) == refusal);
    }
  }
  CHECK_FALSE(std::filesystem::exists(project.dir() / "2_add_users.up.sql"));

  workflows::DriftRequest drift;
  drift.target = project.target();
  drift.schema_path = project.schema();
  CHECK_THROWS_WITH(workflows::run_drift(drift), refusal);
  drift.allow_empty = true;
  CHECK(workflows::run_drift(drift).planned.plan.steps.size() == 1);

  auto allowed = plan_request(project, "2");
  allowed.allow_empty = true;
  const auto dropped = workflows::run_plan(allowed);
  REQUIRE(dropped.files);
  REQUIRE(dropped.planned.plan.steps.size() == 1);
  CHECK(schemas::operation_kind(dropped.planned.plan.steps[0].operation) == "DropTable");
}

TEST_CASE("workflows: the history gate decides out-of-order files once", "[workflows]")
{
  Project project;
  project.write_migration("1", "a", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", "DROP TABLE a;\n");
  project.write_migration("3", "c", "CREATE TABLE c (id INTEGER PRIMARY KEY);\n", "DROP TABLE c;\n");
  project.apply();
  project.write_migration("2", "b", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n", "DROP TABLE b;\n");

  auto db = workflows::open_database(project.url());
  const auto directory = migrations::Directory::open(project.dir());
  const auto gate = workflows::read_history_gate(db, directory);
  CHECK(gate.status.out_of_order == std::vector<std::string>{"2"});
  CHECK(gate.status.pending == std::vector<std::string>{"2"});
  REQUIRE(gate.replay_blockers().size() == 1);
  CHECK(gate.replay_blockers()[0].find("2_b.up.sql is not applied but is older than the applied version 3") !=
        std::string::npos);
  CHECK_THROWS_AS(workflows::require_replayable(gate), IntegrityError);
  CHECK_THROWS_WITH(workflows::refuse_unless_current(gate, "sqlite:app.db"), Catch::Contains("2_b.up.sql"));

  // apply refuses the same file for the same reason.
  CHECK_THROWS_WITH(project.apply(), Catch::Contains("is out of order"));
}

TEST_CASE("workflows: the schema file's thread prepares the desired schema for the target, and again for another "
          "database",
          "[workflows]")
{
  Project project;
  project.write_schema(test::users_yaml("      - { name: score, type: \"numeric(5,2)\", default: \"0\" }\n",
                                        "    indexes:\n      - { name: users_live, columns: [email], where: \"score > 0\" }\n"));
  project.apply(); // the database file, empty of tables
  auto db = workflows::open_database(project.url());
  const workflows::Source source = workflows::source_of(db);
  const auto expected = workflows::prepare_desired(workflows::load_desired(project.schema()), source.dialect,
                                                   workflows::default_schema_of(source));

  SECTION("prepared for the target it plans against")
  {
    const auto target = project.target();
    workflows::DesiredLoad load(project.schema(), workflows::engine_of(target), &target);
    const auto prepared = load.get().for_source(source);
    CHECK(prepared.fits(source));
    CHECK(prepared.normal == expected.normal);
    CHECK(prepared.options == expected.options);
    REQUIRE(prepared.text.tables.size() == 1);
    CHECK(prepared.text.tables[0].indexes.at(0).where == "score > 0"); // as written
  }
  SECTION("prepared for another engine's target: the file is loaded and prepared again for this one")
  {
    const workflows::Target postgres{dialects::DbUrl::parse("postgres://nobody@127.0.0.1:1/none"), {}};
    workflows::DesiredLoad load(project.schema(), nullptr, &postgres); // never connects
    const auto prepared = load.get().for_source(source);
    CHECK(prepared.fits(source));
    CHECK(prepared.normal == expected.normal);
  }
  SECTION("loaded without a target: prepared when asked")
  {
    workflows::DesiredLoad load(project.schema(), nullptr);
    CHECK(load.get().for_source(source).normal == expected.normal);
  }
  SECTION("a schema prepared for another source is refused by plan_against")
  {
    const workflows::Target postgres{dialects::DbUrl::parse("postgres://nobody@127.0.0.1:1/none"), {}};
    workflows::PreparedDesired other = workflows::prepare_desired(workflows::load_desired(project.schema()),
                                                                   dialects::dialect_for(*postgres.url), "public");
    CHECK_FALSE(other.fits(source));
    CHECK_THROWS_AS(workflows::plan_against(source, std::move(other)), Error);
  }
}

TEST_CASE("workflows: a desired schema whose normal form fails on the target's engine is reported where the plan "
          "reported it, after the database's own refusal",
          "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  project.write_migration("1", "users", "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);");
  project.execute("CREATE TABLE kept (id integer PRIMARY KEY);"); // the file exists, the migration is pending
  // PostgreSQL's row-level security on SQLite: the file loads, its normal form for SQLite fails.
  project.write_schema(test::users_yaml("", "    row_level_security: true\n"));
  auto request = plan_request(project, "2");
  try {
    (void)workflows::run_plan(request);
    FAIL("the pending file must be refused first");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("1_users.up.sql") != std::string::npos);
  }
  project.apply();
  CHECK_THROWS_WITH(workflows::run_plan(request), Catch::Contains("row-level security"));
}
