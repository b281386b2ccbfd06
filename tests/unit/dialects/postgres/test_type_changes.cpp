// PostgreSQL column type changes that need more than `TYPE t USING col::t`, executed on the real
// server: serial sizes (the integer type underneath, and the owned sequence widened so the catalog
// equals a fresh column of the new size), and enum types on either side (cast through text).
#include "tests/unit/dialects/postgres/write_fixture.hpp"

#include "schemas/error.hpp"

#include <utility>
#include <vector>

using namespace strata;
using namespace strata::test;
using schemas::Operation;

namespace {

schemas::AlterColumn retype(const schemas::QualifiedName& table, schemas::Column before, schemas::Column after)
{
  schemas::AlterColumn op{table, std::move(before), std::move(after), {}};
  op.changes.type = true;
  return op;
}

// data type and maximum of the sequence that feeds `table`.`column`.
std::string sequence_shape(dialects::postgres::PostgresConnection& c, const std::string& table,
                           const std::string& column)
{
  return pg_value(c, "SELECT s.data_type || ':' || s.maximum_value FROM information_schema.sequences s WHERE "
                     "quote_ident(s.sequence_schema) || '.' || quote_ident(s.sequence_name) = "
                     "pg_get_serial_sequence('" + table + "', '" + column + "')");
}

} // namespace

TEST_CASE("postgres serial -> bigserial alters the integer type and widens the owned sequence", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE items (id serial PRIMARY KEY, label text)");
  c.execute("INSERT INTO items (label) VALUES ('a'), ('b')");
  c.execute("CREATE TABLE fresh (id bigserial PRIMARY KEY)");
  const schemas::QualifiedName items{"", "items"};

  const auto statements =
    pg_render(Operation{retype(items, make_column("id", "serial", false), make_column("id", "bigserial", false))});
  const std::string sql = pg_sql(statements);
  CHECK(sql.find("TYPE bigint USING \"id\"::bigint") != std::string::npos);
  CHECK(sql.find("bigserial") == std::string::npos);
  pg_apply(c, statements);

  CHECK(pg_value(c, "SELECT data_type FROM information_schema.columns WHERE table_name = 'items' AND "
                    "column_name = 'id'") == "bigint");
  CHECK(sequence_shape(c, "items", "id") == sequence_shape(c, "fresh", "id"));
  CHECK(sequence_shape(c, "items", "id") == "bigint:9223372036854775807");
  // The default still draws from the same sequence, after the existing rows.
  c.execute("SELECT setval(pg_get_serial_sequence('items', 'id'), 3000000000)");
  c.execute("INSERT INTO items (label) VALUES ('c')");
  CHECK(pg_value(c, "SELECT string_agg(id::text, ',' ORDER BY id) FROM items") == "1,2,3000000001");
}

TEST_CASE("postgres smallserial -> serial on a renamed table finds the sequence under its old name", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE \"Old Name\" (id smallserial PRIMARY KEY); ALTER TABLE \"Old Name\" RENAME TO \"New\"");
  c.execute("INSERT INTO \"New\" DEFAULT VALUES");
  c.execute("CREATE TABLE fresh (id serial PRIMARY KEY)");
  pg_apply(c, pg_render(Operation{retype({"", "New"}, make_column("id", "smallserial", false),
                                         make_column("id", "serial", false))}));
  CHECK(pg_value(c, "SELECT data_type FROM information_schema.columns WHERE table_name = 'New'") == "integer");
  CHECK(sequence_shape(c, "\"New\"", "id") == sequence_shape(c, "fresh", "id"));

  // And back down (a down file): the sequence narrows with the column.
  pg_apply(c, pg_render(Operation{retype({"", "New"}, make_column("id", "serial", false),
                                         make_column("id", "smallserial", false))}));
  CHECK(sequence_shape(c, "\"New\"", "id") == "smallint:32767");
}

TEST_CASE("postgres type change between enum types casts through text", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE SCHEMA audit");
  c.execute("CREATE TYPE old_status AS ENUM ('new', 'done'); CREATE TYPE audit.new_status AS ENUM ('new', 'done', "
            "'lost')");
  c.execute("CREATE TABLE audit.jobs (id int PRIMARY KEY, status old_status, history old_status[], note text)");
  c.execute("INSERT INTO audit.jobs VALUES (1, 'done', '{new,done}', 'new'), (2, 'new', '{}', NULL)");

  schemas::Schema live;
  live.enums = {schemas::Enum{"", "old_status", {"new", "done"}, {}},
                schemas::Enum{"audit", "new_status", {"new", "done", "lost"}, {}}};
  schemas::Schema desired;
  desired.enums = {live.enums[1]};
  dialects::RenderContext ctx{&live, &desired};
  const schemas::QualifiedName jobs{"audit", "jobs"};

  const auto status = pg_render(Operation{retype(jobs, make_column("status", "old_status"),
                                                 make_column("status", "audit.new_status"))},
                                ctx);
  CHECK(pg_sql(status).find("USING \"status\"::text::audit.new_status") != std::string::npos);
  pg_apply(c, status);
  pg_apply(c, pg_render(Operation{retype(jobs, make_column("history", "old_status[]"),
                                         make_column("history", "audit.new_status[]"))},
                        ctx));
  // text -> enum and enum -> text go through text as well.
  pg_apply(c, pg_render(Operation{retype(jobs, make_column("note", "text"), make_column("note", "audit.new_status"))},
                        ctx));
  c.execute("DROP TYPE old_status"); // nothing uses it any more
  CHECK(pg_value(c, "SELECT string_agg(status || '/' || history::text || '/' || coalesce(note::text, '-'), ',' "
                    "ORDER BY id) FROM audit.jobs") == "done/{new,done}/new,new/{}/-");
  CHECK(pg_value(c, "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute "
                    "WHERE attrelid = 'audit.jobs'::regclass AND attnum > 1") ==
        "audit.new_status,audit.new_status[],audit.new_status");
  pg_apply(c, pg_render(Operation{retype(jobs, make_column("status", "audit.new_status"), make_column("status", "text"))},
                        ctx));
  CHECK(pg_value(c, "SELECT string_agg(status, ',' ORDER BY id) FROM audit.jobs") == "done,new");
}

TEST_CASE("postgres sequence_type is kept where it differs from the serial's own and refused elsewhere", "[postgres]")
{
  schemas::Schema schema;
  schemas::Table table;
  table.name = "t";
  auto widened = make_column("id", "bigserial", false);
  widened.sequence_type = "int4";
  auto plain = make_column("n", "serial", false);
  plain.sequence_type = "integer";
  table.columns = {widened, plain};
  schema.tables = {table};
  const auto normal = dialects::postgres::normalize(schema);
  CHECK(normal.tables[0].columns[0].sequence_type == "integer");
  CHECK(normal.tables[0].columns[1].sequence_type.empty());

  schema.tables[0].columns[1].type = schemas::ColumnType::make_native("integer");
  CHECK_THROWS_WITH(dialects::postgres::normalize(schema),
                    "column t.n: sequence_type applies only to serial, bigserial and smallserial columns");
}

TEST_CASE("postgres type change with no cast is refused at the column's YAML line, and a down file goes through text",
          "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE hosts (id int PRIMARY KEY, addr integer, meta jsonb, seen date, big bigint)");
  const schemas::QualifiedName hosts{"", "hosts"};

  // integer -> inet: no cast; `"addr"::inet` would fail even on this empty table.
  auto yaml_column = make_column("addr", "inet");
  yaml_column.location = {"schema.yaml", 9, 9};
  try {
    pg_render(Operation{retype(hosts, make_column("addr", "integer"), yaml_column)});
    FAIL("an integer -> inet change was rendered");
  } catch (const SchemaError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].str() ==
          "schema.yaml:9:9: column hosts.addr: the type changes from integer to inet, but PostgreSQL has no cast "
          "from integer to inet, so ALTER COLUMN ... TYPE inet USING \"addr\"::inet fails even on an empty table; "
          "convert the values in a hand-written migration (strata new) with a USING expression of your own, or add "
          "a new column and drop this one");
  }
  for (const auto& [before, after] : std::vector<std::pair<std::string, std::string>>{
         {"date", "integer"}, {"bigint", "boolean"}, {"integer", "integer[]"}, {"uuid", "bigint"}}) {
    auto to = make_column("c", after);
    to.location = {"schema.yaml", 3, 9};
    INFO(before << " -> " << after);
    CHECK_THROWS_AS(pg_render(Operation{retype(hosts, make_column("c", before), to)}), SchemaError);
  }
  // Casts PostgreSQL has (and string types, enums, domains: the server's to judge) are rendered.
  for (const auto& [before, after] : std::vector<std::pair<std::string, std::string>>{
         {"integer", "bigint"}, {"integer", "boolean"}, {"cidr", "inet"}, {"jsonb", "integer"}, {"date", "timestamptz"},
         {"integer", "text"}, {"text", "inet"}, {"integer[]", "bigint[]"}, {"integer", "mood"}, {"serial", "bigint"}}) {
    auto to = make_column("c", after);
    to.location = {"schema.yaml", 3, 9};
    INFO(before << " -> " << after);
    CHECK_NOTHROW(pg_render(Operation{retype(hosts, make_column("c", before), to)}));
  }

  // jsonb -> integer has a cast; undoing it (a column read from the database, no YAML line) has
  // none and converts through the text form, which holds the values back.
  c.execute("INSERT INTO hosts VALUES (1, NULL, '42', '2024-01-31', 7), (2, NULL, NULL, NULL, NULL)");
  auto meta_int = make_column("meta", "integer");
  meta_int.location = {"schema.yaml", 5, 9};
  pg_apply(c, pg_render(Operation{retype(hosts, make_column("meta", "jsonb"), meta_int)}));
  const auto back = pg_render(Operation{retype(hosts, make_column("meta", "integer"), make_column("meta", "jsonb"))});
  CHECK(pg_sql(back).find("USING \"meta\"::text::jsonb") != std::string::npos);
  pg_apply(c, back);
  CHECK(pg_value(c, "SELECT string_agg(coalesce(meta::text, '-'), ',' ORDER BY id) FROM hosts") == "42,-");
  CHECK(pg_value(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'hosts'::regclass "
                    "AND attname = 'meta'") == "jsonb");
}
