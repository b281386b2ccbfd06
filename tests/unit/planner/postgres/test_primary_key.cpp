// Primary-key changes (SetPrimaryKey) planned and rendered for PostgreSQL, every statement executed
// on the real server in plan order: a key added to a table without one, a key whose columns change
// under a referencing foreign key (dropped before, added after, rows intact), a key renamed under an
// unchanged foreign key (refreshed by the planner), a key dropped; the down direction restores the
// old key. SQLite keeps lowering the same change into its table rebuild.
#include "dialects/postgres/postgres_dialect.hpp"
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "planner/plan.hpp"
#include "tests/unit/planner/postgres/plan_fixture.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

namespace {

long position(const std::vector<std::string>& kinds, const std::string& kind)
{
  const auto it = std::find(kinds.begin(), kinds.end(), kind);
  REQUIRE(it != kinds.end());
  return it - kinds.begin();
}

bool has_risk(const planner::Plan& plan, const std::string& code)
{
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const planner::Step& step) {
    return std::any_of(step.risks.begin(), step.risks.end(), [&](const schemas::Risk& r) { return r.code == code; });
  });
}

void apply_up(dialects::postgres::PostgresConnection& c, const dialects::Dialect& dialect, const planner::Plan& plan,
              const schemas::Schema& live, const schemas::Schema& desired)
{
  dialects::RenderContext ctx{&live, &desired};
  for (const auto& step : plan.steps) {
    pg_apply(c, dialect.render(step.operation, ctx));
  }
}

// The down file: every step's inverse, steps in reverse order, against the desired schema.
void apply_down(dialects::postgres::PostgresConnection& c, const dialects::Dialect& dialect, const planner::Plan& plan,
                const schemas::Schema& live, const schemas::Schema& desired)
{
  dialects::RenderContext ctx{&desired, &live};
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& op : step->inverse) {
      pg_apply(c, dialect.render(op, ctx));
    }
  }
}

// "name:col1,col2" of the table's primary key ("none" without one).
std::string key_of(dialects::postgres::PostgresConnection& c, const std::string& table)
{
  return pg_value(c, "SELECT coalesce((SELECT con.conname || ':' || string_agg(a.attname, ',' ORDER BY k.ord) "
                     "FROM pg_constraint con CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
                     "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                     "WHERE con.conrelid = '" + table + "'::regclass AND con.contype = 'p' GROUP BY con.conname), "
                     "'none')");
}

std::string foreign_keys_of(dialects::postgres::PostgresConnection& c, const std::string& table)
{
  return pg_value(c, "SELECT coalesce(string_agg(conname || '=' || pg_get_constraintdef(oid), '; ' ORDER BY conname), "
                     "'none') FROM pg_constraint WHERE conrelid = '" + table + "'::regclass AND contype = 'f'");
}

} // namespace

TEST_CASE("postgres plan: a primary key added to a table with rows", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id integer, name text); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "integer"), make_column("name", "text")})};
  schemas::Schema desired = live;
  desired.tables[0].primary_key = {"id"};

  const auto* dialect = &dialects::postgres::dialect();
  auto plan = planner::plan(live, desired, *dialect);
  const auto order = kinds(plan);
  REQUIRE(order == std::vector<std::string>{"AlterColumn", "SetPrimaryKey"}); // NOT NULL first
  CHECK(has_risk(plan, "DD202"));
  CHECK_FALSE(has_risk(plan, "L318"));
  planner::measure(plan, [&](const dialects::ProbeQuery& probe) -> std::optional<long long> {
    return std::stoll(pg_value(c, dialect->probe_sql(probe)));
  });
  const auto& key_step = plan.steps[1];
  REQUIRE(key_step.measurements.size() == 1);
  CHECK(key_step.measurements[0].probe.kind == dialects::ProbeQuery::Kind::duplicate_groups);
  CHECK(key_step.risks[key_step.measurements[0].risk_index].count == 0);

  dialects::RenderContext ctx{&live, &desired};
  const auto statements = dialect->render(key_step.operation, ctx);
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].sql.find("CREATE UNIQUE INDEX CONCURRENTLY") == 0);
  CHECK(statements[0].no_transaction);
  CHECK(statements[1].sql.find("PRIMARY KEY USING INDEX") != std::string::npos);

  apply_up(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "t") == "t_pkey:id");
  CHECK(pg_value(c, "SELECT count(*) FROM pg_indexes WHERE tablename = 't'") == "1"); // the index became the key
  CHECK_THROWS(c.execute("INSERT INTO t VALUES (1, 'dup')"));

  // Without concurrent indexes: one ALTER TABLE inside the transaction, flagged L318.
  const auto blocking = planner::plan(live, desired, *dialect, planner::DiffOptions{false});
  CHECK(has_risk(blocking, "L318"));
  dialects::RenderContext plain{&live, &desired};
  plain.concurrent_indexes = false;
  const auto one = dialect->render(blocking.steps.back().operation, plain);
  REQUIRE(one.size() == 1);
  CHECK(one[0].sql == "ALTER TABLE \"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (\"id\")");
  CHECK_FALSE(one[0].no_transaction);
}

TEST_CASE("postgres plan: primary key columns change under a referencing foreign key, and back", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE parent (id integer PRIMARY KEY, tenant integer NOT NULL, name text);"
            "CREATE TABLE child (id integer PRIMARY KEY, tenant_id integer NOT NULL, parent_id integer,"
            "  CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id));"
            "INSERT INTO parent VALUES (1, 10, 'a'), (2, 10, 'b'), (3, 20, 'c');"
            "INSERT INTO child VALUES (1, 10, 1), (2, 10, 2), (3, 20, 3), (4, 20, NULL)");
  schemas::Schema live;
  live.tables = {make_table("parent", {make_column("id", "integer", false), make_column("tenant", "integer", false),
                                     make_column("name", "text")},
                          {"id"}),
                 make_table("child", {make_column("id", "integer", false), make_column("tenant_id", "integer", false),
                                    make_column("parent_id", "integer")},
                          {"id"})};
  live.tables[1].foreign_keys = {foreign_key("child_parent_fk", {"parent_id"}, "parent", {"id"})};
  schemas::Schema desired = live;
  desired.tables[0].primary_key = {"tenant", "id"};
  desired.tables[0].primary_key_name = "parent_pk";
  desired.tables[1].foreign_keys = {
    foreign_key("child_parent_fk", {"tenant_id", "parent_id"}, "parent", {"tenant", "id"})};

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  const auto order = kinds(plan);
  CHECK(position(order, "DropForeignKey") < position(order, "SetPrimaryKey"));
  CHECK(position(order, "SetPrimaryKey") < position(order, "AddForeignKey"));
  CHECK(has_risk(plan, "DD202"));

  apply_up(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "parent") == "parent_pk:tenant,id");
  CHECK(foreign_keys_of(c, "child") ==
        "child_parent_fk=FOREIGN KEY (tenant_id, parent_id) REFERENCES parent(tenant, id)");
  CHECK(pg_value(c, "SELECT count(*) || ':' || sum(id) FROM parent") == "3:6");
  CHECK(pg_value(c, "SELECT count(*) || ':' || sum(parent_id) FROM child") == "4:6");
  CHECK_THROWS(c.execute("INSERT INTO child VALUES (5, 20, 1)")); // (20, 1) is no parent key

  // The down direction restores the old single-column key and foreign key.
  apply_down(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "parent") == "parent_pkey:id");
  CHECK(foreign_keys_of(c, "child") == "child_parent_fk=FOREIGN KEY (parent_id) REFERENCES parent(id)");
  CHECK(pg_value(c, "SELECT count(*) FROM child") == "4");
}

TEST_CASE("postgres plan: a renamed primary key refreshes the unchanged foreign key that uses it", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE parent (id integer PRIMARY KEY);"
            "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id));"
            "INSERT INTO parent VALUES (1), (2); INSERT INTO child VALUES (1, 1), (2, 2), (3, 2)");
  schemas::Schema live;
  live.tables = {make_table("parent", {make_column("id", "integer", false)}, {"id"}),
                 make_table("child", {make_column("id", "integer", false), make_column("parent_id", "integer")}, {"id"})};
  live.tables[1].foreign_keys = {foreign_key("child_parent_id_fkey", {"parent_id"}, "parent", {"id"})};
  schemas::Schema desired = live;
  desired.tables[0].primary_key_name = "parent_key";

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  const auto order = kinds(plan);
  REQUIRE(order == std::vector<std::string>{"DropForeignKey", "SetPrimaryKey", "AddForeignKey"});
  CHECK_FALSE(has_risk(plan, "DD202")); // same columns: no new uniqueness to fail on

  apply_up(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "parent") == "parent_key:id");
  CHECK(foreign_keys_of(c, "child") == "child_parent_id_fkey=FOREIGN KEY (parent_id) REFERENCES parent(id)");
  CHECK(pg_value(c, "SELECT count(*) FROM child") == "3");
  apply_down(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "parent") == "parent_pkey:id");
  CHECK(foreign_keys_of(c, "child") == "child_parent_id_fkey=FOREIGN KEY (parent_id) REFERENCES parent(id)");
}

TEST_CASE("postgres plan: a key change that leaves an unchanged foreign key without a key is refused", "[planner]")
{
  schemas::Schema live;
  live.tables = {make_table("parent", {make_column("id", "integer", false), make_column("code", "text", false)}, {"id"}),
                 make_table("child", {make_column("parent_id", "integer")})};
  live.tables[1].foreign_keys = {foreign_key("child_parent_fk", {"parent_id"}, "parent", {"id"})};
  schemas::Schema desired = live;
  desired.tables[0].primary_key = {"code"};
  const auto* dialect = &dialects::postgres::dialect();
  CHECK_THROWS_WITH(planner::plan(live, desired, *dialect),
                    Catch::Contains("child_parent_fk") && Catch::Contains("no longer a primary or unique key"));

  // A unique index on the old columns keeps the foreign key valid: planned as a refresh.
  schemas::Index unique;
  unique.name = "parent_id_key";
  unique.unique = true;
  unique.keys = {schemas::IndexKey{"id", "", false, ""}};
  desired.tables[0].indexes = {unique};
  const auto order = kinds(planner::plan(live, desired, *dialect));
  CHECK(position(order, "AddIndex") < position(order, "AddForeignKey"));
  CHECK(position(order, "SetPrimaryKey") < position(order, "AddForeignKey"));
}

TEST_CASE("postgres plan: a primary key dropped, its column made nullable after it", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id integer PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "integer", false), make_column("name", "text")}, {"id"})};
  schemas::Schema desired = live;
  desired.tables[0].primary_key.clear();
  desired.tables[0].columns[0].nullable = true;

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  REQUIRE(kinds(plan) == std::vector<std::string>{"SetPrimaryKey", "AlterColumn"});
  CHECK(has_risk(plan, "BI403"));
  CHECK(plan.steps[0].reversible);
  REQUIRE(plan.steps[0].inverse.size() == 1);
  const auto& back = std::get<schemas::SetPrimaryKey>(plan.steps[0].inverse[0]);
  CHECK(back.after.columns == std::vector<std::string>{"id"});
  CHECK(back.before.columns.empty());

  apply_up(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "t") == "none");
  c.execute("INSERT INTO t VALUES (NULL, 'no key'); DELETE FROM t WHERE id IS NULL");
  apply_down(c, *dialect, plan, live, desired);
  CHECK(key_of(c, "t") == "t_pkey:id");
  CHECK(pg_value(c, "SELECT count(*) FROM t") == "2");
}

TEST_CASE("sqlite: a primary key change stays one table rebuild, named first among its reasons", "[planner]")
{
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "integer", false), make_column("code", "text", false)}, {"id"})};
  live.tables[0].options = {{"strict", "true"}};
  schemas::Schema desired = live;
  desired.tables[0].primary_key = {"code"};
  desired.tables[0].options.clear();
  desired.tables[0].columns.push_back(make_column("extra", "text"));

  const auto* dialect = &dialects::sqlite::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  REQUIRE(plan.steps.size() == 1);
  const auto& rebuild = std::get<schemas::RebuildTable>(plan.steps[0].operation);
  // The added column needs no rebuild of its own; the rebuild absorbs it.
  CHECK(rebuild.reasons == std::vector<std::string>{"primary key of t changes", "table options of t change"});
  CHECK(rebuild.after.primary_key == std::vector<std::string>{"code"});
  CHECK(rebuild.after.find_column("extra") != nullptr);
}
