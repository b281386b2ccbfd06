// Resolution of one run's settings: the order flag > variable > project file > default (--env
// before $STRATA_DB for the database), paths of the project file relative to its folder, --env
// errors, and URLs that never show a password.

#include "tests/support/temp_dir.hpp"
#include "workflows/settings.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace strata;
using workflows::Settings;

namespace {

schemas::VariableLookup variables(std::map<std::string, std::string> values)
{
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

const char* const k_project = R"y(version: 1
schema: db/schema.yaml
dir: /abs/migrations
dev_db: sqlite:scratch.db
lint: { fail_on: medium, disable: [D102] }
environments:
  dev: { db: sqlite:data/dev.db }
  prod:
    db:
      - postgres://app:${env:PROD_PASSWORD}@db1.internal/app
      - postgres://app:${env:PROD_PASSWORD}@db2.internal/app
  broken: { db: "mysql://u:${env:PROD_PASSWORD}@h" }
)y";

Settings with_project(const std::string& environment, std::map<std::string, std::string> values = {})
{
  return Settings(schemas::parse_project(k_project, "proj/strata.yaml"), environment, variables(std::move(values)));
}

} // namespace

TEST_CASE("without a project file the settings are those of flags, variables and defaults", "[settings]")
{
  const Settings none(std::nullopt, "", variables({{"STRATA_DIR", "env-migrations"}, {"STRATA_DB", "sqlite:env.db"}}));
  CHECK(none.schema("").value == "schema.yaml");
  CHECK(none.schema("").source == "default");
  CHECK(none.schema("s.yaml").source == "--schema");
  CHECK(none.dir("").value == "env-migrations");
  CHECK(none.dir("").source == "$STRATA_DIR");
  CHECK(none.dir("d").value == "d");
  REQUIRE(none.databases("").size() == 1);
  CHECK(none.databases("").front().source == "$STRATA_DB");
  CHECK(none.databases("sqlite:flag.db").front().url.path == "flag.db");
  CHECK_FALSE(none.dev_db(""));
  CHECK(none.fail_on("").value == "high");
  CHECK(none.disabled_codes().empty());
  const Settings empty(std::nullopt, "", variables({{"STRATA_DB", ""}}));
  CHECK(empty.databases("").empty()); // an empty variable is an unset one
}

TEST_CASE("the project file sits between the variables and the defaults, relative to its folder", "[settings]")
{
  const auto settings = with_project("");
  CHECK(settings.schema("").value == "proj/db/schema.yaml");
  CHECK(settings.schema("").source == "proj/strata.yaml:2:9");
  CHECK(settings.dir("").value == "/abs/migrations");
  CHECK(settings.dev_db("")->url.path == "proj/scratch.db");
  CHECK(settings.dev_db("")->source == "proj/strata.yaml:4:9");
  CHECK(settings.fail_on("").value == "medium");
  CHECK(settings.fail_on("high").value == "high");
  CHECK(settings.disabled_codes() == std::vector<std::string>{"D102"});
  CHECK(settings.databases("").empty()); // no --env: the file names no database
  const auto overridden = Settings(schemas::parse_project(k_project, "proj/strata.yaml"), "",
                                   variables({{"STRATA_SCHEMA", "mine.yaml"}, {"STRATA_DEV_DB", "sqlite::memory:"}}));
  CHECK(overridden.schema("").value == "mine.yaml");
  CHECK(overridden.schema("flag.yaml").value == "flag.yaml");
  CHECK(overridden.dev_db("")->url.path == ":memory:");
  CHECK(overridden.dev_db("")->source == "$STRATA_DEV_DB");
  const Settings bare(schemas::parse_project("version: 1\n", "up/strata.yaml"), "", variables({}));
  CHECK(bare.schema("").value == "up/schema.yaml"); // the defaults too are the project folder's
  CHECK(bare.dir("").value == "up/migrations");
}

TEST_CASE("the databases of --env come before $STRATA_DB and after --db", "[settings]")
{
  const auto dev = with_project("dev", {{"STRATA_DB", "sqlite:shell.db"}});
  REQUIRE(dev.environment() != nullptr);
  CHECK(dev.environment()->name == "dev");
  REQUIRE(dev.databases("").size() == 1);
  CHECK(dev.databases("").front().url.path == "proj/data/dev.db");
  CHECK(dev.databases("").front().url.original == "sqlite:proj/data/dev.db");
  CHECK(dev.databases("").front().source == "environment dev, proj/strata.yaml:7:14");
  CHECK(dev.databases("sqlite:flag.db").front().url.path == "flag.db");
  CHECK(dev.databases("sqlite:flag.db").front().source == "--db");
  const auto prod = with_project("prod", {{"PROD_PASSWORD", "hunter2"}});
  const auto databases = prod.databases("");
  REQUIRE(databases.size() == 2);
  CHECK(databases[0].url.password == "hunter2");
  CHECK(databases[1].url.host == "db2.internal");
  CHECK(databases[1].url.redacted() == "postgres://app:***@db2.internal/app");
}

TEST_CASE("an unset variable or a bad URL is an error at its place in the project file", "[settings]")
{
  const auto prod = with_project("prod");
  CHECK_THROWS_WITH(prod.databases(""),
                    "proj/strata.yaml:10:24: environment variable PROD_PASSWORD is not set (${env:PROD_PASSWORD})");
  CHECK_NOTHROW(with_project("dev").databases("")); // only the environment used is expanded
  CHECK_NOTHROW(prod.databases("sqlite:x.db"));
  try {
    with_project("broken", {{"PROD_PASSWORD", "hunter2"}}).databases("");
    FAIL("a MySQL URL without a database must be refused");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.rfind("proj/strata.yaml:12:17: environment broken: ", 0) == 0);
    CHECK(message.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("an unknown --env name lists the known ones, and needs a project file", "[settings]")
{
  CHECK_THROWS_WITH(with_project("prd"),
                    "unknown environment \"prd\" (did you mean \"prod\"?); proj/strata.yaml defines: dev, prod, broken");
  CHECK_THROWS_WITH(Settings(std::nullopt, "prod", variables({})),
                    "--env prod: no project file (strata.yaml) in this folder or any folder above it (or name one "
                    "with --project FILE)");
  CHECK_THROWS_WITH(Settings(schemas::parse_project("version: 1\n", "strata.yaml"), "prod", variables({})),
                    "--env prod: strata.yaml defines no environments");
}

TEST_CASE("discover finds the project file above the working directory, or takes --project", "[settings]")
{
  test::TempDir root("strata-settings");
  root.write("strata.yaml", "schema: app.yaml\nenvironments: { dev: { db: dev.db } }\n");
  std::filesystem::create_directories(root.path() / "sub" / "deeper");
  const auto found = Settings::discover({"", "dev"}, root.path() / "sub" / "deeper", variables({}));
  REQUIRE(found.project() != nullptr);
  CHECK(found.project()->file == "../../strata.yaml");
  CHECK(found.schema("").value == "../../app.yaml");
  CHECK(found.databases("").front().url.path == "../../dev.db");
  const auto none = Settings::discover({}, std::filesystem::path("/"), variables({}));
  CHECK(none.project() == nullptr);
  root.write("other/conf.yaml", "dir: m\n");
  const auto named = Settings::discover({(root.path() / "other" / "conf.yaml").string(), ""}, "/", variables({}));
  CHECK(named.dir("").value == (root.path() / "other" / "m").string());
  CHECK_THROWS_WITH(Settings::discover({(root.path() / "nope.yaml").string(), ""}, "/", variables({})),
                    "--project " + (root.path() / "nope.yaml").string() + ": no such file");
}
