// Issue 17, replicated and pooled PostgreSQL, on real servers: the hot standby of
// scripts/postgres_standby.sh (127.0.0.1:5433) and the PgBouncer in transaction pooling of
// scripts/pgbouncer.sh (127.0.0.1:6433), both in front of the test cluster. `apply` returns once
// the standby replayed the migration (exit 4 naming it when --replica-wait runs out first, the
// migration applied); the standby refuses apply, rollback and repair, and drift, status and
// inspect read it; through the pooler the migration lock holds (two concurrent applies never run
// at once, a direct one is excluded too) and no session setting is used.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include "schemas/error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

using namespace strata::e2e;
using namespace std::chrono_literals;
using strata::dialects::DbUrl;
using strata::dialects::postgres::PostgresConnection;

namespace {

// The address of `variable` (the standby's, the pooler's) with `database`; skips or fails like
// the test server's own variable when it is absent.
DbUrl reached_through(const char* variable, const char* what, const char* script, const std::string& database)
{
  auto url = strata::test::server_admin_url(variable, what, script);
  url.database = database;
  url.original.clear();
  return url;
}
DbUrl standby_of(const PgWorkspace& ws)
{
  return reached_through("STRATA_TEST_PG_STANDBY_URL", "PostgreSQL standby", "postgres_standby.sh",
                         ws.database_name());
}
DbUrl pooler_of(const PgWorkspace& ws)
{
  return reached_through("STRATA_TEST_PG_POOLER_URL", "PgBouncer", "pgbouncer.sh", ws.database_name());
}

std::string text_of(const DbUrl& url)
{
  return "postgres://" + url.user + ":" + url.password + "@" + url.host + ":" + std::to_string(url.port) + "/" +
         url.database;
}

std::string scalar(PostgresConnection& connection, const std::string& sql)
{
  const auto result = connection.query(sql);
  return result.rows.empty() || result.rows[0].empty() ? std::string{} : result.rows[0][0].value_or("");
}

// A connection to the workspace's database on the standby, once the standby replayed its CREATE
// DATABASE.
std::unique_ptr<PostgresConnection> connect_standby(const DbUrl& standby)
{
  std::unique_ptr<PostgresConnection> connection;
  REQUIRE(wait_until(
    [&] {
      try {
        connection = std::make_unique<PostgresConnection>(standby);
        return true;
      } catch (const strata::Error&) {
        return false;
      }
    },
    20s));
  return connection;
}

// Pauses the standby's replay (pg_wal_replay_pause, granted to the test role by
// scripts/postgres_standby.sh) until resume() or the end of the scope: every apply on the test
// cluster waits for the standby meanwhile, so it is kept short.
class PausedReplay {
public:
  explicit PausedReplay(DbUrl standby) : m_connection([&] {
    standby.database = "postgres";
    return std::make_unique<PostgresConnection>(standby);
  }())
  {
    m_connection->execute("SELECT pg_wal_replay_pause()");
  }
  ~PausedReplay() { resume(); }
  PausedReplay(const PausedReplay&) = delete;
  PausedReplay& operator=(const PausedReplay&) = delete;
  void resume()
  {
    if (m_connection) {
      try {
        m_connection->execute("SELECT pg_wal_replay_resume()");
      } catch (...) { // a destructor must not throw; scripts/postgres_standby.sh resumes a paused standby
      }
      m_connection.reset();
    }
  }

private:
  std::unique_ptr<PostgresConnection> m_connection;
};

// A login role that is not a member of the test role (so not of pg_read_all_stats either), with
// the right to create tables in the workspace's database; dropped after it (declare it first).
class UnprivilegedRole {
public:
  UnprivilegedRole()
    : m_admin(strata::test::server_admin_url("STRATA_TEST_PG_URL", "PostgreSQL", "postgres.sh")),
      m_name("strata_repl_" + std::to_string(::getpid()))
  {
    m_admin.execute("DROP ROLE IF EXISTS " + m_name);
    m_admin.execute("CREATE ROLE " + m_name + " LOGIN PASSWORD 'unprivileged'");
  }
  ~UnprivilegedRole()
  {
    try {
      m_admin.execute("DROP ROLE IF EXISTS " + m_name);
    } catch (...) { // a destructor must not throw; a leftover role is harmless
    }
  }
  UnprivilegedRole(const UnprivilegedRole&) = delete;
  UnprivilegedRole& operator=(const UnprivilegedRole&) = delete;

  std::string url(PgWorkspace& ws) const
  {
    ws.exec("GRANT ALL ON SCHEMA public TO " + m_name + "; GRANT ALL ON ALL TABLES IN SCHEMA public TO " + m_name +
            "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + m_name);
    auto url = ws.database().url();
    url.user = m_name;
    url.password = "unprivileged";
    return text_of(url);
  }

private:
  PostgresConnection m_admin;
  std::string m_name;
};

const char* const k_items_yaml = R"(version: 1
tables:
  - name: items
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: label, type: text, nullable: false, default: "'new'" }
      - { name: email, type: text }
    primary_key: [id]
    checks:
      - { name: items_label_check, expression: "length(label) > 0" }
      - { name: items_email_check, expression: "email LIKE '%@%'" }
)";

// A file that writes when it starts and ends (clock_timestamp: the time it runs) and sleeps in
// between, in its one transaction.
std::string traced_file(const std::string& name, const std::string& table)
{
  return "INSERT INTO trace (file, what) VALUES ('" + name + "', 'start');\nSELECT pg_sleep(1.5);\nCREATE TABLE " +
         table + " (id integer);\nINSERT INTO trace (file, what) VALUES ('" + name + "', 'end');\n";
}

bool running(PgWorkspace& ws, const std::string& text)
{
  return ws.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                   "pg_backend_pid() AND state = 'active' AND query LIKE '%" + text + "%'") != "0";
}

} // namespace

TEST_CASE("postgres: apply returns once the standby replayed it, the standby refuses migrations and is read",
          "[e2e][postgres][standby]")
{
  PgWorkspace ws;
  const auto standby = standby_of(ws);
  const auto standby_url = text_of(standby);
  auto replica = connect_standby(standby);
  ws.write("schema.yaml", k_items_yaml);
  require_exit(ws.run("plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "items"}), 2);

  const auto applied = ws.run("apply", {"--dir", "migrations", "--format", "json"});
  require_exit(applied, 0);
  // Read at once: apply returned only after the standby replayed it.
  CHECK(scalar(*replica, "SELECT to_regclass('items') IS NOT NULL") == "t");
  const auto result = nlohmann::json::parse(applied.out);
  CHECK(result["replicas"]["standbys"] == 1);
  CHECK(result["replicas"]["lagging"].empty());
  CHECK(result["replicas"]["position"].is_string());

  // Read-only commands work on the standby (nothing they do writes, not even a temporary object).
  // The server's spelling of `LIKE` is found on a scratch database, which a standby cannot hold:
  // drift says so, and with a --dev-db elsewhere (here: on the primary's server) it is in sync.
  const auto unprobed = ws.strata({"drift", "--schema", "schema.yaml", "--db", standby_url});
  require_exit(unprobed, 2);
  CHECK(contains(unprobed.err, "the --db server is a hot standby"));
  PgWorkspace dev; // an empty database
  require_exit(ws.strata({"drift", "--schema", "schema.yaml", "--db", standby_url, "--dev-db", dev.url()}), 0);
  std::string wider = k_items_yaml;
  wider.insert(wider.find("    primary_key"), "      - { name: note, type: text }\n");
  ws.write("wider.yaml", wider);
  const auto drifted = ws.strata({"drift", "--schema", "wider.yaml", "--db", standby_url, "--dev-db", dev.url()});
  require_exit(drifted, 2);
  CHECK(contains(drifted.out, "note"));
  require_exit(ws.strata({"status", "--dir", "migrations", "--db", standby_url}), 0);
  const auto inspected = ws.strata({"inspect", "--db", standby_url});
  require_exit(inspected, 0);
  CHECK(contains(inspected.out, "items_label_check"));

  // Writing commands are refused, naming the server.
  for (const auto& args : std::vector<std::vector<std::string>>{
         {"apply", "--dir", "migrations", "--db", standby_url},
         {"apply", "--dir", "migrations", "--dry-run", "--db", standby_url},
         {"rollback", "--steps", "1", "--yes", "--dir", "migrations", "--db", standby_url}}) {
    const auto refused = ws.strata(args);
    INFO(refused.describe());
    CHECK(refused.exit_code == 3);
    CHECK(contains(refused.err, "is a hot standby"));
    CHECK(contains(refused.err, "127.0.0.1:5433"));
    CHECK_FALSE(contains(refused.output(), standby.password + "@"));
  }

  // A dirty version (a no-transaction file that failed on the primary) cannot be repaired there.
  ws.write("migrations/99999999999999_fails.up.sql",
           "-- strata: no-transaction\nCREATE TABLE extra (id integer);\nSELECT 1 / 0;\n");
  ws.write("migrations/99999999999999_fails.down.sql", "-- strata: no-transaction\nDROP TABLE IF EXISTS extra;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 1);
  REQUIRE(wait_until(
    [&] { return scalar(*replica, "SELECT count(*) FROM strata_schema_history WHERE status = 'dirty'") == "1"; },
    20s));
  const auto repair = ws.strata({"repair", "--resolved", "--yes", "--dir", "migrations", "--db", standby_url});
  INFO(repair.describe());
  CHECK(repair.exit_code == 3);
  CHECK(contains(repair.err, "refusing to repair"));
  CHECK(contains(repair.err, "is a hot standby"));
}

TEST_CASE("postgres: a standby still behind when --replica-wait runs out: exit 4 naming it, the migration applied",
          "[e2e][postgres][standby]")
{
  UnprivilegedRole role; // dropped after the workspace's database
  PgWorkspace ws;
  const auto standby = standby_of(ws);
  auto replica = connect_standby(standby);
  write_migration(ws, "001", "first", "CREATE TABLE first (id integer);\n", "DROP TABLE first;\n");
  write_migration(ws, "002", "second", "CREATE TABLE second (id integer);\n", "DROP TABLE second;\n");
  write_migration(ws, "003", "third", "CREATE TABLE third (id integer);\n", "DROP TABLE third;\n");
  write_migration(ws, "004", "fourth", "CREATE TABLE fourth (id integer);\n", "DROP TABLE fourth;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  ws.write("targets.txt", ws.url() + "\n");
  {
    PausedReplay paused(standby);
    // No wait: done at once.
    require_exit(ws.run("apply", {"--dir", "migrations", "--to", "001", "--replica-wait", "0"}), 0);
    const auto behind = ws.run("apply", {"--dir", "migrations", "--to", "002", "--replica-wait", "500ms"});
    // Over a fleet: the database's line says which standby is behind, the fleet exits 4 too.
    const auto fleet =
      ws.strata({"apply", "--dir", "migrations", "--to", "003", "--targets", "targets.txt", "--replica-wait", "500ms"});
    paused.resume();
    INFO(behind.describe());
    CHECK(behind.exit_code == 4);
    CHECK(contains(behind.err, "standby behind: 15/standby at 127.0.0.1: replayed up to"));
    CHECK(contains(behind.err, "1 of 1 standby(s) had not replayed the migration"));
    CHECK(contains(behind.err, "it is applied on the primary"));
    CHECK(contains(behind.out, "applied 1 migration(s)"));
    INFO(fleet.describe());
    CHECK(fleet.exit_code == 4);
    CHECK(contains(fleet.out, "applied 1 file: 003_third.up.sql; 1 of 1 standby(s) had not replayed it after"));
    CHECK(contains(fleet.out, "15/standby at 127.0.0.1: replayed up to"));
    CHECK(contains(fleet.out, "1 target: 1 applied"));
  }
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied", "003|applied"});
  REQUIRE(wait_until([&] { return scalar(*replica, "SELECT to_regclass('third') IS NOT NULL") == "t"; }, 20s));

  // A role that may not see the standbys' positions cannot be told the standby caught up.
  const auto hidden = ws.strata({"apply", "--dir", "migrations", "--db", role.url(ws)});
  INFO(hidden.describe());
  CHECK(hidden.exit_code == 4);
  CHECK(contains(hidden.err, "replay positions are hidden from role strata_repl_"));
  CHECK(contains(hidden.err, "pg_read_all_stats"));
  CHECK(contains(hidden.err, "strata cannot tell whether the standbys replayed the migration; it is applied"));
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied", "003|applied", "004|applied"});
}

TEST_CASE("postgres: through PgBouncer in transaction pooling two concurrent applies never migrate at once",
          "[e2e][postgres][pooler]")
{
  PgWorkspace ws;
  const auto pooled = text_of(pooler_of(ws));
  ws.exec("CREATE TABLE trace (n serial, file text, what text, at timestamptz DEFAULT clock_timestamp())");
  write_migration(ws, "001", "one", traced_file("001", "one"), "DROP TABLE one;\n");
  write_migration(ws, "002", "two", traced_file("002", "two"), "DROP TABLE two;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto first = ws.start_strata({"apply", "--dir", "migrations", "--lock-timeout", "30", "--db", pooled});
  REQUIRE(wait_until([&] { return !first->running() || running(ws, "pg_sleep(1.5)"); }, 20s));
  REQUIRE(first->running());
  // The lock is held by a transaction of its own (a session lock would stay on a pooled session).
  CHECK(ws.scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = "
                  "'advisory' AND l.granted AND a.application_name = 'strata migration lock' AND a.state = "
                  "'idle in transaction' AND a.datname = current_database()") == "1");
  auto second = ws.start_strata({"apply", "--dir", "migrations", "--lock-timeout", "30", "--db", pooled});
  // A direct strata is excluded by the same lock.
  const auto direct = ws.run("apply", {"--dir", "migrations", "--lock-timeout", "1"});
  INFO(direct.describe());
  CHECK(direct.exit_code == 1);
  CHECK(contains(direct.err, "another strata process holds the migration lock"));
  CHECK(contains(direct.err, "application strata migration lock"));

  const auto first_result = first->wait();
  const auto second_result = second->wait();
  INFO("first: " << first_result.describe());
  INFO("second: " << second_result.describe());
  CHECK(first_result.exit_code == 0);
  CHECK(second_result.exit_code == 0);
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  // Each file ran once, and never beside another.
  CHECK(ws.rows("SELECT file || ' ' || what FROM trace ORDER BY at, n") ==
        std::vector<Row>{row({"001 start"}), row({"001 end"}), row({"002 start"}), row({"002 end"})});
  CHECK(ws.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM "
                  "pg_database WHERE datname = current_database())") == "0");
}

TEST_CASE("postgres: through PgBouncer in transaction pooling a no-transaction file takes no session setting",
          "[e2e][postgres][pooler]")
{
  PgWorkspace ws;
  const auto pooled = text_of(pooler_of(ws));
  write_migration(ws, "001", "table", "CREATE TABLE events (id integer PRIMARY KEY, kind text);\n",
                  "DROP TABLE events;\n");
  write_migration(ws, "002", "index",
                  "-- strata: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);\n",
                  "-- strata: no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS events_kind_idx;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto applied = ws.strata({"apply", "--dir", "migrations", "--db", pooled});
  require_exit(applied, 0);
  CHECK(contains(applied.err, "002_index.up.sql runs outside a transaction, through a transaction pooler"));
  CHECK(contains(applied.err, "without strata's lock timeout"));
  CHECK(ws.history() == std::vector<std::string>{"001|applied", "002|applied"});
  CHECK(ws.relation_exists("events_kind_idx"));
  const auto rolled_back = ws.strata({"rollback", "--steps", "1", "--dir", "migrations", "--db", pooled});
  require_exit(rolled_back, 0);
  CHECK_FALSE(ws.relation_exists("events_kind_idx"));

  // Read-only sessions are made read-only through libpq's `options`, which this PgBouncer refuses:
  // the error says so (instead of a session that could write).
  const auto status = ws.strata({"status", "--dir", "migrations", "--db", pooled});
  INFO(status.describe());
  CHECK(status.exit_code == 1);
  CHECK(contains(status.err, "a pooler in between refuses libpq's `options`"));
}

TEST_CASE("postgres: doctor fails a hot standby for apply and names a transaction pooler, writing nothing",
          "[e2e][postgres][standby][pooler]")
{
  PgWorkspace ws;
  const auto standby = standby_of(ws);
  auto replica = connect_standby(standby);
  const auto check_named = [](const nlohmann::json& report, const std::string& name) {
    for (const auto& check : report["checks"]) {
      if (check["name"] == name) {
        return check;
      }
    }
    FAIL("no check named " << name << " in " << report.dump(2));
    return nlohmann::json{};
  };

  const auto on_standby = ws.strata({"doctor", "--db", text_of(standby), "--format", "json"});
  INFO(on_standby.describe());
  CHECK(on_standby.exit_code == 1);
  const auto standby_report = nlohmann::json::parse(on_standby.out);
  const auto standby_check = check_named(standby_report, "standby");
  CHECK(standby_check["level"] == "fail");
  CHECK(contains(standby_check["detail"].get<std::string>(), "is a hot standby (pg_is_in_recovery() is true)"));
  CHECK(check_named(standby_report, "connection")["level"] == "ok");

  // PgBouncer refuses libpq's `options` (the read-only session's setting): doctor says what that
  // means for the read-only commands, and checks over a plain session.
  const auto pooled = ws.strata({"doctor", "--db", text_of(pooler_of(ws)), "--format", "json"});
  INFO(pooled.describe());
  CHECK(pooled.exit_code == 0);
  const auto pooled_report = nlohmann::json::parse(pooled.out);
  CHECK(contains(check_named(pooled_report, "connection path")["detail"].get<std::string>(),
                 "through a transaction pooler"));
  CHECK(check_named(pooled_report, "read-only sessions")["level"] == "warn");
  CHECK(check_named(pooled_report, "standby")["level"] == "ok");
  CHECK(check_named(pooled_report, "apply")["level"] == "ok");
  // Nothing of strata's was made: no history table, no backup schema.
  CHECK(ws.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'strata%'") == "0");
  CHECK(ws.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'strata%'") == "0");
}
