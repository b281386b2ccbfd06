// The project file's loader: what it reads, every problem at its file:line:col, ${env:NAME}
// references expanded only on use, and the walk up to the nearest strata.yaml.

#include "schemas/project.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <map>

using strata::SchemaError;
using namespace strata::schemas;
using Lines = std::vector<std::string>;

namespace {

// The diagnostics `parse` throws (none: empty).
Lines problems_of(const std::function<void()>& parse)
{
  try {
    parse();
  } catch (const SchemaError& e) {
    Lines out;
    for (const auto& d : e.diagnostics()) {
      out.push_back(d.str());
    }
    return out;
  }
  return {};
}

Lines project_problems(const std::string& text)
{
  return problems_of([&] { parse_project(text, "strata.yaml"); });
}

VariableLookup variables(std::map<std::string, std::string> values)
{
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

} // namespace

TEST_CASE("a project file is read with every setting and its position", "[project]")
{
  const auto project = parse_project(R"y(version: 1
schema: db/schema.yaml
dir: db/migrations
dev_db: "sqlite::memory:"
lint:
  fail_on: medium
  disable: [D102, S603]
environments:
  dev: { db: sqlite:dev.db }
  prod:
    db:
      - postgres://app@db1/app
      - postgres://app@db2/app
)y",
                                     "conf/strata.yaml");
  REQUIRE(project.schema);
  CHECK(project.schema->written == "db/schema.yaml");
  CHECK(project.schema->location.str() == "conf/strata.yaml:2:9");
  CHECK(project.dir->written == "db/migrations");
  CHECK(project.dev_db->written == "sqlite::memory:");
  CHECK(project.fail_on->written == "medium");
  REQUIRE(project.disable.size() == 2);
  CHECK(project.disable[1].written == "S603");
  CHECK(project.environment_names() == Lines{"dev", "prod"});
  CHECK(project.environment("dev")->db.size() == 1);
  REQUIRE(project.environment("prod")->db.size() == 2);
  CHECK(project.environment("prod")->db[1].location.str() == "conf/strata.yaml:13:9");
  CHECK(project.environment("staging") == nullptr);
  CHECK(project.folder() == "conf");
}

TEST_CASE("apply.statement_timeout is read as written, a bad one an error at its place", "[project]")
{
  const auto project = parse_project("version: 1\napply:\n  statement_timeout: 30min\n", "strata.yaml");
  REQUIRE(project.statement_timeout);
  CHECK(project.statement_timeout->written == "30min");
  CHECK(project.statement_timeout->location.str() == "strata.yaml:3:22");
  CHECK(parse_project("apply:\n  statement_timeout: none\n", "strata.yaml").statement_timeout->written == "none");
  CHECK_FALSE(parse_project("version: 1\n", "strata.yaml").statement_timeout);
  CHECK(project_problems("apply:\n  statement_timeout: soon\n") ==
        Lines{"strata.yaml:2:22: apply: \"statement_timeout\" must be a duration such as 500ms, 30s, 10min or 2h, or "
              "none; not \"soon\""});
  CHECK(project_problems("apply:\n  statement-timeout: 1s\n").front().rfind("strata.yaml:2:3: apply: unknown key", 0) == 0);
}

TEST_CASE("an empty project file sets nothing", "[project]")
{
  const auto project = parse_project("", "strata.yaml");
  CHECK_FALSE(project.schema);
  CHECK(project.environments.empty());
}

TEST_CASE("unknown keys and wrong types in the project file are errors at file:line:col", "[project]")
{
  CHECK(project_problems("version: 1\nschemas: x.yaml\n") ==
        Lines{"strata.yaml:2:1: unknown key \"schemas\" (did you mean \"schema\"?)"});
  CHECK(project_problems("version: 2\n") == Lines{"strata.yaml:1:10: unsupported project file version \"2\" (expected 1)"});
  CHECK(project_problems("schema: [a, b]\n") == Lines{"strata.yaml:1:9: \"schema\" must be a string"});
  CHECK(project_problems("dir: \"\"\n") == Lines{"strata.yaml:1:6: \"dir\" must not be empty"});
  CHECK(project_problems("lint:\n  fail_on: severe\n  disable: D102\n") ==
        Lines{"strata.yaml:2:12: lint: \"fail_on\" must be high, medium or low, not \"severe\"",
              "strata.yaml:3:12: lint: \"disable\" must be a list"});
  CHECK(project_problems("lint:\n  disable: [D102, D1O2, S600]\n  failon: low\n") ==
        Lines{"strata.yaml:3:3: lint: unknown key \"failon\" (did you mean \"fail_on\"?)",
              "strata.yaml:2:19: lint: \"disable\": unknown lint code \"D1O2\" (did you mean \"D102\"?)",
              "strata.yaml:2:25: lint: \"disable\": S600 (a file that fails to replay) cannot be disabled"});
  CHECK(project_problems("environments:\n  prod:\n    url: postgres://h/db\n") ==
        Lines{"strata.yaml:3:5: environment \"prod\": unknown key \"url\"",
              "strata.yaml:3:5: environment \"prod\": missing required key \"db\" (a database URL or a list of them)"});
  CHECK(project_problems("environments:\n  prod: postgres://h/db\n  dev:\n    db: []\n") ==
        Lines{"strata.yaml:2:9: environment \"prod\": an environment must be a map",
              "strata.yaml:4:9: environment \"dev\": \"db\" lists no database"});
  CHECK(project_problems("environments: [prod]\n") == Lines{"strata.yaml:1:15: \"environments\" must be a map"});
  CHECK(project_problems("- a\n") == Lines{"strata.yaml:1:1: the project file must be a map"});
  CHECK(project_problems("schema: a\n  b: c\n") .front().rfind("strata.yaml:2:4: malformed YAML: ", 0) == 0);
}

TEST_CASE("a bad variable reference is an error at its ${", "[project]")
{
  CHECK(project_problems("dev_db: postgres://u:${PW}@h/db\n") ==
        Lines{"strata.yaml:1:22: \"${PW}\" is not a variable reference (write ${env:NAME}, NAME of letters, digits "
              "and _)"});
  CHECK(project_problems("environments:\n  prod: { db: \"x${env:1A}y${env:\" }\n") ==
        Lines{"strata.yaml:2:17: environment \"prod\": \"${env:1A}\" is not a variable reference (write ${env:NAME}, "
              "NAME of letters, digits and _)",
              "strata.yaml:2:27: environment \"prod\": \"${env:\" is not a variable reference (write ${env:NAME}, "
              "NAME of letters, digits and _)"});
}

TEST_CASE("${env:NAME} is expanded on use, an unset variable named at its position", "[project]")
{
  const auto project = parse_project(R"y(environments:
  prod: { db: "postgres://${env:DB_USER}:${env:DB_PASSWORD}@db/app" }
  dev: { db: sqlite:dev.db }
)y",
                                     "strata.yaml");
  const auto& url = project.environment("prod")->db.front();
  REQUIRE(url.references.size() == 2);
  CHECK(url.references[1].name == "DB_PASSWORD");
  CHECK(url.references[1].location.str() == "strata.yaml:2:42");
  const auto expanded = expand(url, variables({{"DB_USER", "app"}, {"DB_PASSWORD", "s3cr${env:X}t"}}));
  CHECK(expanded.text == "postgres://app:s3cr${env:X}t@db/app");
  CHECK(expanded.from_variable);
  const auto plain = expand(project.environment("dev")->db.front(), variables({}));
  CHECK(plain.text == "sqlite:dev.db");
  CHECK_FALSE(plain.from_variable);
  try {
    expand(url, variables({{"DB_USER", "app"}}));
    FAIL("an unset variable must be an error");
  } catch (const SchemaError& e) {
    CHECK(std::string(e.what()) == "strata.yaml:2:42: environment variable DB_PASSWORD is not set (${env:DB_PASSWORD})");
  }
  CHECK(expand(url, variables({{"DB_USER", "app"}, {"DB_PASSWORD", ""}})).text == "postgres://app:@db/app");
}

TEST_CASE("the nearest strata.yaml is found walking up, and none above the root", "[project]")
{
  strata::test::TempDir root("strata-project");
  const auto deep = root.path() / "a" / "b" / "c";
  std::filesystem::create_directories(deep);
  CHECK_FALSE(find_project(deep));
  root.write("strata.yaml", "version: 1\n");
  CHECK(find_project(deep) == root.path() / "strata.yaml");
  root.write("a/b/strata.yaml", "version: 1\n");
  CHECK(find_project(deep) == root.path() / "a" / "b" / "strata.yaml");
  CHECK(find_project(root.path() / "a" / "b" / "c" / "") == root.path() / "a" / "b" / "strata.yaml");
  std::filesystem::create_directories(root.path() / "x" / "strata.yaml"); // a folder of that name is not one
  CHECK(find_project(root.path() / "x") == root.path() / "strata.yaml");
}

TEST_CASE("a project file that cannot be read is an error naming it", "[project]")
{
  strata::test::TempDir root("strata-project");
  CHECK_THROWS_WITH(load_project(root.path() / "strata.yaml"),
                    (root.path() / "strata.yaml").string() + ": cannot read the project file");
}

namespace {

Lines target_problems(const std::string& text)
{
  return problems_of([&] { parse_target_list(text, "targets.txt"); });
}

} // namespace

TEST_CASE("a target list holds one URL per line, comments and blank lines skipped", "[project][fleet]")
{
  const auto list = parse_target_list("# shards\n\n  sqlite:a.db  \npostgres://app:${env:PW}@h/db # eu\n"
                                      "\t# indented comment\nmysql://u@h/x#y\n",
                                      "targets.txt");
  REQUIRE(list.size() == 3);
  CHECK(list[0].written == "sqlite:a.db");
  CHECK(list[0].location.str() == "targets.txt:3:3");
  CHECK(list[1].written == "postgres://app:${env:PW}@h/db");
  REQUIRE(list[1].references.size() == 1);
  CHECK(list[1].references[0].name == "PW");
  CHECK(list[1].references[0].location.str() == "targets.txt:4:16");
  CHECK(list[2].written == "mysql://u@h/x#y"); // a '#' inside a URL is not a comment
  CHECK(expand(list[1], variables({{"PW", "s3cret"}})).text == "postgres://app:s3cret@h/db");
}

TEST_CASE("a bad target list is an error at its line", "[project][fleet]")
{
  CHECK(target_problems("sqlite:a.db\npostgres://app:${PW}@h/db\n") ==
        Lines{"targets.txt:2:16: \"${PW}\" is not a variable reference (write ${env:NAME}, NAME of letters, digits "
              "and _)"});
  CHECK(target_problems("sqlite:a.db sqlite:b.db\n") ==
        Lines{"targets.txt:1:1: one database URL per line (this line holds several words; percent-encode a space in "
              "a URL as %20)"});
  CHECK(target_problems("# nothing\n\n") == Lines{"targets.txt: the target list names no database"});
}
