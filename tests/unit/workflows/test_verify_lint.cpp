// The verify and lint workflows on SQLite, through the library: structured problems and findings.
#include "schemas/error.hpp"
#include "tests/unit/workflows/workflow_fixture.hpp"
#include "workflows/lint.hpp"
#include "workflows/verify.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata;
using strata::test::Project;

namespace {

workflows::VerifyRequest verify_request(const Project& project)
{
  workflows::VerifyRequest request;
  request.dir = project.dir();
  request.schema_path = project.schema();
  request.dev_db = dialects::DbUrl::parse("sqlite::memory:");
  return request;
}

const char* const k_users_up = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n";

} // namespace

TEST_CASE("workflows: verify passes a folder that gives schema.yaml and checks its round trip", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  project.write_migration("1", "users", k_users_up, "DROP TABLE users;\n");
  const auto report = workflows::run_verify(verify_request(project));
  CHECK(report.ok());
  CHECK(report.engine == "sqlite");
  CHECK(report.migrations == 1);
  CHECK(report.replayed == 1);
  CHECK(report.round_trips == 1);
}

TEST_CASE("workflows: verify reports duplicate versions and strata.sum problems as structured values", "[workflows]")
{
  Project project;
  project.write_schema(test::k_users_v1);
  project.write_migration("1", "users", k_users_up, "DROP TABLE users;\n");
  test::write_text(project.dir() / "001_again.up.sql", "SELECT 1;\n");
  auto report = workflows::run_verify(verify_request(project));
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].kind == "duplicate");
  CHECK(report.problems[0].file == "1_users.up.sql");
  CHECK(report.problems[0].message.find("as does 001_again.up.sql") != std::string::npos);

  std::filesystem::remove(project.dir() / "001_again.up.sql");
  test::write_text(project.dir() / "1_users.up.sql", std::string(k_users_up) + "-- edited\n");
  report = workflows::run_verify(verify_request(project));
  REQUIRE_FALSE(report.problems.empty());
  CHECK(report.problems[0].kind == "sum");
  CHECK(report.problems[0].file == "1_users.up.sql");
  CHECK_FALSE(report.problems[0].line);

  test::write_text(project.dir() / "strata.sum", "h1:abc\nnot a line\n");
  report = workflows::run_verify(verify_request(project));
  const auto malformed = std::find_if(report.problems.begin(), report.problems.end(),
                                      [](const workflows::VerifyProblem& p) { return p.line.has_value(); });
  REQUIRE(malformed != report.problems.end());
  CHECK(malformed->file == "strata.sum");
  CHECK(*malformed->line == 2);
}

TEST_CASE("workflows: verify names a file older than the target's applied version", "[workflows]")
{
  Project project;
  project.write_schema(R"(version: 1
tables:
  - { name: a, columns: [{ name: id, type: integer }], primary_key: [id] }
  - { name: b, columns: [{ name: id, type: integer }], primary_key: [id] }
  - { name: c, columns: [{ name: id, type: integer }], primary_key: [id] }
)");
  project.write_migration("1", "a", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", "DROP TABLE a;\n");
  project.write_migration("3", "c", "CREATE TABLE c (id INTEGER PRIMARY KEY);\n", "DROP TABLE c;\n");
  project.apply();
  project.write_migration("2", "b", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n", "DROP TABLE b;\n");
  auto request = verify_request(project);
  request.target = project.target();
  const auto report = workflows::run_verify(request);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].kind == "order");
  CHECK(report.problems[0].file == "2_b.up.sql");
  CHECK(report.problems[0].message.find("older than its applied version 3") != std::string::npos);
  CHECK(report.round_trips == 1); // only the pending file's
}

TEST_CASE("workflows: lint classifies a hand-written DROP COLUMN and fails at high", "[workflows]")
{
  Project project;
  project.write_migration("1", "users", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, bio TEXT);\n",
                          "DROP TABLE users;\n");
  project.write_migration("2", "drop_bio", "-- no longer shown\nALTER TABLE users DROP COLUMN bio;\n",
                          "ALTER TABLE users ADD COLUMN bio TEXT;\n");
  workflows::LintRequest request;
  request.dir = project.dir();
  request.dev_db = dialects::DbUrl::parse("sqlite::memory:");
  request.files = {"2"};
  const auto report = workflows::run_lint(request);
  REQUIRE(report.files.size() == 1);
  CHECK(report.files[0].version == "2");
  const auto& findings = report.files[0].findings;
  const auto d102 = std::find_if(findings.begin(), findings.end(),
                                 [](const workflows::LintFinding& f) { return f.code == "D102"; });
  REQUIRE(d102 != findings.end());
  CHECK(d102->line == 2);
  CHECK(d102->level == "high");
  CHECK(d102->statement == "ALTER TABLE users DROP COLUMN bio");
  CHECK(report.operations_by_kind.at("DropColumn") == 1);
  CHECK(report.findings_by_level().at("high") >= 1);
  CHECK(workflows::fails_at(report, schemas::RiskLevel::high));
}
