// PostgreSQL enums, views and sequences on the real server: values added in place, an enum
// recreated with a value removed while a column keeps its data, views created and dropped,
// sequences owned by a column.
#include "tests/unit/dialects/postgres/write_fixture.hpp"

using namespace strata;
using namespace strata::test;
using schemas::Operation;

namespace {

schemas::Enum mood(std::vector<std::string> values)
{
  schemas::Enum e;
  e.name = "mood";
  e.values = std::move(values);
  return e;
}

} // namespace

TEST_CASE("postgres enums are created, grow in place and are recreated keeping column data", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  pg_apply(c, pg_render(Operation{schemas::CreateEnum{mood({"happy", "sad"})}}));
  pg_apply(c, pg_render(Operation{schemas::AddEnumValue{{"", "mood"}, "ok", "happy"}}));
  pg_apply(c, pg_render(Operation{schemas::AddEnumValue{{"", "mood"}, "angry", ""}}));
  CHECK(pg_value(c, "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum") == "happy,ok,sad,angry");

  c.execute("CREATE TABLE person (id int, m mood DEFAULT 'sad', ms mood[])");
  c.execute("INSERT INTO person VALUES (1, 'happy', '{ok}'), (2, 'sad', '{sad,happy}')");

  // Remove "angry" and reorder: DropEnum moves the old type aside, CreateEnum moves the columns.
  schemas::Schema live;
  live.enums = {mood({"happy", "ok", "sad", "angry"})};
  live.tables = {make_table("person", {make_column("id", "integer"), make_column("m", "mood", true, "'sad'::mood"),
                                     make_column("ms", "mood[]")})};
  schemas::Schema desired = live;
  desired.enums = {mood({"sad", "ok", "happy"})};
  dialects::RenderContext ctx{&live, &desired};
  auto statements = pg_render(Operation{schemas::DropEnum{live.enums[0]}}, ctx);
  const auto create = pg_render(Operation{schemas::CreateEnum{desired.enums[0]}}, ctx);
  statements.insert(statements.end(), create.begin(), create.end());
  pg_apply(c, statements);
  CHECK(pg_value(c, "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum") == "sad,ok,happy");
  CHECK(pg_value(c, "SELECT string_agg(m::text || '/' || ms::text, ' ' ORDER BY id) FROM person") ==
        "happy/{ok} sad/{sad,happy}");
  CHECK(pg_value(c, "SELECT column_default FROM information_schema.columns WHERE column_name = 'm'") ==
        "'sad'::mood");
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname LIKE 'mood%strata%'") == "0");

  c.execute("DROP TABLE person");
  pg_apply(c, pg_render(Operation{schemas::DropEnum{desired.enums[0]}}));
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname = 'mood'") == "0");
}

TEST_CASE("postgres views are created with columns and comments, and dropped", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE SCHEMA reports; CREATE TABLE t (id int, amount numeric)");
  schemas::View v;
  v.schema = "reports";
  v.name = "totals";
  v.columns = {"n", "total"};
  v.query = "SELECT count(*), sum(amount) FROM t";
  v.comment = "sums";
  const auto statements = pg_render(Operation{schemas::CreateView{v}});
  CHECK(pg_sql(statements).find("CREATE VIEW \"reports\".\"totals\" (\"n\", \"total\") AS") != std::string::npos);
  pg_apply(c, statements);
  CHECK(pg_value(c, "SELECT obj_description('reports.totals'::regclass, 'pg_class')") == "sums");
  CHECK(pg_value(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'totals'") == "2");
  pg_apply(c, pg_render(Operation{schemas::DropView{v}}));
  CHECK(pg_value(c, "SELECT to_regclass('reports.totals') IS NULL") == "t");
}

TEST_CASE("postgres materialized views are created with their indexes, WITH NO DATA when asked, commented and dropped",
          "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int, amount numeric); INSERT INTO t VALUES (1, 2), (1, 3), (2, 5)");
  schemas::View v;
  v.schema = "reports";
  v.name = "totals";
  v.query = "SELECT id, sum(amount) AS total FROM t GROUP BY id;"; // as pg_get_viewdef prints it
  v.comment = "sums";
  v.materialized = true;
  v.with_data = false;
  schemas::Index by_id;
  by_id.name = "totals_id";
  by_id.keys.push_back({});
  by_id.keys.back().column = "id";
  by_id.unique = true;
  v.indexes = {by_id};
  const auto statements = pg_render(Operation{schemas::CreateView{v}});
  CHECK(pg_sql(statements).find("CREATE MATERIALIZED VIEW \"reports\".\"totals\" AS SELECT id, sum(amount) AS total "
                                "FROM t GROUP BY id\nWITH NO DATA") != std::string::npos);
  pg_apply(c, statements);
  CHECK(pg_value(c, "SELECT relkind::text || relispopulated::text FROM pg_class WHERE oid = 'reports.totals'::regclass") ==
        "mfalse");
  CHECK(pg_value(c, "SELECT obj_description('reports.totals'::regclass, 'pg_class')") == "sums");
  CHECK(pg_value(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'totals'") ==
        "CREATE UNIQUE INDEX totals_id ON reports.totals USING btree (id)");

  // Its comment changes in place (COMMENT ON MATERIALIZED VIEW: a table's would be refused).
  schemas::Schema live;
  live.views = {v};
  dialects::RenderContext ctx{&live, &live};
  pg_apply(c, pg_render(Operation{schemas::SetTableComment{v.qualified(), "sums", "totals per id"}}, ctx));
  CHECK(pg_value(c, "SELECT obj_description('reports.totals'::regclass, 'pg_class')") == "totals per id");

  pg_apply(c, pg_render(Operation{schemas::DropView{v}}));
  CHECK(pg_value(c, "SELECT to_regclass('reports.totals') IS NULL AND to_regclass('reports.totals_id') IS NULL") ==
        "t");
  v.with_data = true;
  pg_apply(c, pg_render(Operation{schemas::CreateView{v}}));
  CHECK(pg_value(c, "SELECT string_agg(id || '=' || total, ',' ORDER BY id) FROM reports.totals") == "1=5,2=5");
}

TEST_CASE("postgres sequences are created with options and owned by a column", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE orders (id bigint)");
  schemas::Sequence s;
  s.name = "order_no";
  s.type = "bigint";
  s.start = 100;
  s.increment = 5;
  s.owned_by = "orders.id";
  schemas::Schema live;
  live.tables = {make_table("orders", {make_column("id", "bigint")})};
  dialects::RenderContext ctx{&live, nullptr};
  pg_apply(c, pg_render(Operation{schemas::CreateSequence{s}}, ctx));
  CHECK(pg_value(c, "SELECT nextval('order_no') + nextval('order_no')") == "205");
  CHECK(pg_value(c, "SELECT pg_get_serial_sequence('orders', 'id')") == "public.order_no");

  // A table created by the plan takes ownership after its CREATE TABLE.
  schemas::Schema desired;
  auto invoices = make_table("invoices", {make_column("no", "bigint", false, "nextval('invoice_no')")});
  desired.tables = {invoices};
  schemas::Sequence invoice_no;
  invoice_no.name = "invoice_no";
  invoice_no.owned_by = "invoices.no";
  desired.sequences = {invoice_no};
  dialects::RenderContext plan_ctx{&live, &desired};
  pg_apply(c, pg_render(Operation{schemas::CreateSequence{invoice_no}}, plan_ctx));
  pg_apply(c, pg_render(Operation{schemas::AddTable{invoices}}, plan_ctx));
  CHECK(pg_value(c, "SELECT pg_get_serial_sequence('invoices', 'no')") == "public.invoice_no");

  c.execute("DROP TABLE orders"); // drops the owned sequence with it
  pg_apply(c, pg_render(Operation{schemas::DropSequence{s}})); // IF EXISTS: still fine
  CHECK(pg_value(c, "SELECT to_regclass('order_no') IS NULL") == "t");
}
