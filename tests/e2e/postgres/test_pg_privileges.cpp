// Managed privileges end to end on the real server: roles made for the run (unique names, one
// needing quotes; dropped at the end), grants read by `inspect --with-privileges` and planned back
// to nothing, changed (GRANT, REVOKE, a function's EXECUTE to PUBLIC revoked) with up and down
// files applied and the catalog checked with has_*_privilege, idempotence, drift seeing a
// hand-made GRANT, a grant to a missing role refused at plan time, and a schema without the
// switch leaving privileges alone.

#include "tests/e2e/support/pg_support.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <random>

using namespace strata::e2e;

namespace {

// Two roles for this run (roles belong to the server, not to a database): created on the admin
// connection and dropped there when the test ends, whatever happened. Declared before the
// workspace, so its database, where the roles hold grants, is gone by then.
class RunRoles {
public:
  RunRoles()
      : m_admin(strata::test::server_admin_url("STRATA_TEST_PG_URL", "PostgreSQL", "postgres.sh"))
  {
    std::random_device random;
    const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000);
    reader = "strata_e2e_reader_" + tag;
    writer = "Strata E2E Writer " + tag;
    m_admin.execute("CREATE ROLE \"" + reader + "\"");
    m_admin.execute("CREATE ROLE \"" + writer + "\"");
  }
  ~RunRoles()
  {
    try {
      m_admin.execute("DROP ROLE IF EXISTS \"" + reader + "\", \"" + writer + "\"");
    } catch (...) { // NOLINT(bugprone-empty-catch): a failed test already says why
    }
  }
  RunRoles(const RunRoles&) = delete;
  RunRoles& operator=(const RunRoles&) = delete;

  std::string reader;
  std::string writer;

private:
  strata::dialects::postgres::PostgresConnection m_admin;
};

std::string privilege(PgWorkspace& ws, const std::string& check)
{
  return ws.scalar("SELECT " + check).value_or("NULL");
}

} // namespace

TEST_CASE("postgres: managed privileges round trip, change, roll back, drift and refuse unknown roles",
          "[e2e][postgres][privileges]")
{
  RunRoles roles; // outlives the workspace's database
  PgWorkspace ws;
  const std::string& reader = roles.reader;
  const std::string& writer = roles.writer;
  ws.exec("CREATE SCHEMA app");
  ws.exec("CREATE TABLE app.orders (id integer PRIMARY KEY, total numeric NOT NULL)");
  ws.exec("INSERT INTO app.orders VALUES (1, 10), (2, 20)");
  ws.exec("CREATE SEQUENCE app.order_no");
  ws.exec("CREATE FUNCTION app.total_of(order_id integer) RETURNS numeric LANGUAGE sql STABLE AS "
          "$$ SELECT total FROM app.orders WHERE id = order_id $$");
  ws.exec("GRANT USAGE ON SCHEMA app TO \"" + reader + "\"");
  ws.exec("GRANT SELECT, INSERT ON app.orders TO \"" + reader + "\"");
  ws.exec("GRANT USAGE ON SEQUENCE app.order_no TO \"" + reader + "\"");

  // inspect --with-privileges writes them; planning that file against the same database is empty.
  require_exit(ws.run("inspect", {"--with-privileges", "-o", "live.yaml"}), 0);
  const std::string live = ws.read("live.yaml");
  CHECK(contains(live, "privileges: managed"));
  CHECK(contains(live, "{role: " + reader + ", privileges: [INSERT, SELECT]}"));
  CHECK(contains(live, "{role: PUBLIC, privileges: [EXECUTE]}")); // the function's default
  {
    const auto again = ws.run("plan", {"--schema", "live.yaml", "--dir", "migrations", "--dry-run"});
    INFO(again.describe());
    CHECK(again.exit_code == 0);
  }
  // Without --with-privileges nothing about them is written.
  require_exit(ws.run("inspect", {"-o", "plain.yaml"}), 0);
  CHECK_FALSE(contains(ws.read("plain.yaml"), "privileges"));
  CHECK_FALSE(contains(ws.read("plain.yaml"), "grants"));

  // The change: reader keeps SELECT only, writer gets SELECT and UPDATE with the grant option, the
  // function is executed by writer alone, the schema and sequence keep theirs.
  const std::string changed = R"(version: 1
privileges: managed
schemas:
  - { name: app, grants: [{ role: )" + reader + R"(, privileges: [USAGE] }] }
tables:
  - name: orders
    schema: app
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: total, type: numeric, nullable: false }
    primary_key: [id]
    grants:
      - { role: )" + reader + R"(, privileges: [SELECT] }
      - { role: ")" + writer + R"(", privileges: [SELECT, UPDATE], with_grant_option: true }
sequences:
  - { name: order_no, schema: app, grants: [{ role: )" + reader + R"(, privileges: [USAGE] }] }
functions:
  - name: total_of
    schema: app
    definition: "CREATE FUNCTION app.total_of(order_id integer) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT total FROM app.orders WHERE id = order_id $$"
    grants: [{ role: ")" + writer + R"(", privileges: [EXECUTE] }]
)";
  ws.write("changed.yaml", changed);
  const auto planned = ws.run("plan", {"--schema", "changed.yaml", "--dir", "migrations", "--name", "grants"});
  INFO(planned.describe());
  REQUIRE(planned.exit_code == 2);
  CHECK(contains(planned.output(), "BI407"));
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
  CHECK(privilege(ws, "has_table_privilege('" + reader + "', 'app.orders', 'INSERT')") == "f");
  CHECK(privilege(ws, "has_table_privilege('" + reader + "', 'app.orders', 'SELECT')") == "t");
  CHECK(privilege(ws, "has_table_privilege('" + writer + "', 'app.orders', 'UPDATE WITH GRANT OPTION')") == "t");
  CHECK(privilege(ws, "has_function_privilege('" + writer + "', 'app.total_of(integer)', 'EXECUTE')") == "t");
  CHECK(privilege(ws, "has_function_privilege('" + reader + "', 'app.total_of(integer)', 'EXECUTE')") == "f");
  CHECK(privilege(ws, "(SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a WHERE p.proname = 'total_of' AND "
                      "a.grantee = 0)") == "0"); // PUBLIC's EXECUTE is gone
  {
    const auto again = ws.run("plan", {"--schema", "changed.yaml", "--dir", "migrations", "--dry-run"});
    INFO(again.describe());
    CHECK(again.exit_code == 0); // idempotent
  }
  require_exit(ws.run("drift", {"--schema", "changed.yaml"}), 0);

  // A hand-made GRANT is drift, named with the expected and actual grants; revoked, it is gone.
  ws.exec("GRANT DELETE ON app.orders TO \"" + reader + "\"");
  const auto drift = ws.run("drift", {"--schema", "changed.yaml"});
  INFO(drift.describe());
  CHECK(drift.exit_code == 2);
  CHECK(contains(drift.output(), "privileges on table app.orders"));
  CHECK(contains(drift.output(), "DELETE, SELECT to " + reader));
  ws.exec("REVOKE DELETE ON app.orders FROM \"" + reader + "\"");
  require_exit(ws.run("drift", {"--schema", "changed.yaml"}), 0);

  // The down file gives back what the up file took.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(privilege(ws, "has_table_privilege('" + reader + "', 'app.orders', 'INSERT')") == "t");
  CHECK(privilege(ws, "has_table_privilege('" + writer + "', 'app.orders', 'SELECT')") == "f");
  CHECK(privilege(ws, "has_function_privilege('public', 'app.total_of(integer)', 'EXECUTE')") == "t");
  CHECK(ws.count("app.orders") == 2);

  // A grant to a role the server does not have: refused at plan time, naming the role and object.
  std::string missing = changed;
  missing.replace(missing.find("{ role: " + reader + ", privileges: [SELECT] }"), 8 + reader.size(),
                  "{ role: no_such_role_" + reader);
  ws.write("missing.yaml", missing);
  const auto refused = ws.run("plan", {"--schema", "missing.yaml", "--dir", "other", "--dry-run"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.output(), "missing.yaml:13:"));
  CHECK(contains(refused.output(), "table app.orders: grant to role \"no_such_role_" + reader + "\""));

  // Without the switch a schema leaves the grants alone: the plain inspect plans nothing.
  const auto plain = ws.run("plan", {"--schema", "plain.yaml", "--dir", "other", "--dry-run"});
  INFO(plain.describe());
  CHECK(plain.exit_code == 0);
}
