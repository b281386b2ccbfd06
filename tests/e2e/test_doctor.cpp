// `strata doctor` on every engine: with the project applied, the test's own account (full rights)
// gets no failure and no warning; an account that may only read (support/read_only.hpp: the
// PostgreSQL role with CONNECT, USAGE and SELECT, the MariaDB user with SELECT and SHOW VIEW, the
// SQLite file made 0444 in a 0555 folder) gets the apply group failed with the missing
// privileges named, and exit 1; a dirty history row is reported; and nothing is written (the
// engine's evidence: catalog fingerprints and statement logs, SQLite's bytes).
#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/read_only.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

Json doctor_json(const Workspace& ws, const std::string& url, int exit_code)
{
  const auto result = ws.strata({"doctor", "--db", url, "--dir", "migrations", "--format", "json"});
  INFO(result.describe());
  REQUIRE(result.exit_code == exit_code);
  CHECK_FALSE(contains(result.err, "error:"));
  return Json::parse(result.out);
}

std::string text(const Json& value)
{
  return value.is_string() ? value.get<std::string>() : value.dump();
}

const Json& check_named(const Json& report, const std::string& name)
{
  for (const auto& check : report["checks"]) {
    if (check["name"] == name) {
      return check;
    }
  }
  FAIL("no check named " << name << " in " << report.dump(2));
  static const Json none;
  return none;
}

// The names of the privileges of `check` the account lacks.
std::vector<std::string> missing(const Json& check)
{
  std::vector<std::string> names;
  for (const auto& privilege : check["privileges"]) {
    if (privilege["held"] == false) {
      names.push_back(text(privilege["name"]));
    }
  }
  return names;
}

bool any_starts_with(const std::vector<std::string>& names, const std::string& prefix)
{
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) { return name.rfind(prefix, 0) == 0; });
}

void check_healthy(const Json& report, const Engine& engine)
{
  INFO(report.dump(2));
  CHECK(report["command"] == "doctor");
  CHECK(report["engine"] == engine.name);
  CHECK(report["ok"] == true);
  CHECK(report["counts"]["fail"] == 0);
  CHECK(report["counts"]["warn"] == 0);
  for (const char* name : {"connection", "server version", "history table", "read-only commands", "apply", "backups",
                           "migration lock", "clock"}) {
    CHECK(check_named(report, name)["level"] == "ok");
  }
  CHECK(contains(text(check_named(report, "history table")["detail"]), "present"));
  CHECK(check_named(report, "migration lock")["detail"] == "free");
  if (engine.id == EngineId::sqlite) {
    CHECK(report["clock_skew_seconds"].is_null());
  } else {
    CHECK(std::abs(report["clock_skew_seconds"].get<double>()) < 2.0);
  }
}

} // namespace

TEMPLATE_TEST_CASE("doctor passes a full account, names what a read-only one lacks, and writes nothing",
                   "[e2e][doctor]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto& setup = k_read_only_setups[engine];
  auto ws = engine.workspace();
  setup.apply_project(*ws);

  if (engine.id == EngineId::sqlite) {
    // The file's bytes and modification time stay as they are (the access below checks its own run).
    auto& sqlite_ws = dynamic_cast<SqliteWorkspace&>(*ws);
    const auto bytes = read_text(sqlite_ws.db_path());
    const auto modified = std::filesystem::last_write_time(sqlite_ws.db_path());
    check_healthy(doctor_json(*ws, ws->url(), 0), engine);
    CHECK(read_text(sqlite_ws.db_path()) == bytes);
    CHECK(std::filesystem::last_write_time(sqlite_ws.db_path()) == modified);
  }
  const auto access = setup.read_only_access(*ws);
  if (engine.id != EngineId::sqlite) {
    // The catalog fingerprint the access took covers this run too.
    check_healthy(doctor_json(*ws, ws->url(), 0), engine);
  }

  const bool root = ::geteuid() == 0;
  // Root may write a 0444 file: SQLite's read-only file is then a warning, not a failure.
  const int restricted_exit = engine.id == EngineId::sqlite && root ? 0 : 1;
  const auto report = doctor_json(*ws, access->url(), restricted_exit);
  INFO(report.dump(2));
  CHECK(report["ok"] == (restricted_exit == 0));
  CHECK(check_named(report, "connection")["level"] == "ok");
  CHECK(check_named(report, "read-only commands")["level"] == "ok");
  const auto& apply = check_named(report, "apply");
  const auto lacking = missing(apply);
  switch (engine.id) {
  case EngineId::sqlite:
    CHECK(apply["level"] == (root ? "warn" : "fail"));
    CHECK(any_starts_with(lacking, "write the file " + dynamic_cast<SqliteWorkspace&>(*ws).db_path().string()));
    CHECK(contains(text(apply["detail"]), "read-only"));
    CHECK(contains(text(apply["detail"]), "0444"));
    break;
  case EngineId::postgres:
    CHECK(apply["level"] == "fail");
    CHECK(any_starts_with(lacking, "CREATE on schema public"));
    CHECK(any_starts_with(lacking, "ownership of the objects ALTER and DROP change: not of"));
    CHECK(any_starts_with(lacking, "INSERT, UPDATE, DELETE on strata_schema_history"));
    CHECK(check_named(report, "backups")["level"] == "fail");
    CHECK(contains(apply["fixes"].dump(), "GRANT CREATE ON SCHEMA public TO"));
    break;
  case EngineId::mysql: {
    CHECK(apply["level"] == "fail");
    const std::string level = "`" + ws->database_name() + "`.*";
    for (const char* privilege : {"CREATE", "ALTER", "DROP", "INDEX", "INSERT", "UPDATE", "DELETE"}) {
      CHECK(any_starts_with(lacking, std::string(privilege) + " on " + level));
    }
    CHECK_FALSE(any_starts_with(lacking, "SELECT on " + level));
    CHECK(contains(apply["fixes"].dump(), "GRANT CREATE, ALTER, DROP, INDEX"));
    CHECK(check_named(report, "backups")["level"] == "fail");
    break;
  }
  }

  // The text report: one line per check, the fixes under failed ones, the summary last.
  const auto text = ws->strata({"doctor", "--db", access->url(), "--dir", "migrations"});
  INFO(text.describe());
  CHECK(text.exit_code == restricted_exit);
  CHECK(contains(text.out, "doctor "));
  CHECK(contains(text.out, "fix: "));
  CHECK(contains(text.out, " failed\n"));
  access->check_nothing_written();
}

TEMPLATE_TEST_CASE("doctor reports a dirty migration and fails", "[e2e][doctor]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  ws->exec(std::string("UPDATE strata_schema_history SET status = 'dirty', message = 'stopped by the test' "
                       "WHERE version = '") + k_v1_version + "'");
  const auto before = ws->history();
  const auto report = doctor_json(*ws, ws->url(), 1);
  INFO(report.dump(2));
  const auto& history = check_named(report, "history table");
  CHECK(history["level"] == "fail");
  CHECK(contains(text(history["detail"]), std::string("version ") + k_v1_version + " is dirty"));
  CHECK(contains(text(history["detail"]), "stopped by the test"));
  CHECK(contains(history["fixes"].dump(), "strata repair"));
  CHECK(ws->history() == before);
}

TEST_CASE("doctor names the process holding the SQLite migration lock without taking it", "[e2e][doctor]")
{
  auto ws = engine_by_id(EngineId::sqlite).workspace();
  apply_books_v1(*ws);
  const auto lock_file = ws->path(".strata/app.db.lock");
  REQUIRE(std::filesystem::exists(lock_file));
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const auto report = doctor_json(*ws, ws->url(), 0);
  ::flock(fd, LOCK_UN);
  ::close(fd);
  INFO(report.dump(2));
  const auto& lock = check_named(report, "migration lock");
  CHECK(lock["level"] == "warn");
  CHECK(contains(text(lock["detail"]), "process " + std::to_string(::getpid())));
}

TEMPLATE_TEST_CASE("doctor reports an applied file edited afterwards", "[e2e][doctor]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  std::string up_file;
  for (const auto& entry : std::filesystem::directory_iterator(ws->dir())) {
    if (entry.path().filename().string().rfind(k_v1_version, 0) == 0 &&
        entry.path().filename().string().find(".up.sql") != std::string::npos) {
      up_file = entry.path().filename().string();
    }
  }
  REQUIRE_FALSE(up_file.empty());
  ws->write("migrations/" + up_file, read_text(ws->dir() / up_file) + "-- edited after it was applied\n");
  const auto report = doctor_json(*ws, ws->url(), 1);
  INFO(report.dump(2));
  const auto& history = check_named(report, "history table");
  CHECK(history["level"] == "fail");
  CHECK(contains(text(history["detail"]), up_file + " was edited after it was applied (applied checksum"));
  CHECK(contains(history["fixes"].dump(), "strata repair --accept VERSION"));
}
