// The planner and the PostgreSQL renderer together on the real server: a view reading a column
// whose type changes is dropped first and created again after; an enum is created before the
// column that uses it. Every step's statements are executed in plan order.
#include "dialects/postgres/postgres_dialect.hpp"
#include "planner/plan.hpp"
#include "tests/unit/dialects/postgres/write_fixture.hpp"
#include "tests/unit/planner/planner_support.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

TEST_CASE("postgres plan: view over a retyped column and an enum column apply in order", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id integer PRIMARY KEY, amount integer); INSERT INTO t VALUES (1, 10), (2, 20)");
  c.execute("CREATE VIEW v AS SELECT id, amount FROM t");

  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "integer", false), make_column("amount", "integer")}, {"id"})};
  live.views = {schemas::View{"", "v", "SELECT id, amount FROM t", {}, "", {}}};
  schemas::Schema desired = live;
  desired.tables[0].columns[1] = make_column("amount", "bigint");
  desired.tables[0].columns.push_back(make_column("m", "mood", true, "'ok'::mood"));
  desired.enums = {schemas::Enum{"", "mood", {"ok", "bad"}, {}}};

  const auto* dialect = &dialects::postgres::dialect();
  const auto plan = planner::plan(live, desired, *dialect);
  std::vector<std::string> kinds;
  for (const auto& step : plan.steps) {
    kinds.push_back(schemas::operation_kind(step.operation));
  }
  const auto at = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  REQUIRE(at("DropView") < at("AlterColumn"));
  REQUIRE(at("AlterColumn") < at("CreateView"));
  REQUIRE(at("CreateEnum") < at("AddColumn"));

  dialects::RenderContext ctx{&live, &desired};
  for (const auto& step : plan.steps) {
    pg_apply(c, dialect->render(step.operation, ctx));
  }
  CHECK(pg_value(c, "SELECT data_type FROM information_schema.columns WHERE table_name = 'v' AND "
                    "column_name = 'amount'") == "bigint");
  CHECK(pg_value(c, "SELECT sum(amount) || ':' || min(m::text) FROM t") == "30:ok");
  bool rewrite_flagged = false;
  for (const auto& step : plan.steps) {
    for (const auto& risk : step.risks) {
      rewrite_flagged = rewrite_flagged || risk.code == "L311";
    }
  }
  CHECK(rewrite_flagged); // integer -> bigint rewrites t
}

namespace {

schemas::Schema partitioned_events()
{
  schemas::Schema schema;
  auto events = make_table("events", {make_column("id", "bigint", false), make_column("day", "date", false)},
                           {"id", "day"});
  events.partitioning.edit().method = "range";
  events.partitioning.edit().columns = {"day"};
  schemas::Table year;
  year.name = "events_2024";
  year.partition_of = schemas::PartitionOf{{"", "events"}, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", false, {}};
  year.partitioning.edit().method = "range";
  year.partitioning.edit().columns = {"day"};
  schemas::Table half = year;
  half.name = "events_2024_h1";
  half.partitioning = {};
  half.partition_of = schemas::PartitionOf{{"", "events_2024"}, "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')", false, {}};
  schemas::Table other;
  other.name = "events_other";
  other.partition_of = schemas::PartitionOf{{"", "events"}, "", true, {}};
  // Listed children first: the order comes from the graph, not the file.
  schema.tables = {half, other, year, events};
  return schema;
}

std::vector<std::string> codes_of(const planner::Step& step)
{
  std::vector<std::string> codes;
  for (const auto& risk : step.risks) {
    codes.push_back(risk.code);
  }
  return codes;
}

} // namespace

TEST_CASE("postgres plan: partitions are created after their parent and dropped before it, rows counted once",
          "[planner][partition]")
{
  const auto& dialect = dialects::postgres::dialect();
  const schemas::Schema schema = dialect.normalize(partitioned_events());
  const auto create = planner::plan({}, schema, dialect);
  CHECK(position(create, "create table events") < position(create, "create table events_2024"));
  CHECK(position(create, "create table events_2024") < position(create, "create table events_2024_h1"));
  CHECK(position(create, "create table events") < position(create, "create table events_other"));

  const auto drop = planner::plan(schema, {}, dialect);
  CHECK(position(drop, "drop table events_2024_h1") < position(drop, "drop table events_2024"));
  CHECK(position(drop, "drop table events_2024") < position(drop, "drop table events"));
  CHECK(position(drop, "drop table events_other") < position(drop, "drop table events"));
  const auto& parent = step(drop, "drop table events");
  CHECK(codes_of(parent) == std::vector<std::string>{"D104", "BI401", "IR501"});
  REQUIRE(parent.measurements.size() == 1);
  CHECK(parent.measurements[0].probe.table == schemas::QualifiedName{"", "events"});
  CHECK(parent.backups.size() == 1);
  const auto& nested = step(drop, "drop table events_2024_h1");
  CHECK(codes_of(nested) == std::vector<std::string>{"D104", "BI401", "IR501"});
  CHECK(nested.risks[0].message.find("counted and backed up with events") != std::string::npos);
  CHECK(nested.measurements.empty());
  CHECK(nested.backups.empty());

  // One partition dropped alone: its own count and backup.
  schemas::Schema fewer = schema;
  fewer.tables.erase(std::find_if(fewer.tables.begin(), fewer.tables.end(),
                                  [](const schemas::Table& t) { return t.name == "events_other"; }));
  const auto one = planner::plan(schema, fewer, dialect);
  REQUIRE(one.steps.size() == 1);
  CHECK(codes_of(one.steps[0]) == std::vector<std::string>{"D104", "BI401", "IR501"});
  CHECK(one.steps[0].measurements.size() == 1);
  CHECK(one.steps[0].backups.size() == 1);
}

TEST_CASE("postgres plan: detach, attach and a bound change, their inverses, a changed key is refused",
          "[planner][partition]")
{
  const auto& dialect = dialects::postgres::dialect();
  const schemas::Schema live = dialect.normalize(partitioned_events());
  schemas::Schema desired = live;
  for (auto& table : desired.tables) {
    if (table.name == "events_other") {
      table.partition_of.edit().is_default = false; // a bound instead of DEFAULT: detach, then attach
      table.partition_of.edit().bound = "FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')";
    }
  }
  const auto moved = planner::plan(live, desired, dialect);
  REQUIRE(moved.steps.size() == 1);
  CHECK(schemas::operation_kind(moved.steps[0].operation) == "SetPartitionOf");
  CHECK(codes_of(moved.steps[0]) == std::vector<std::string>{"BI406", "L320"});
  REQUIRE(moved.steps[0].inverse.size() == 1);
  const auto& back = std::get<schemas::SetPartitionOf>(moved.steps[0].inverse[0]);
  CHECK(back.after.is_default);
  CHECK(moved.steps[0].reversible);

  // events_2024_h1 detached: a table of its own with the columns and key it had from its parent.
  desired = live;
  for (auto& table : desired.tables) {
    if (table.name == "events_2024_h1") {
      table.partition_of = {};
      table.columns = live.find_table({"", "events"})->columns;
      table.primary_key = {"id", "day"};
    }
  }
  const auto detached = planner::plan(live, desired, dialect);
  REQUIRE(detached.steps.size() == 1);
  CHECK(described(detached) == std::vector<std::string>{"detach partition events_2024_h1 from events_2024"});
  CHECK(codes_of(detached.steps[0]) == std::vector<std::string>{"BI406"});
  // ... and attached back (the reverse plan): L320.
  const auto attached = planner::plan(desired, live, dialect);
  REQUIRE(attached.steps.size() == 1);
  CHECK(codes_of(attached.steps[0]) == std::vector<std::string>{"L320"});

  // A new partition key cannot be planned for PostgreSQL: rendering refuses, naming the table.
  desired = live;
  for (auto& table : desired.tables) {
    if (table.name == "events") {
      table.partitioning.edit().method = "list";
    }
  }
  const auto repartitioned = planner::plan(live, desired, dialect);
  REQUIRE(repartitioned.steps.size() == 1);
  dialects::RenderContext context;
  CHECK_THROWS_WITH(dialect.render(repartitioned.steps[0].operation, context),
                    Catch::Contains("table events: PostgreSQL cannot change the partitioning"));
}

namespace {

// A partitioned parent with a key, a check, an index and a foreign key, then `rest`: the tables
// after it (a partition of it, or a table of its own to attach).
std::string events_yaml(const std::string& rest)
{
  return R"y(
version: 1
tables:
  - name: regions
    columns:
      - { name: code, type: text, nullable: false }
    primary_key: [code]
  - name: events
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: day, type: date, nullable: false }
      - { name: region, type: text, nullable: false }
    primary_key: [id, day]
    indexes:
      - { name: events_region, columns: [region] }
    foreign_keys:
      - { name: events_region_fkey, columns: [region], references: { table: regions } }
    checks:
      - { name: events_positive, expression: "id > 0" }
    partition: { by: range, columns: [day] }
)y" + rest;
}

} // namespace

TEST_CASE("postgres plan: a partition's own index, check and foreign key change like a table's, after the "
          "columns of its root they use",
          "[planner][partition]")
{
  const auto& dialect = dialects::postgres::dialect();
  const auto live = dialect.normalize(yaml(events_yaml(R"y(
  - name: events_2024
    partition_of: { table: events, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" }
    indexes:
      - { name: events_2024_old, columns: [id] }
)y")));
  auto desired_text = events_yaml(R"y(
  - name: events_2024
    partition_of: { table: events, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" }
    indexes:
      - { name: events_2024_note, columns: [note] }
    checks:
      - { name: events_2024_small, expression: "id < 1000" }
    foreign_keys:
      - { name: events_2024_region, columns: [region], references: { table: regions } }
)y");
  desired_text.replace(desired_text.find("    primary_key: [id, day]"), 0,
                       "      - { name: note, type: text }\n");
  const auto desired = dialect.normalize(yaml(desired_text));
  const auto plan = planner::plan(live, desired, dialect);
  CHECK(position(plan, "add column events.note") < position(plan, "create index events_2024_note on events_2024"));
  CHECK(position(plan, "drop index events_2024_old on events_2024") <
        position(plan, "create index events_2024_note on events_2024"));
  CHECK(codes(step(plan, "add check events_2024_small on events_2024")) == std::vector<std::string>{"DD204"});
  CHECK(codes(step(plan, "add foreign key events_2024_region on events_2024")) == std::vector<std::string>{"DD203"});
  REQUIRE(plan.steps.size() == 5);
  // The down file drops what the up file created and creates the dropped index again.
  const auto& dropped = step(plan, "drop index events_2024_old on events_2024");
  REQUIRE(dropped.inverse.size() == 1);
  CHECK(std::get<schemas::AddIndex>(dropped.inverse[0]).table == schemas::QualifiedName{"", "events_2024"});
}

TEST_CASE("postgres plan: a table attached as a partition keeps what the parent's become, drops the rest and "
          "gets the parent's checks first",
          "[planner][partition]")
{
  const auto& dialect = dialects::postgres::dialect();
  const auto live = dialect.normalize(yaml(events_yaml(R"y(
  - name: events_old
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: day, type: date, nullable: false }
      - { name: region, type: text, nullable: false }
    primary_key: [id, day]
    indexes:
      - { name: events_old_region, columns: [region] }
      - { name: events_old_id, columns: [id] }
      - { name: events_old_day, columns: [day] }
    foreign_keys:
      - { name: events_old_region_fkey, columns: [region], references: { table: regions } }
    checks:
      - { name: events_old_small, expression: "id < 1000" }
)y")));
  const auto desired = dialect.normalize(yaml(events_yaml(R"y(
  - name: events_old
    partition_of: { table: events, bound: "FOR VALUES FROM (MINVALUE) TO ('2024-01-01')" }
    indexes:
      - { name: events_old_day, columns: [day] }
)y")));
  const auto plan = planner::plan(live, desired, dialect);
  CHECK(described(plan) == std::vector<std::string>{"drop check events_old_small on events_old",
                                                     "drop index events_old_id on events_old",
                                                     "add check events_positive on events_old",
                                                     "attach events_old as a partition of events (FOR VALUES FROM "
                                                     "(MINVALUE) TO ('2024-01-01'))"});
}
