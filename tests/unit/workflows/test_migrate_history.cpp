// The apply, rollback, repair, status, history and backup workflows on SQLite files, through the
// library (no binary): what they return and what they leave in the database.
#include "schemas/error.hpp"
#include "tests/unit/workflows/workflow_fixture.hpp"
#include "workflows/history.hpp"
#include "workflows/migrate.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace strata;
using strata::test::Project;

namespace {

const char* const k_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, bio TEXT);\n"
                            "INSERT INTO users VALUES (1, 'a@x.org', 'first'), (2, 'b@x.org', NULL);\n";

std::optional<std::string> query_one(const Project& project, const std::string& sql)
{
  auto db = workflows::open_database(project.url());
  return db.connection->query(sql).rows.at(0).at(0);
}

workflows::RunRequest run_request(const Project& project, std::optional<std::string> to = std::nullopt)
{
  workflows::RunRequest request;
  request.target = project.target();
  request.dir = project.dir();
  request.to = std::move(to);
  return request;
}

workflows::HistoryRequest history_request(const Project& project)
{
  return workflows::HistoryRequest{project.target(), project.dir()};
}

} // namespace

TEST_CASE("workflows: apply runs pending files up to --to, rollback runs down files, status and history follow",
          "[workflows]")
{
  Project project;
  project.write_migration("001", "users", k_users, "DROP TABLE users;\n");
  project.write_migration("002", "posts", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n", "DROP TABLE posts;\n");

  auto dry = run_request(project, "001");
  dry.dry_run = true;
  const auto would = workflows::run_apply(dry);
  CHECK(would.dry_run);
  CHECK(would.files == std::vector<std::string>{"001_users.up.sql"});
  CHECK(workflows::run_history(history_request(project)).rows.empty());

  CHECK(workflows::run_apply(run_request(project, "001")).files == std::vector<std::string>{"001_users.up.sql"});
  const auto status = workflows::run_status(history_request(project));
  CHECK(status.ok());
  CHECK(status.migrations == 2);
  CHECK(status.report.current_version == std::optional<std::string>("001"));
  CHECK(status.current_file == "001_users.up.sql");
  CHECK(status.pending_files == std::vector<std::string>{"002_posts.up.sql"});
  CHECK(status.database.find("app.db") != std::string::npos);

  const auto applied = workflows::run_apply(run_request(project));
  CHECK_FALSE(applied.dry_run);
  CHECK(applied.files == std::vector<std::string>{"002_posts.up.sql"});
  CHECK(applied.backups.empty());
  const auto history = workflows::run_history(history_request(project));
  REQUIRE(history.rows.size() == 2);
  CHECK(history.rows[1].version == "002");
  CHECK(history.rows[1].status == "applied");
  CHECK(query_one(project, "SELECT count(*) FROM sqlite_schema WHERE name = 'posts'") == "1");

  const auto rolled = workflows::run_rollback(run_request(project), 1);
  CHECK(rolled.files == std::vector<std::string>{"002_posts.up.sql"});
  CHECK(query_one(project, "SELECT count(*) FROM sqlite_schema WHERE name = 'posts'") == "0");
  CHECK(workflows::run_history(history_request(project)).rows.size() == 1);
  CHECK(workflows::run_status(history_request(project)).report.pending == std::vector<std::string>{"002"});
}

TEST_CASE("workflows: rollback takes exactly one of --to and --steps, before connecting", "[workflows]")
{
  Project project;
  project.write_migration("001", "users", k_users, "DROP TABLE users;\n");
  const auto usage = [&](std::optional<std::string> to, std::optional<int> steps) {
    try {
      (void)workflows::run_rollback(run_request(project, std::move(to)), steps);
    } catch (const Error& e) {
      return e.kind() == ErrorKind::usage ? std::string(e.what()) : std::string("not a usage error");
    }
    return std::string("no error");
  };
  CHECK(usage(std::nullopt, std::nullopt) == "rollback needs exactly one of --to VERSION or --steps N");
  CHECK(usage("001", 1) == "rollback needs exactly one of --to VERSION or --steps N");
  CHECK(usage(std::nullopt, 0) == "--steps must be 1 or more");
  CHECK_FALSE(std::filesystem::exists(project.url().path)); // the database was never opened
}

TEST_CASE("workflows: a destructive file needs approval, then its backup is listed and restored", "[workflows]")
{
  Project project;
  project.write_migration("001", "users", k_users);
  project.write_migration("002", "drop_bio",
                          "-- strata: risk high destructive D102 drop column users.bio (1 non-null values)\n"
                          "-- strata: backup users.bio\n\nALTER TABLE users DROP COLUMN bio;\n",
                          "ALTER TABLE users ADD COLUMN bio TEXT;\n");
  CHECK_THROWS_AS(workflows::run_apply(run_request(project)), SafetyRefusal);
  CHECK(workflows::run_history(history_request(project)).rows.empty()); // 001 came with it: nothing ran

  auto approved = run_request(project);
  approved.executor.yes = true;
  const auto applied = workflows::run_apply(approved);
  CHECK(applied.files == std::vector<std::string>{"001_users.up.sql", "002_drop_bio.up.sql"});
  REQUIRE(applied.backups == std::vector<std::string>{"002-users-bio"});

  const workflows::BackupRequest request{project.target(), project.dir(), "002-users-bio", {}};
  auto listed = workflows::list_backups(request);
  REQUIRE(listed.backups.size() == 1);
  CHECK(listed.backups[0].record.id == "002-users-bio");
  CHECK(listed.backups[0].record.target.column == "bio");
  CHECK(listed.backups[0].version == "002"); // from the history row that references it

  auto rollback = run_request(project, "001");
  rollback.executor.yes = true;
  CHECK(workflows::run_rollback(rollback, std::nullopt).files == std::vector<std::string>{"002_drop_bio.up.sql"});
  listed = workflows::list_backups(request);
  REQUIRE(listed.backups.size() == 1);
  CHECK(listed.backups[0].version == "002"); // the row is gone: from the id's version, a file of the folder
  CHECK(query_one(project, "SELECT bio FROM users WHERE id = 1") == std::nullopt);

  // Restoring changes the database: without --yes and without a terminal it is refused (exit 3).
  CHECK_THROWS_AS(workflows::restore_backup(request), SafetyRefusal);
  CHECK(query_one(project, "SELECT bio FROM users WHERE id = 1") == std::nullopt);
  auto approved_restore = request;
  approved_restore.executor.yes = true;
  const auto restored = workflows::restore_backup(approved_restore);
  CHECK(restored.id == "002-users-bio");
  CHECK(query_one(project, "SELECT bio FROM users WHERE id = 1") == "first");
  auto unknown = request;
  unknown.id = "nope";
  CHECK_THROWS_AS(workflows::restore_backup(unknown), Error);
}

TEST_CASE("workflows: repair shows the dirty version with its failed statement, then resolves it", "[workflows]")
{
  Project project;
  project.write_migration("001", "users", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n");
  workflows::RepairRequest request{project.target(), project.dir(), std::nullopt, {}};
  try {
    (void)workflows::run_repair(request);
    FAIL("a SQLite file that does not exist is refused, not created");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK_THAT(e.what(), Catch::Contains("does not exist"));
  }
  CHECK_FALSE(std::filesystem::exists(project.url().path));
  project.execute("SELECT 1"); // the database now exists, empty
  try {
    (void)workflows::run_repair(request);
    FAIL("nothing is dirty on a fresh database");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK_THAT(e.what(), Catch::Contains("nothing to repair"));
  }

  project.apply();
  project.execute("UPDATE strata_schema_history SET status = 'dirty', message = 'boom', failed_statement = 2, "
                  "failed_line = 2");
  const auto shown = workflows::run_repair(request);
  CHECK_FALSE(shown.repaired);
  CHECK(shown.dirty.version == "001");
  CHECK(shown.file == "001_users.up.sql");
  CHECK(shown.failed_sql.find("CREATE TABLE b") != std::string::npos);
  const auto status = workflows::run_status(history_request(project));
  CHECK_FALSE(status.ok());
  REQUIRE(status.dirty.size() == 1);
  CHECK(status.dirty[0].file == "001_users.up.sql");

  request.action = migrations::RepairAction::resolved;
  // An action changes the database: refused without --yes and a terminal, and when answered no.
  CHECK_THROWS_AS(workflows::run_repair(request), SafetyRefusal);
  std::string asked;
  request.executor.confirm = [&asked](const std::string& question) {
    asked = question;
    return false;
  };
  CHECK_THROWS_AS(workflows::run_repair(request), SafetyRefusal);
  CHECK_THAT(asked, Catch::Contains("repair the dirty version 001 (001_users.up.sql)"));
  CHECK(workflows::run_history(history_request(project)).rows.at(0).status == "dirty");
  request.executor.confirm = [](const std::string&) { return true; };
  const auto repaired = workflows::run_repair(request);
  REQUIRE(repaired.repaired);
  CHECK(repaired.repaired->outcome == "applied");
  CHECK(workflows::run_status(history_request(project)).ok());
  CHECK(workflows::run_history(history_request(project)).rows.at(0).status == "applied");
}
