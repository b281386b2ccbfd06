// The offline folder workflows (new, hash, validate) and inspect, on temporary folders and a
// SQLite file, through the library (no binary).
#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "schemas/yaml.hpp"
#include "tests/unit/workflows/workflow_fixture.hpp"
#include "workflows/folder.hpp"
#include "workflows/inspect.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace strata;
using strata::test::Project;

namespace {

std::string read_text(const std::filesystem::path& path)
{
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("workflows: new writes the next up/down pair and strata.sum, and refuses a bad slug or an edited folder",
          "[workflows]")
{
  Project project;
  const auto dir = project.dir() / "fresh"; // created by the workflow
  const auto first = workflows::create_migration({dir, "backfill_emails"});
  CHECK(first.up == dir / (first.version + "_backfill_emails.up.sql"));
  CHECK(first.down == dir / (first.version + "_backfill_emails.down.sql"));
  CHECK_THAT(read_text(first.up), Catch::StartsWith("-- strata: version " + first.version + "\n"));
  CHECK_THAT(read_text(first.down), Catch::Contains("undoes " + first.up.filename().string()));
  const auto directory = migrations::Directory::open(dir);
  CHECK(directory.migrations().size() == 1);
  CHECK(directory.verify_sum().empty());

  CHECK_THROWS_AS(workflows::create_migration({dir, "no spaces"}), Error);
  CHECK_THROWS_AS(workflows::create_migration({dir, ""}), Error);

  test::write_text(first.up, read_text(first.up) + "SELECT 1;\n"); // edited without `strata hash`
  CHECK_THROWS_AS(workflows::create_migration({dir, "second"}), IntegrityError);
  CHECK(migrations::Directory::open(dir).migrations().size() == 1);
}

TEST_CASE("workflows: hash accepts a hand edit into strata.sum and refuses a missing folder", "[workflows]")
{
  Project project;
  project.write_migration("001", "users", "CREATE TABLE users (id INTEGER);\n");
  test::write_text(project.dir() / "001_users.up.sql", "CREATE TABLE users (id INTEGER, email TEXT);\n");
  REQUIRE(migrations::Directory::open(project.dir()).verify_sum().size() == 1);

  const auto result = workflows::rehash(project.dir());
  CHECK(result.sum_file == project.dir() / "strata.sum");
  CHECK(result.migrations == 1);
  REQUIRE(result.accepted.size() == 1);
  CHECK_THAT(result.accepted[0], Catch::Contains("001_users.up.sql"));
  CHECK(migrations::Directory::open(project.dir()).verify_sum().empty());

  try {
    (void)workflows::rehash(project.dir() / "nowhere");
    FAIL("a missing folder must be refused");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK_THAT(e.what(), Catch::Contains("does not exist"));
  }
}

TEST_CASE("workflows: validate reports schema diagnostics and folder problems separately", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v2);
  project.write_migration("001", "users", "CREATE TABLE users (id INTEGER);\n");
  const auto ok = workflows::validate({project.schema(), project.dir()});
  CHECK(ok.problems() == 0);
  CHECK(ok.schema_ok());
  CHECK(ok.tables == 1);
  CHECK(ok.views == 0);
  CHECK(ok.migrations == 1);

  const auto folder_only = workflows::validate({std::nullopt, project.dir()});
  CHECK_FALSE(folder_only.schema_path);
  CHECK_FALSE(folder_only.schema_ok());
  CHECK(folder_only.problems() == 0);

  project.write_schema("version: 1\ntables:\n  - name: users\n    colums: []\n");
  test::write_text(project.dir() / "001_users.up.sql", "CREATE TABLE users (id INTEGER, email TEXT);\n");
  const auto bad = workflows::validate({project.schema(), project.dir()});
  CHECK_FALSE(bad.schema_problems.empty());
  CHECK_THAT(bad.schema_problems[0], Catch::Contains("schema.yaml:"));
  REQUIRE(bad.folder_problems.size() == 1);
  CHECK_THAT(bad.folder_problems[0], Catch::Contains("001_users.up.sql"));
  CHECK(bad.problems() == bad.schema_problems.size() + 1);

  test::write_text(project.dir() / "not_a_migration.up.sql", "SELECT 1;\n");
  const auto unreadable = workflows::validate({std::nullopt, project.dir()});
  CHECK(unreadable.folder_problems.size() == 1); // the folder cannot be opened: its one error
}

// Issue 13: the names an engine refuses or changes, found offline when --db names the engine.
TEST_CASE("workflows: validate checks names against the engine --db names, without connecting", "[workflows]")
{
  Project project;
  const std::string long_name(64, 'n'); // 64 bytes: PostgreSQL keeps 63
  project.write_schema("version: 1\ntables:\n  - name: " + long_name +
                       "\n    columns:\n      - { name: \"id \", type: integer }\n");
  const auto portable = workflows::validate({project.schema(), project.dir()});
  CHECK(portable.problems() == 0);
  CHECK(portable.engine.empty());

  // Nothing listens there: validate only takes the engine from the URL.
  const auto on_postgres =
    workflows::validate({project.schema(), project.dir(), dialects::DbUrl::parse("postgres://u:pw@127.0.0.1:1/db")});
  CHECK(on_postgres.engine == "postgres");
  REQUIRE(on_postgres.schema_problems.size() == 1);
  CHECK_THAT(on_postgres.schema_problems[0],
             Catch::StartsWith(project.schema().string() + ":3:5: table \"" + long_name + "\": name is 64 bytes long"));

  const auto on_mysql =
    workflows::validate({project.schema(), project.dir(), dialects::DbUrl::parse("mysql://u:pw@127.0.0.1:1/db")});
  REQUIRE(on_mysql.schema_problems.size() == 1);
  CHECK_THAT(on_mysql.schema_problems[0],
             Catch::Contains(":5:9: table \"" + long_name + "\": column \"id \": name ends with a space"));

  const auto on_sqlite = workflows::validate({project.schema(), project.dir(), project.url()});
  CHECK(on_sqlite.problems() == 0);
  CHECK_FALSE(std::filesystem::exists(project.url().path)); // never opened
}

TEST_CASE("workflows: inspect reads the live schema as YAML and writes it when asked", "[workflows]")
{
  Project project;
  project.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)");
  const auto shown = workflows::run_inspect({project.target(), {}});
  REQUIRE(shown.live.tables.size() == 1);
  CHECK(shown.live.tables[0].name == "users");
  CHECK_THAT(shown.text, Catch::Contains("name: users"));
  CHECK(schemas::load_string(shown.text, "inspected").ok());

  const auto file = project.dir() / "live.yaml";
  const auto written = workflows::run_inspect({project.target(), file});
  CHECK(read_text(file) == written.text);
  CHECK(written.text == shown.text);
}

TEST_CASE("workflows: inspect's DDL builds the same schema in an empty database", "[workflows]")
{
  Project project;
  project.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)");
  project.execute("CREATE UNIQUE INDEX users_email_idx ON users (email)");
  project.execute("CREATE VIEW user_emails AS SELECT email FROM users");
  const auto file = project.dir() / "live.sql";
  const auto ddl = workflows::run_inspect({project.target(), file, true});
  CHECK(read_text(file) == ddl.text);
  CHECK(ddl.engine == "sqlite");
  CHECK_THAT(ddl.text, Catch::Contains("CREATE TABLE"));
  CHECK_THAT(ddl.text, Catch::Contains("CREATE VIEW"));

  // Run on an empty database, the statements give back the inspected schema.
  Project copy;
  copy.execute("SELECT 1");
  size_t from = 0;
  for (size_t end = ddl.text.find(";\n"); end != std::string::npos; end = ddl.text.find(";\n", from)) {
    copy.execute(ddl.text.substr(from, end - from));
    from = end + 2;
  }
  CHECK(from == ddl.text.size());
  CHECK(workflows::run_inspect({copy.target(), {}}).live == ddl.live);
}
