#include "sqlite_fixture.hpp"

#include "schemas/error.hpp"

using namespace strata;
using namespace strata::test;
using strata::dialects::ProbeQuery;

namespace {

long long measure(SqliteDb& db, const ProbeQuery& probe)
{
  const std::string sql = db.dialect->probe_sql(probe);
  INFO(sql);
  const auto result = db.conn->query(sql);
  REQUIRE(result.rows.size() == 1);
  REQUIRE(result.columns.size() == 1);
  return std::stoll(result.rows[0][0].value_or("-1"));
}

ProbeQuery probe(ProbeQuery::Kind kind, std::vector<std::string> columns = {})
{
  ProbeQuery p;
  p.kind = kind;
  p.table = {"", "order \"lines\""};
  p.columns = std::move(columns);
  return p;
}

} // namespace

TEST_CASE("probe_sql counts on real data for every kind", "[probe]")
{
  SqliteDb db;
  db.conn->execute("CREATE TABLE \"select\" (id INTEGER PRIMARY KEY, \"a b\" INTEGER);"
                   "INSERT INTO \"select\" VALUES (1, 10), (2, 20), (3, 10);"
                   "CREATE TABLE \"order \"\"lines\"\"\" (\"sku ✓\" TEXT, qty INTEGER, parent INTEGER, pa INTEGER);"
                   "INSERT INTO \"order \"\"lines\"\"\" VALUES"
                   " ('abc', 1, 1, 10), ('abc', 1, 2, 20), ('abcdef', NULL, 9, 10), (NULL, -3, NULL, NULL),"
                   " ('xy', 2, 3, 99), ('xy', 2, 3, 10)");

  CHECK(measure(db, probe(ProbeQuery::Kind::rows)) == 6);
  CHECK(measure(db, probe(ProbeQuery::Kind::non_null, {"sku ✓"})) == 5);
  CHECK(measure(db, probe(ProbeQuery::Kind::nulls, {"qty"})) == 1);
  CHECK(measure(db, probe(ProbeQuery::Kind::duplicate_groups, {"sku ✓"})) == 2);      // abc, xy
  CHECK(measure(db, probe(ProbeQuery::Kind::duplicate_groups, {"sku ✓", "qty"})) == 2); // (abc,1), (xy,2)
  CHECK(measure(db, probe(ProbeQuery::Kind::duplicate_groups, {"parent", "pa"})) == 0);

  auto orphans = probe(ProbeQuery::Kind::orphans, {"parent"});
  orphans.ref_table = {"", "select"};
  orphans.ref_columns = {"id"};
  CHECK(measure(db, orphans) == 1); // parent 9 (NULL is not an orphan)

  auto composite = probe(ProbeQuery::Kind::orphans, {"parent", "pa"});
  composite.ref_table = {"", "select"};
  composite.ref_columns = {"id", "a b"};
  CHECK(measure(db, composite) == 2); // (9,10) and (3,99); (1,10), (2,20) and (3,10) match

  auto too_long = probe(ProbeQuery::Kind::too_long, {"sku ✓"});
  too_long.limit = 3;
  CHECK(measure(db, too_long) == 1);

  auto check = probe(ProbeQuery::Kind::violating_check);
  check.expression = "qty > 0";
  CHECK(measure(db, check) == 1); // NULL passes a CHECK

  auto outside = probe(ProbeQuery::Kind::values_outside, {"sku ✓"});
  outside.values = {"abc", "x'y"};
  CHECK(measure(db, outside) == 3); // abcdef, xy, xy (NULL holds no value)
}

TEST_CASE("probe_sql refuses probes that lack what they count", "[probe]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  CHECK_THROWS_AS(dialect->probe_sql(probe(ProbeQuery::Kind::nulls)), Error);
  CHECK_THROWS_AS(dialect->probe_sql(probe(ProbeQuery::Kind::orphans, {"a"})), Error);
  CHECK_THROWS_AS(dialect->probe_sql(probe(ProbeQuery::Kind::violating_check)), Error);
}
