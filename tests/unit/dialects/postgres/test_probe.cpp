// PostgreSQL probes on seeded rows of the real server: every ProbeQuery kind, on a table in a
// non-default schema with a mixed-case name (so quoting and qualification are exercised).
#include "tests/unit/dialects/postgres/write_fixture.hpp"

using namespace strata;
using namespace strata::test;
using Kind = dialects::ProbeQuery::Kind;

namespace {

std::string count(dialects::postgres::PostgresConnection& c, dialects::ProbeQuery probe)
{
  return pg_value(c, dialects::postgres::probe_sql(probe));
}

dialects::ProbeQuery probe(Kind kind, std::vector<std::string> columns = {})
{
  dialects::ProbeQuery q;
  q.kind = kind;
  q.table = {"app", "Items"};
  q.columns = std::move(columns);
  return q;
}

} // namespace

TEST_CASE("postgres probes count rows, NULLs, duplicates, orphans, long values and check violations",
          "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE SCHEMA app; CREATE TABLE app.\"Parents\" (id int PRIMARY KEY)");
  c.execute("CREATE TABLE app.\"Items\" (id int, \"Code\" varchar(20), parent int, qty int)");
  c.execute("INSERT INTO app.\"Parents\" VALUES (1), (2)");
  c.execute("INSERT INTO app.\"Items\" VALUES (1, 'aa', 1, 5), (2, 'aa', 3, -1), (3, 'ééééé', NULL, 0), "
            "(4, NULL, 2, 2), (5, 'bb', 4, 1), (6, 'bb', 1, 1)");

  CHECK(count(c, probe(Kind::rows)) == "6");
  CHECK(count(c, probe(Kind::non_null, {"Code"})) == "5");
  CHECK(count(c, probe(Kind::nulls, {"Code"})) == "1");
  CHECK(count(c, probe(Kind::duplicate_groups, {"Code"})) == "2");
  CHECK(count(c, probe(Kind::duplicate_groups, {"Code", "parent"})) == "0");

  auto orphans = probe(Kind::orphans, {"parent"});
  orphans.ref_table = {"app", "Parents"};
  orphans.ref_columns = {"id"};
  CHECK(count(c, orphans) == "2"); // parents 3 and 4; the NULL parent is no orphan

  auto too_long = probe(Kind::too_long, {"Code"});
  too_long.limit = 4;
  CHECK(count(c, too_long) == "1"); // five characters, ten bytes: characters count
  auto ints = probe(Kind::too_long, {"qty"});
  ints.limit = 1;
  CHECK(count(c, ints) == "1"); // "-1" as text

  auto check = probe(Kind::violating_check);
  check.expression = "qty > 0";
  CHECK(count(c, check) == "2");
  CHECK(dialects::postgres::probe_sql(check) ==
        "SELECT count(*) FROM \"app\".\"Items\" WHERE NOT (qty > 0)");
}
