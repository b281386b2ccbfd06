// The round-trip invariant on PostgreSQL: read -> YAML -> load -> normalize equals normalize(read)
// and plans to nothing; and a hand-written desired schema, applied by hand, compares equal after
// normalize + canonicalize.
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "tests/unit/introspect/postgres/realistic.hpp"
#include "planner/plan.hpp"
#include "tests/unit/introspect/round_trip_checks.hpp"
#include "schemas/operation.hpp"
#include "schemas/yaml.hpp"
#include "tests/support/pg_accounts.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

using namespace strata;

TEST_CASE("PostgreSQL round trip: read, write YAML, load: equal after normalize and an empty plan",
          "[postgres][introspect][yaml]")
{
  test::PostgresDatabase db;
  test::check_round_trip_of(db, "postgres", test::k_pg_realistic_schema, introspect::ReadOptions{"", {"audit"}});
}

TEST_CASE("PostgreSQL: a hand-written schema applied by hand compares equal after normalize and canonicalize",
          "[postgres][introspect]")
{
  test::PostgresDatabase db;
  // The shared accounts table with an array and a boolean column, and a view over it.
  db.connection().execute(test::pg_accounts_sql("  flags int[] DEFAULT '{}',\n  active bool DEFAULT TRUE,\n") +
                          "CREATE VIEW open_accounts AS SELECT id, email FROM accounts WHERE status = 'open' AND "
                          "deleted_at IS NULL;");
  const std::string yaml = "version: 1\ntables:\n" +
                           test::pg_accounts_yaml("      - { name: flags, type: \"int[]\", default: \"'{}'\" }\n"
                                                  "      - { name: active, type: { postgres: bool, sqlite: integer }, "
                                                  "default: \"true\" }\n") +
                           R"YAML(views:
  - name: open_accounts
    query: |
      SELECT id, email
      FROM accounts
      WHERE status = 'open' AND deleted_at IS NULL
)YAML";
  test::check_written_equals_live(db, "postgres", yaml);
  // Nothing was changed on the server, and the connection is usable (no transaction left open).
  CHECK(db.connection().query("SELECT count(*) FROM pg_class WHERE relname LIKE 'strata_canon%'").rows[0][0] ==
        std::optional<std::string>("0"));
}

TEST_CASE("PostgreSQL canonicalize keeps a desired expression the server rejects", "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute("CREATE TABLE t (a integer CONSTRAINT t_a_check CHECK (a > 0), b integer DEFAULT 1)");
  const schemas::Schema live = test::normalized_live(db, "postgres");
  schemas::Schema desired = live;
  desired.tables[0].checks[0].expression = "no_such_column > 0";
  desired.tables[0].columns[1].default_value = "2";
  test::canonicalize_on(db, "postgres", desired, live);
  CHECK(desired.tables[0].checks[0].expression == "no_such_column > 0");
  CHECK(desired.tables[0].columns[1].default_value == std::optional<std::string>("2"));
  CHECK(db.connection().query("SELECT 1").rows.size() == 1);
}
