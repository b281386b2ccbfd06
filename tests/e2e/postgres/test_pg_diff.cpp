// `strata diff` on PostgreSQL compares every schema (namespace) of FROM, not only the ones TO
// names: a table in `audit` that TO lacks is dropped, from a schema file and from a database.

#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

const char* const k_with_audit = R"(version: 1
tables:
  - name: t
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
  - name: events
    schema: audit
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
)";

const char* const k_without_audit = R"(version: 1
tables:
  - name: t
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
)";

} // namespace

TEST_CASE("postgres: diff reads every schema of FROM", "[e2e][postgres][diff]")
{
  PgWorkspace ws;  // FROM as a database
  PgWorkspace dev; // the scratch database of the schema-file diff
  ws.write("with.yaml", k_with_audit);
  ws.write("without.yaml", k_without_audit);
  require_exit(ws.run("plan", {"--schema", "with.yaml", "--version", "1"}), 2);
  require_exit(ws.run("apply"), 0);
  for (const std::string& from : {ws.url(), ws.path("with.yaml").string()}) {
    INFO(from);
    const auto sql = ws.strata({"diff", from, "without.yaml", "--format", "sql", "--dev-db", dev.url()});
    INFO(sql.describe());
    CHECK(sql.exit_code == 2);
    CHECK(contains(sql.out, "DROP TABLE \"audit\".\"events\";"));
    CHECK_FALSE(contains(sql.out, "\"t\""));
  }
  require_exit(ws.strata({"diff", ws.url(), "with.yaml", "--dev-db", dev.url()}), 0);
}
