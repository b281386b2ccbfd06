// Issue 16, the project file on the real binary (SQLite): strata.yaml found above the working
// directory gives the schema, the migration folder and the environments' databases (relative to
// its folder); --env selects one, before $STRATA_DB and after --db; an environment of several
// databases runs apply, status and drift on each (a fleet) and is refused by commands that work on one;
// `strata config` shows where each setting came from; a bad file is an error at its line.

#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const char* const k_project = R"y(version: 1
schema: db/schema.yaml
dir: db/migrations
environments:
  dev: { db: sqlite:dev.db }
  both:
    db:
      - sqlite:a.db
      - b.db
)y";

ProcessOptions in_folder(const Workspace& ws, const std::string& folder, std::map<std::string, std::string> env = {})
{
  std::filesystem::create_directories(ws.path(folder));
  ProcessOptions options;
  options.cwd = ws.path(folder);
  options.env = std::move(env);
  return options;
}

ProcessResult expect(const Workspace& ws, const std::vector<std::string>& args, int code,
                     ProcessOptions options)
{
  auto result = ws.strata(args, std::move(options));
  INFO(result.describe());
  CHECK(result.exit_code == code);
  return result;
}

} // namespace

TEST_CASE("strata.yaml above the working directory names the schema, the folder and the databases",
          "[e2e][project]")
{
  Workspace ws;
  ws.write("strata.yaml", k_project);
  ws.write("db/schema.yaml", one_table_yaml("notes", "\n      - { name: id, type: integer }\n"));
  const auto deep = in_folder(ws, "src/deep");
  expect(ws, {"plan", "--env", "dev", "--name", "init"}, 2, deep);
  CHECK(std::filesystem::exists(ws.path("db/migrations/strata.sum")));
  expect(ws, {"apply", "--env", "dev"}, 0, deep);
  CHECK(std::filesystem::exists(ws.path("dev.db")));
  CHECK_FALSE(std::filesystem::exists(ws.path("src/deep/dev.db")));

  // --env before $STRATA_DB; --db before --env.
  const auto shell_db = in_folder(ws, "src/deep", {{"STRATA_DB", "sqlite:" + ws.path("other.db").string()}});
  CHECK(contains(expect(ws, {"status", "--env", "dev"}, 0, shell_db).out, "pending: none"));
  CHECK(contains(expect(ws, {"status"}, 1, shell_db).err, "other.db"));
  const auto flag = expect(ws, {"status", "--env", "dev", "--db", ws.path("missing.db").string()}, 1, shell_db);
  CHECK(contains(flag.err, "missing.db"));

  // Several databases: apply and status run on each in turn; plan works on one.
  const auto both = expect(ws, {"apply", "--env", "both"}, 0, deep);
  CHECK(contains(both.out, "[1/2] sqlite:../../a.db: applied 1 file"));
  CHECK(contains(both.out, "[2/2] sqlite:../../b.db: applied 1 file"));
  CHECK(std::filesystem::exists(ws.path("a.db")));
  CHECK(std::filesystem::exists(ws.path("b.db")));
  expect(ws, {"status", "--env", "both"}, 0, deep);
  expect(ws, {"drift", "--env", "both"}, 0, deep);
  // A second migration applied to a.db only: drift exits 2 as one database of the two drifted.
  ws.write("db/schema.yaml", one_table_yaml("notes", "\n      - { name: id, type: integer }\n      - { name: body, type: text }\n"));
  expect(ws, {"plan", "--db", ws.path("a.db").string(), "--name", "body"}, 2, deep);
  expect(ws, {"apply", "--db", ws.path("a.db").string()}, 0, deep);
  const auto drift = expect(ws, {"drift", "--env", "both"}, 2, deep);
  CHECK(contains(drift.out, "[2/2] sqlite:../../b.db: drifted from "));
  const auto refused = expect(ws, {"plan", "--env", "both"}, 64, deep);
  CHECK(contains(refused.err, "environment \"both\" lists 2 databases and this command works on one"));

  const auto config = expect(ws, {"config", "--env", "both", "--format", "json"}, 0, deep);
  const auto doc = Json::parse(config.out);
  CHECK(doc.at("format_version") == 1);
  CHECK(doc.at("project_file") == "../../strata.yaml");
  CHECK(doc.at("schema") == Json{{"value", "../../db/schema.yaml"}, {"source", "../../strata.yaml:2:9"}});
  CHECK(doc.at("dir").at("value") == "../../db/migrations");
  REQUIRE(doc.at("databases").size() == 2);
  CHECK(doc.at("databases")[1] == Json{{"value", "sqlite:../../b.db"}, {"source", "environment both, ../../strata.yaml:9:9"}});
  CHECK(doc.at("lint").at("fail_on").at("value") == "high");

  const auto unknown = expect(ws, {"status", "--env", "prod"}, 64, deep);
  CHECK(contains(unknown.err, "unknown environment \"prod\"; ../../strata.yaml defines: dev, both"));
}

TEST_CASE("apply over several databases stops at the first that fails", "[e2e][project]")
{
  Workspace ws;
  ws.write("strata.yaml", "environments:\n  all: { db: [one.db, two.db, three.db] }\n");
  write_migration(ws, "1", "init", "CREATE TABLE t (id integer PRIMARY KEY);\n", "DROP TABLE t;\n");
  require_exit(ws.strata({"hash"}), 0);
  ws.write("two.db", "not a database\n");
  const auto result = ws.strata({"apply", "--env", "all"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "[2/3] sqlite:two.db: failed: "));
  CHECK(contains(result.out, "[3/3] sqlite:three.db: not run: an earlier target failed (--on-error stop)"));
  CHECK(std::filesystem::exists(ws.path("one.db")));
  CHECK_FALSE(std::filesystem::exists(ws.path("three.db")));
}

TEST_CASE("a bad project file is an error at its line, for every command that reads a setting", "[e2e][project]")
{
  Workspace ws;
  ws.write("strata.yaml", "version: 1\nmigrations: db\nenvironments:\n  prod: { db: \"postgres://app:${env:STRATA_TEST_UNSET_PW}@h/app\" }\n");
  const auto bad = ws.strata({"status"});
  INFO(bad.describe());
  CHECK(bad.exit_code == 1);
  CHECK(contains(bad.err, "strata.yaml:2:1: unknown key \"migrations\""));
  ws.write("strata.yaml", "version: 1\nenvironments:\n  prod: { db: \"postgres://app:${env:STRATA_TEST_UNSET_PW}@h/app\" }\n");
  ProcessOptions without;
  without.unset_env = {"STRATA_TEST_UNSET_PW"};
  const auto unset = ws.strata({"config", "--env", "prod"}, without);
  INFO(unset.describe());
  CHECK(unset.exit_code == 1);
  CHECK(contains(unset.err, "strata.yaml:3:31: environment variable STRATA_TEST_UNSET_PW is not set"));
  require_exit(ws.strata({"version"}), 0); // commands that read no setting do not read the file
}

TEST_CASE("lint takes its threshold and the codes it never reports from the project file", "[e2e][project]")
{
  Workspace ws;
  write_migration(ws, "1", "init", "CREATE TABLE t (id integer PRIMARY KEY, x integer);\n", "DROP TABLE t;\n");
  write_migration(ws, "2", "clear", "UPDATE t SET x = 1;\nDELETE FROM t;\n", "SELECT 1;\n");
  require_exit(ws.strata({"hash"}), 0);
  ws.write("strata.yaml", "dev_db: \"sqlite::memory:\"\nlint: { fail_on: medium, disable: [S602] }\n");
  const auto medium = ws.strata({"lint"});
  INFO(medium.describe());
  CHECK(medium.exit_code == 1); // S601 is medium
  CHECK(contains(medium.out, "S601"));
  CHECK_FALSE(contains(medium.out, "S602"));
  require_exit(ws.strata({"lint", "--fail-on", "high"}), 0); // the flag before the file
  ws.write("strata.yaml", "dev_db: \"sqlite::memory:\"\nlint: { disable: [S601, S602] }\n");
  const auto none = ws.strata({"lint"});
  require_exit(none, 0);
  CHECK_FALSE(contains(none.out, "S60"));
  ws.write("other.yaml", "dev_db: \"sqlite::memory:\"\nlint: { fail_on: high }\n");
  const auto other = ws.strata({"lint", "--project", "other.yaml"});
  CHECK(other.exit_code == 1); // S602 is high, and other.yaml disables nothing
  CHECK(contains(other.out, "S602"));
}
