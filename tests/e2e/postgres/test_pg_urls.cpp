// Issue 12, part 4: PostgreSQL connection strings go to libpq's own parser, so every form libpq
// accepts works in every command — the keyword/value form, a multi-host URI whose first host is
// down, a unix-socket directory, `service=` with a service file — and the password (given to a
// role made for the test, unlike any other text) never appears in any output. A bad connection
// string is one clear error, and no SQLite file is ever created from one.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace strata::e2e;
namespace fs = std::filesystem;
using Rows = std::vector<Row>;

namespace {

// Debian's socket directory (scripts/postgres.sh lets the test role log in over it).
const char* const k_socket_dir = "/var/run/postgresql";

// A login role of the test's own with a random password, a member of the test role (so it may log
// in over the unix socket, scripts/postgres.sh); dropped after the workspace (declare it first).
class SecretRole {
public:
  SecretRole()
    : m_admin(strata::test::server_admin_url("STRATA_TEST_PG_URL", "PostgreSQL", "postgres.sh"))
  {
    std::random_device random;
    std::ostringstream suffix;
    suffix << std::hex << random() << random();
    m_name = "strata_url_" + std::to_string(::getpid()) + "_" + suffix.str();
    m_password = "Pw-" + suffix.str() + "-n0t-pr1nted";
    m_admin.execute("CREATE ROLE " + m_name + " LOGIN PASSWORD '" + m_password + "' IN ROLE " + m_admin.url().user);
  }
  ~SecretRole()
  {
    try {
      m_admin.execute("DROP ROLE IF EXISTS " + m_name);
    } catch (...) { // a destructor must not throw; a leftover role is harmless
    }
  }
  SecretRole(const SecretRole&) = delete;
  SecretRole& operator=(const SecretRole&) = delete;

  // Lets the role create objects in the workspace's database, and the test role read them.
  void grant(PgWorkspace& ws) const
  {
    ws.exec("GRANT ALL ON SCHEMA public TO " + m_name);
    auto url = ws.database().url();
    url.user = m_name;
    url.password = m_password;
    strata::dialects::postgres::PostgresConnection as_role(url);
    as_role.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO " + m_admin.url().user);
  }

  const std::string& name() const { return m_name; }
  const std::string& password() const { return m_password; }

private:
  strata::dialects::postgres::PostgresConnection m_admin;
  std::string m_name;
  std::string m_password;
};

// Runs `strata <command> <args> --db <url>` and checks that the password is nowhere in its output.
ProcessResult run_with(const PgWorkspace& ws, const SecretRole& role, const std::string& url,
                       const std::string& command, std::vector<std::string> args = {}, ProcessOptions options = {})
{
  args.insert(args.begin(), command);
  args.insert(args.end(), {"--db", url});
  auto result = ws.strata(args, std::move(options));
  INFO(command << ": " << result.describe());
  CHECK_FALSE(contains(result.output(), role.password()));
  return result;
}

// The workspace folder holds only what the test wrote (no database file made from a URL).
void check_no_file_created(const PgWorkspace& ws, const std::vector<std::string>& expected)
{
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(ws.root())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == expected);
}

// A hand-written migration recording how the connection reached the server.
void write_probe_migration(PgWorkspace& ws)
{
  write_migration(ws, "1", "probe",
                  "CREATE TABLE via AS\n"
                  "  SELECT current_database()::text AS db, inet_client_addr() IS NULL AS unix_socket;\n",
                  "DROP TABLE via;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
}

} // namespace

TEST_CASE("a PostgreSQL keyword/value string works in every command and never shows its password",
          "[e2e][postgres][urls]")
{
  SecretRole role;
  PgWorkspace ws;
  role.grant(ws);
  const std::string url = "host=127.0.0.1 port=5432 user=" + role.name() + " password=" + role.password() +
                          " dbname=" + ws.database_name() + " connect_timeout=10";
  ws.write("schema.yaml", one_table_yaml("notes", "\n      - { name: id, type: bigint, nullable: false }\n"
                                                  "      - { name: body, type: text }\n"));

  require_exit(run_with(ws, role, url, "plan", {"--schema", "schema.yaml", "--dir", "migrations", "--name", "init"}),
               2);
  require_exit(run_with(ws, role, url, "apply", {"--dir", "migrations", "--verbose"}), 0);
  CHECK(ws.table_exists("notes"));
  CHECK(ws.history().size() == 1);
  require_exit(run_with(ws, role, url, "status", {"--dir", "migrations"}), 0);
  require_exit(run_with(ws, role, url, "history", {"--dir", "migrations"}), 0);
  require_exit(run_with(ws, role, url, "drift", {"--schema", "schema.yaml"}), 0);
  require_exit(run_with(ws, role, url, "backup", {"list"}), 0);
  const auto inspect = run_with(ws, role, url, "inspect", {"--verbose"});
  require_exit(inspect, 0);
  CHECK(contains(inspect.out, "notes"));
  // --verbose logs the connection in its display form.
  CHECK(contains(inspect.err, "password=*** dbname=" + ws.database_name()));

  // A wrong password: the connection error shows the string redacted.
  const std::string wrong = "host=127.0.0.1 user=" + role.name() + " password='" + role.password() +
                            "x' dbname=" + ws.database_name();
  const auto refused = run_with(ws, role, wrong, "status", {"--dir", "migrations"});
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "password authentication failed"));
  CHECK(contains(refused.err, "password=***"));
  check_no_file_created(ws, {"migrations", "schema.yaml"});
}

TEST_CASE("a multi-host PostgreSQL URI connects to the host that is up and names every host that is down",
          "[e2e][postgres][urls]")
{
  SecretRole role;
  PgWorkspace ws;
  role.grant(ws);
  write_probe_migration(ws);
  const std::string credentials = "postgres://" + role.name() + ":" + role.password() + "@";
  const std::string up = credentials + "127.0.0.1:1,127.0.0.1:5432/" + ws.database_name() + "?connect_timeout=10";
  require_exit(run_with(ws, role, up, "apply", {"--dir", "migrations"}), 0);
  CHECK(ws.rows("SELECT db, unix_socket FROM via") == Rows{row({ws.database_name(), "f"})});
  require_exit(run_with(ws, role, up, "status", {"--dir", "migrations"}), 0);

  const std::string down = credentials + "127.0.0.1:1,127.0.0.1:2/" + ws.database_name();
  const auto failed = run_with(ws, role, down, "status", {"--dir", "migrations"});
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "port 1 failed"));
  CHECK(contains(failed.err, "port 2 failed"));
  CHECK(contains(failed.err, role.name() + ":***@"));
  check_no_file_created(ws, {"migrations"});
}

TEST_CASE("a PostgreSQL unix-socket directory works as a URI host and as host=", "[e2e][postgres][urls]")
{
  REQUIRE(fs::exists(fs::path(k_socket_dir) / ".s.PGSQL.5432")); // Debian's cluster (scripts/postgres.sh)
  SecretRole role;
  PgWorkspace ws;
  role.grant(ws);
  write_probe_migration(ws);
  const std::string uri = "postgresql://" + role.name() + ":" + role.password() + "@%2Fvar%2Frun%2Fpostgresql/" +
                          ws.database_name();
  require_exit(run_with(ws, role, uri, "apply", {"--dir", "migrations"}), 0);
  CHECK(ws.rows("SELECT db, unix_socket FROM via") == Rows{row({ws.database_name(), "t"})});

  const std::string keywords = "host=" + std::string(k_socket_dir) + " user=" + role.name() + " password=" +
                               role.password() + " dbname=" + ws.database_name();
  require_exit(run_with(ws, role, keywords, "status", {"--dir", "migrations"}), 0);
  require_exit(run_with(ws, role, keywords, "rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws.table_exists("via"));
  check_no_file_created(ws, {"migrations"});
}

TEST_CASE("service= reads the connection from a PostgreSQL service file", "[e2e][postgres][urls]")
{
  SecretRole role;
  PgWorkspace ws;
  role.grant(ws);
  write_probe_migration(ws);
  ws.write("pg_service.conf", "[strata_urls]\nhost=127.0.0.1\nport=5432\nuser=" + role.name() +
                                "\npassword=" + role.password() + "\ndbname=" + ws.database_name() + "\n");
  ProcessOptions options;
  options.env["PGSERVICEFILE"] = ws.path("pg_service.conf").string();
  require_exit(run_with(ws, role, "service=strata_urls", "apply", {"--dir", "migrations", "--verbose"}, options), 0);
  CHECK(ws.rows("SELECT db, unix_socket FROM via") == Rows{row({ws.database_name(), "f"})});
  require_exit(run_with(ws, role, "service=strata_urls", "history", {"--dir", "migrations"}, options), 0);
  require_exit(run_with(ws, role, "service=strata_urls connect_timeout=10", "status", {"--dir", "migrations"}, options),
               0);

  const auto unknown = run_with(ws, role, "service=no_such_service", "status", {"--dir", "migrations"}, options);
  CHECK(unknown.exit_code == 1);
  CHECK(contains(unknown.err, "no_such_service"));
  check_no_file_created(ws, {"migrations", "pg_service.conf"});
}

TEST_CASE("a bad PostgreSQL connection string is one clear error without its password", "[e2e][postgres][urls]")
{
  SecretRole role;
  PgWorkspace ws;
  const auto status_of = [&](const std::string& url) {
    return run_with(ws, role, url, "status", {"--dir", "migrations"});
  };

  const auto unknown = status_of("host=127.0.0.1 password=" + role.password() + " bogus_option=1");
  CHECK(unknown.exit_code == 64); // a bad --db value is a usage error
  CHECK(contains(unknown.err, "invalid PostgreSQL connection string: invalid connection option \"bogus_option\""));

  // libpq quotes the whole URI in this message: the user name and password are taken out of it.
  const auto broken = status_of("postgres://" + role.name() + ":" + role.password() + "@[::1/db");
  CHECK(broken.exit_code == 64); // a bad --db value is a usage error
  CHECK(contains(broken.err, "invalid PostgreSQL connection string"));
  CHECK(contains(broken.err, "postgres://***@[::1/db"));
  CHECK_FALSE(contains(broken.err, role.name()));

  const auto port = status_of("postgres://" + role.name() + ":" + role.password() + "@127.0.0.1:notaport/db");
  CHECK(port.exit_code == 64); // a bad --db value is a usage error
  CHECK(contains(port.err, "port 'notaport' is not a number from 1 to 65535"));
  check_no_file_created(ws, {});
}

TEST_CASE("a project file's PostgreSQL URL with ${env:...} works and never shows its password",
          "[e2e][postgres][urls][project]")
{
  SecretRole role;
  PgWorkspace ws;
  role.grant(ws);
  ws.write("strata.yaml", "environments:\n  prod:\n    db: \"postgres://" + role.name() +
                            ":${env:STRATA_TEST_PROD_PASSWORD}@127.0.0.1:5432/" + ws.database_name() + "\"\n");
  ws.write("schema.yaml", one_table_yaml("notes", "\n      - { name: id, type: bigint, nullable: false }\n"));
  ProcessOptions with_password;
  with_password.env["STRATA_TEST_PROD_PASSWORD"] = role.password();
  const auto run = [&](std::vector<std::string> args, int code, ProcessOptions options) {
    auto result = ws.strata(args, std::move(options));
    INFO(result.describe());
    CHECK(result.exit_code == code);
    CHECK_FALSE(contains(result.output(), role.password()));
    return result;
  };
  const std::string shown = "postgres://" + role.name() + ":***@127.0.0.1:5432/" + ws.database_name();
  CHECK(contains(run({"config", "--env", "prod"}, 0, with_password).out, shown));
  CHECK(contains(run({"config", "--env", "prod", "--format", "json"}, 0, with_password).out, shown));
  run({"plan", "--env", "prod", "--name", "init", "--verbose"}, 2, with_password);
  run({"apply", "--env", "prod", "--verbose"}, 0, with_password);
  CHECK(ws.table_exists("notes"));
  run({"status", "--env", "prod"}, 0, with_password);
  run({"drift", "--env", "prod", "--verbose"}, 0, with_password);

  ProcessOptions wrong;
  wrong.env["STRATA_TEST_PROD_PASSWORD"] = role.password() + "x";
  CHECK(contains(run({"status", "--env", "prod"}, 1, wrong).err, "password authentication failed"));
  ProcessOptions unset;
  unset.unset_env = {"STRATA_TEST_PROD_PASSWORD"};
  CHECK(contains(run({"status", "--env", "prod"}, 1, unset).err,
                 "strata.yaml:3:" + std::to_string(22 + role.name().size()) +
                   ": environment variable STRATA_TEST_PROD_PASSWORD is not set"));
}
