// Issue 12 §6 on the real binary: `strata help` and `strata version`; usage errors (unknown
// commands and flags with "did you mean", missing arguments, bad or conflicting flag values) exit
// 64 and name the help to read; unknown schema keys name the key meant; `--format json` of status,
// history, backup list and inspect (and every document's format_version); `inspect --format sql`
// builds the same schema; `repair` and `backup restore` ask first (exit 3 without --yes).

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace strata::e2e;
using Json = nlohmann::json;
using Rows = std::vector<Row>;

namespace {

constexpr int k_usage = 64;

// Runs strata, requires exit 64 with nothing on stdout and one error line naming `hint`.
ProcessResult usage_error(const Workspace& ws, const std::vector<std::string>& args, const std::string& hint)
{
  auto result = ws.strata(args);
  INFO(result.describe());
  CHECK(result.exit_code == k_usage);
  CHECK(result.out.empty());
  CHECK(contains(result.err, "error: "));
  CHECK(contains(result.err, hint));
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  return result;
}

Json json_of(const ProcessResult& result, int code)
{
  INFO(result.describe());
  REQUIRE(result.exit_code == code);
  auto doc = Json::parse(result.out);
  CHECK(doc.at("format_version") == 1);
  return doc;
}

// A fresh database of `engine` with the bookshop's v1 and v2 applied (v2 backed up books.legacy_code).
std::unique_ptr<DbWorkspace> books_v2(const Engine& engine)
{
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  apply_books_v2(*ws);
  return ws;
}

} // namespace

TEST_CASE("strata help and strata version print what --help and --version print", "[e2e][cli]")
{
  Workspace ws;
  const auto version = ws.strata({"version"});
  require_exit(version, 0);
  CHECK(version.out.rfind("strata ", 0) == 0);
  CHECK(version.out == ws.strata({"--version"}).out);

  const auto top = ws.strata({"help"});
  require_exit(top, 0);
  CHECK(contains(top.out, "Usage: strata"));
  for (const char* command : {"plan", "apply", "status", "backup", "repair", "help", "version"}) {
    CHECK(contains(top.out, command));
  }

  const auto plan = ws.strata({"help", "plan"});
  require_exit(plan, 0);
  CHECK(contains(plan.out, "Usage: strata plan"));
  CHECK(contains(plan.out, "--dry-run"));
  const auto plan_flag = ws.strata({"plan", "--help"});
  require_exit(plan_flag, 0);
  CHECK(plan_flag.out == plan.out);

  const auto nested = ws.strata({"help", "backup", "restore"});
  require_exit(nested, 0);
  CHECK(contains(nested.out, "Usage: strata backup restore"));
  CHECK(contains(nested.out, "--yes"));
}

TEST_CASE("a SQLite command loads no server engine's client library and libcrypto only for checksums", "[e2e][cli]")
{
  // glibc's loader names every library it loads, linked or dlopen'ed, under LD_DEBUG=files.
  ProcessOptions traced;
  traced.env["LD_DEBUG"] = "files";
  const auto loaded = [](const ProcessResult& result, const std::string& soname) {
    return contains(result.err, "file=" + soname);
  };
  auto ws = books_v2(engine_of<sqlite>());

  const auto inspected = ws->strata({"inspect", "--db", ws->url()}, traced);
  INFO(inspected.describe());
  REQUIRE(inspected.exit_code == 0);
  CHECK(loaded(inspected, "libsqlite3.so")); // the trace is there
  CHECK_FALSE(loaded(inspected, "libpq.so"));
  CHECK_FALSE(loaded(inspected, "libmariadb.so"));
  CHECK_FALSE(loaded(inspected, "libcrypto.so"));

  // status compares the files' checksums with the history's: libcrypto, still no client library.
  const auto status = ws->strata({"status", "--dir", "migrations", "--db", ws->url()}, traced);
  INFO(status.describe());
  REQUIRE(status.exit_code == 0);
  CHECK(loaded(status, "libcrypto.so"));
  CHECK_FALSE(loaded(status, "libpq.so"));
  CHECK_FALSE(loaded(status, "libmariadb.so"));

  // A server URL loads its engine's library when used (nothing listens on port 1).
  Workspace plain;
  const auto postgres = plain.strata({"inspect", "--db", "postgres://nobody@127.0.0.1:1/none"}, traced);
  CHECK(postgres.exit_code == 1);
  CHECK(loaded(postgres, "libpq.so"));
  CHECK_FALSE(loaded(postgres, "libmariadb.so"));
  const auto mysql = plain.strata({"inspect", "--db", "mysql://nobody@127.0.0.1:1/none"}, traced);
  CHECK(mysql.exit_code == 1);
  CHECK(loaded(mysql, "libmariadb.so"));
  CHECK_FALSE(loaded(mysql, "libpq.so"));
}

TEST_CASE("unknown commands and flags exit 64 and suggest the name meant", "[e2e][cli]")
{
  Workspace ws;
  CHECK(contains(usage_error(ws, {"plna"}, "see `strata help`").err, "unknown command \"plna\" for strata (did you mean plan?)"));
  CHECK(contains(usage_error(ws, {"stauts", "--db", ws.db_url()}, "see `strata help`").err, "(did you mean status?)"));
  CHECK(contains(usage_error(ws, {"help", "nosuch"}, "see `strata help`").err, "unknown command \"nosuch\""));
  CHECK(contains(usage_error(ws, {"help", "backup", "lst"}, "see `strata help`").err, "(did you mean list?)"));
  CHECK(contains(usage_error(ws, {"backup", "lst"}, "see `strata help backup`").err,
                 "unknown command \"lst\" for strata backup (did you mean list?)"));
  CHECK(contains(usage_error(ws, {"plan", "--dri-run"}, "see `strata help plan`").err,
                 "unknown flag --dri-run for strata plan (did you mean --dry-run?)"));
  CHECK(contains(usage_error(ws, {"apply", "--yse"}, "see `strata help apply`").err, "(did you mean --yes?)"));
  CHECK(contains(usage_error(ws, {"plan", "--format", "jsno"}, "see `strata help plan`").err,
                 "\"jsno\" is not one of text, sql, markdown, json, github, dot (did you mean json?)"));
  // Nothing close: no suggestion.
  CHECK_FALSE(contains(usage_error(ws, {"frobnicate"}, "see `strata help`").err, "did you mean"));
}

TEST_CASE("missing arguments and bad or conflicting flag values exit 64, failures exit 1", "[e2e][cli]")
{
  Workspace ws;
  usage_error(ws, {}, "see `strata help`");
  usage_error(ws, {"backup"}, "see `strata help backup`");
  usage_error(ws, {"new"}, "see `strata help new`");                                   // missing SLUG
  usage_error(ws, {"status", "--db"}, "see `strata help status`");                     // flag without its value
  usage_error(ws, {"rollback", "--to", "1", "--steps", "2"}, "see `strata help rollback`"); // conflicting flags
  usage_error(ws, {"repair", "--continue", "--resolved"}, "see `strata help repair`");
  usage_error(ws, {"rollback", "--db", ws.db_url(), "--steps", "0"}, "--steps must be 1 or more");
  usage_error(ws, {"apply", "--db", ws.db_url(), "--lock-timeout", "-1"}, "--lock-timeout");
  usage_error(ws, {"apply", "--db", ws.db_url(), "--ddl-lock-timeout", "soon"}, "--ddl-lock-timeout \"soon\"");
  usage_error(ws, {"rollback", "--db", ws.db_url(), "--steps", "1", "--ddl-lock-retries", "many"}, "--ddl-lock-retries \"many\"");
  usage_error(ws, {"status"}, "no database given");
  usage_error(ws, {"status", "--db", "oracle://h/db"}, "see `strata help status`"); // a URL of no engine
  usage_error(ws, {"new", "bad slug!"}, "see `strata help new`");

  // A well-formed command that fails is an error (1), not a usage error.
  ws.write("migrations/.keep", "");
  const auto nothing = ws.strata({"repair", "--db", ws.db_url(), "--dir", "migrations"});
  INFO(nothing.describe());
  CHECK(nothing.exit_code == 1); // the file does not exist
}

// Issue 13: a password with an unencoded '/' was echoed in "port 'Alpha7' is not a number".
TEST_CASE("a URL whose password holds an unencoded '/' is a usage error that shows none of it", "[e2e][cli]")
{
  Workspace ws;
  ws.write("migrations/.keep", "");
  const std::vector<std::pair<std::string, std::vector<std::string>>> urls{
    {"postgres://u:Alpha7/Xray3@127.0.0.1/db", {"Alpha7", "Xray3"}},
    {"mysql://u:Bravo9/Zulu5@127.0.0.1:3306/db", {"Bravo9", "Zulu5"}},
    {"mysql://u:pa/ss@h:3306/db", {"'pa'", "pa/", "ss@"}},
  };
  for (const auto& [url, pieces] : urls) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"status", "--dir", "migrations"}, {"plan", "--dir", "migrations"}, {"inspect"}}) {
      auto command = args;
      command.insert(command.end(), {"--db", url});
      const auto result = ws.strata(command);
      INFO(args[0] << " " << url << ": " << result.describe());
      CHECK(result.exit_code == k_usage);
      CHECK(contains(result.err, "percent-encode '/', '?', '#' and '@' in the user name and password"));
      for (const auto& piece : pieces) {
        CHECK_FALSE(contains(result.output(), piece));
      }
    }
  }
}

TEST_CASE("an unknown schema key is reported at its place with the key meant", "[e2e][cli]")
{
  Workspace ws;
  ws.write("bad.yaml", "version: 1\ntables:\n  - name: things\n    colums:\n      - { name: id, type: integer }\n");
  const auto validate = ws.strata({"validate", "--schema", "bad.yaml"});
  INFO(validate.describe());
  CHECK(validate.exit_code == 1); // a mistake in the input, not in the command line
  CHECK(contains(validate.err, "bad.yaml:4:5: table \"things\": unknown key \"colums\" (did you mean \"columns\"?)"));
}

TEMPLATE_TEST_CASE("status, history, backup list and inspect print json documents", "[e2e][cli][json]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = books_v2(engine);
  const auto applied = ws->history();

  const auto status = json_of(ws->run("status", {"--dir", "migrations", "--format", "json"}), 0);
  CHECK(status.at("command") == "status");
  CHECK(status.at("migrations") == ws->migration_files().size() / 2);
  CHECK(status.at("current_version") == newest_version(*ws));
  CHECK(status.at("pending").empty());
  CHECK(status.at("dirty").empty());
  CHECK(status.at("ok") == true);
  CHECK_FALSE(contains(ws->run("status", {"--dir", "migrations", "--format", "json"}).out, "strata@")); // no password

  const auto history = json_of(ws->run("history", {"--dir", "migrations", "--format", "json"}), 0);
  CHECK(history.at("command") == "history");
  REQUIRE(history.at("migrations").size() == applied.size());
  CHECK(history.at("migrations").at(0).at("version") == k_v1_version);
  CHECK(history.at("migrations").at(1).at("version") == k_v2_version);
  for (const auto& row : history.at("migrations")) {
    CHECK(row.at("status") == "applied");
    CHECK(row.at("duration_ms").is_number_integer());
    CHECK(row.at("backups").is_array());
  }
  // v2 dropped books.legacy_code after backing it up; it also backed up books.pages, whose text
  // values the change to integer converts (D103: a text such as '0183' would keep only its number).
  const auto& v2_backups = history.at("migrations").at(1).at("backups");
  REQUIRE(v2_backups.size() == 2U);

  const auto backups = json_of(ws->run("backup", {"list", "--dir", "migrations", "--format", "json"}), 0);
  CHECK(backups.at("command") == "backup list");
  REQUIRE(backups.at("backups").size() == v2_backups.size());
  const Json* dropped = nullptr;
  for (const auto& listed : backups.at("backups")) {
    CHECK(std::find(v2_backups.begin(), v2_backups.end(), listed.at("id")) != v2_backups.end());
    CHECK(listed.at("version") == k_v2_version);
    CHECK(listed.at("table") == "books");
    if (listed.at("column") == "legacy_code") {
      dropped = &listed;
    }
  }
  REQUIRE(dropped != nullptr);
  CHECK(dropped->at("rows") == 3);

  const auto shown = json_of(ws->run("inspect", {"--format", "json"}), 0);
  CHECK(shown.at("command") == "inspect");
  CHECK(shown.at("engine") == engine.name);
  CHECK(shown.at("output").is_null());
  CHECK(shown.at("counts").at("tables") == shown.at("tables").size());
  CHECK(shown.at("counts").at("views") == shown.at("views").size());
  const auto yaml = ws->run("inspect");
  require_exit(yaml, 0);
  CHECK(shown.at("yaml") == yaml.out);
  const auto to_file = json_of(ws->run("inspect", {"--format", "json", "-o", "live.yaml"}), 0);
  CHECK(to_file.at("output") == "live.yaml");
  CHECK(to_file.at("yaml").is_null());
  CHECK(ws->read("live.yaml") == yaml.out);

  // The documents of plan, drift and verify carry it too.
  json_of(ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--dry-run", "--format", "json"}), 0);
  json_of(ws->run("drift", {"--schema", "v2.yaml", "--format", "json"}), 0);
  json_of(ws->run("verify", {"--schema", "v2.yaml", "--dir", "migrations", "--format", "json"}), 0);
}

TEMPLATE_TEST_CASE("inspect --format sql writes the DDL that builds the same schema", "[e2e][cli]", sqlite, postgres,
                   mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = books_v2(engine);
  const auto yaml = ws->run("inspect");
  require_exit(yaml, 0);

  const auto to_stdout = ws->run("inspect", {"--format", "sql"});
  require_exit(to_stdout, 0);
  CHECK(contains(to_stdout.out, "CREATE TABLE"));
  require_exit(ws->run("inspect", {"--format", "sql", "-o", "live.sql"}), 0);
  CHECK(ws->read("live.sql") == to_stdout.out);

  // Applied to an empty database (as a hand-written migration), it gives the same schema back.
  auto fresh = engine.workspace();
  apply_hand_written(*fresh, "1", "live", to_stdout.out, "");
  // In sync with the inspected YAML (SQLite lists tables in the order they were created).
  fresh->write("live.yaml", yaml.out);
  require_exit(fresh->run("drift", {"--schema", "live.yaml"}), 0);
}

TEMPLATE_TEST_CASE("repair and backup restore change nothing without --yes and no terminal (exit 3)",
                   "[e2e][cli][safety]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = books_v2(engine);
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  const auto listing = json_of(ws->run("backup", {"list", "--dir", "migrations", "--format", "json"}), 0);
  // The one of books.legacy_code (the rollback backed up what its down file dropped, too).
  std::string id;
  for (const auto& backup : listing.at("backups")) {
    if (backup.at("column") == "legacy_code") {
      id = backup.at("id");
    }
  }
  REQUIRE_FALSE(id.empty());
  const Rows emptied{row({"1", std::nullopt}), row({"2", std::nullopt}), row({"3", std::nullopt})};
  REQUIRE(ws->rows("SELECT id, legacy_code FROM books ORDER BY id") == emptied);

  const auto refused = ws->run("backup", {"restore", id, "--dir", "migrations"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  CHECK(contains(refused.err, "without --yes"));
  CHECK(ws->rows("SELECT id, legacy_code FROM books ORDER BY id") == emptied);
  require_exit(ws->run("backup", {"restore", id, "--dir", "migrations", "-y"}), 0);
  CHECK(ws->rows("SELECT id, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "LG-001"}), row({"2", "LG-002"}), row({"3", "OB-001"})});

  // A dirty row (as a failure outside a transaction leaves it): shown freely, changed only with --yes.
  ws->exec(std::string("UPDATE strata_schema_history SET status = 'dirty' WHERE version = '") + k_v1_version + "'");
  require_exit(ws->run("repair", {"--dir", "migrations"}), 0);
  const auto unconfirmed = ws->run("repair", {"--dir", "migrations", "--resolved"});
  INFO(unconfirmed.describe());
  CHECK(unconfirmed.exit_code == 3);
  CHECK(contains(unconfirmed.err, "without --yes"));
  CHECK(ws->history() == std::vector<std::string>{std::string(k_v1_version) + "|dirty"});
  require_exit(ws->run("repair", {"--dir", "migrations", "--resolved", "--yes"}), 0);
  CHECK(ws->history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
}
