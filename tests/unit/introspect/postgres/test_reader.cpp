// The PostgreSQL reader on a realistic schema, feature by feature, and its query count.
#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "schemas/yaml.hpp"
#include "tests/unit/introspect/postgres/realistic.hpp"
#include "tests/unit/introspect/reader_checks.hpp"
#include "tests/unit/introspect/round_trip_checks.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>

using namespace strata;

namespace {

const dialects::Dialect* pg_dialect()
{
  return &dialects::dialect_for("postgres");
}

using test::column;
using test::CountingConnection;
using test::index;
using test::table;

} // namespace

TEST_CASE("PostgreSQL reader: tables, schemas, columns and types", "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute(test::k_pg_realistic_schema);
  const auto dialect = pg_dialect();
  const auto live = introspect::read_schema(db.connection(), *dialect, {"", {"audit"}});

  CHECK(live.tables.size() == 13); // 11 public + 2 audit; strata_* skipped
  CHECK(live.find_table({"", "strata_schema_history"}) == nullptr);
  const auto& users = table(live, "", "users");
  CHECK(column(users, "id").type.str() == "serial");
  CHECK_FALSE(column(users, "id").default_value);
  CHECK(column(users, "email").type.str() == "character varying(255)");
  CHECK(column(users, "email").comment == "Login address");
  CHECK(column(users, "nick").collation == "C");
  CHECK(column(users, "mood").type.str() == "mood");
  CHECK(column(users, "tags").type.str() == "text[]");
  CHECK(column(users, "score").type.str() == "numeric(10,2)");
  CHECK(column(users, "status").default_value == std::optional<std::string>("'active'::text"));
  REQUIRE(column(users, "email_lower").generated);
  CHECK(column(users, "email_lower").generated->stored);
  CHECK(column(users, "email_lower").generated->expression == "lower((email)::text)");
  CHECK(column(users, "deleted_at").type.str() == "timestamp without time zone");

  const auto& orgs = table(live, "", "orgs");
  CHECK(orgs.comment == "Customer organisations");
  CHECK(column(orgs, "id").identity);
  CHECK(column(orgs, "id").identity_always);
  CHECK(column(table(live, "", "orders"), "id").identity);
  CHECK_FALSE(column(table(live, "", "orders"), "id").identity_always);
  CHECK(column(table(live, "", "products"), "id").type.str() == "bigserial");

  const auto& events = table(live, "audit", "events");
  CHECK(column(events, "level").type.str() == "audit.level");
  CHECK(live.find_table({"", "events"}) == nullptr);

  // Without extra schemas only the default one is read.
  const auto public_only = introspect::read_schema(db.connection(), *dialect);
  CHECK(public_only.tables.size() == 11);
  CHECK(public_only.find_table({"audit", "events"}) == nullptr);
  // schema_name makes audit the default schema: its objects lose their `schema`.
  const auto audit_default = introspect::read_schema(db.connection(), *dialect, {"audit", {}});
  CHECK(audit_default.tables.size() == 2);
  CHECK(audit_default.find_table({"", "events"}) != nullptr);
}

TEST_CASE("PostgreSQL reader: keys, constraints and indexes", "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute(test::k_pg_realistic_schema);
  const auto dialect = pg_dialect();
  const auto live = introspect::read_schema(db.connection(), *dialect, {"", {"audit"}});

  const auto& teams = table(live, "", "teams");
  CHECK(teams.primary_key == std::vector<std::string>{"org_id", "code"});
  CHECK(teams.primary_key_name == "teams_pk");
  CHECK(dialect->normalize(live).find_table({"", "users"})->primary_key_name.empty());

  const auto& memberships = table(live, "", "memberships");
  const auto* fk = memberships.find_foreign_key("memberships_org_id_team_code_fkey");
  REQUIRE(fk != nullptr);
  CHECK(fk->match == "full");
  CHECK(fk->deferrable);
  CHECK(fk->initially_deferred);
  CHECK(fk->on_update == "cascade");
  CHECK(fk->ref_columns == std::vector<std::string>{"org_id", "code"});
  CHECK(memberships.find_foreign_key("memberships_user_fk")->on_delete == "set null");
  CHECK(memberships.find_check("memberships_role_ok") != nullptr);
  CHECK(table(live, "", "invoices").foreign_keys.at(0).on_delete == "set default");
  CHECK(table(live, "", "orders").find_check("orders_total_positive") != nullptr); // NOT VALID
  CHECK(table(live, "audit", "events").foreign_keys.at(0).references == schemas::QualifiedName{"", "users"});
  CHECK(table(live, "audit", "notes").foreign_keys.at(0).references == schemas::QualifiedName{"audit", "events"});

  const auto& products = table(live, "", "products");
  const auto* sku = products.find_index("products_sku_key");
  REQUIRE(sku != nullptr);
  CHECK(sku->constraint);
  CHECK(sku->unique);
  CHECK(products.find_index("products_sku_brin")->method == "brin");
  CHECK(products.find_index("products_ref_hash")->method == "hash");
  CHECK(table(live, "", "orgs").find_index("orgs_name_key")->constraint);

  const auto& users = table(live, "", "users");
  const auto* lower = users.find_index("users_email_lower_idx");
  REQUIRE(lower != nullptr);
  CHECK(lower->unique);
  CHECK_FALSE(lower->constraint);
  CHECK(lower->where == "(deleted_at IS NULL)");
  REQUIRE(lower->keys.size() == 1);
  CHECK(lower->keys[0].expression == "lower(email::text)");
  CHECK(users.find_index("users_tags_gin")->method == "gin");
  const auto* covering = users.find_index("users_org_created");
  REQUIRE(covering != nullptr);
  REQUIRE(covering->keys.size() == 2);
  CHECK(covering->keys[1].descending);
  CHECK(covering->include == std::vector<std::string>{"email"});
  CHECK(users.find_index("users_pkey") == nullptr); // primary keys are not indexes
  const auto* area = table(live, "", "shapes").find_index("shapes_area_nick");
  CHECK(area->keys.at(0).collation == "C");
  CHECK(area->keys.at(0).descending);
}

TEST_CASE("PostgreSQL reader: EXCLUDE constraints, deferrable keys, index storage and comments", "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute(R"sql(
CREATE EXTENSION btree_gist;
CREATE SCHEMA bk;
CREATE TABLE bk.rooms (id integer, room integer, during tsrange, cancelled boolean, code text, org integer,
  CONSTRAINT rooms_pk PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT rooms_code_key UNIQUE (code) WITH (fillfactor = 90) DEFERRABLE,
  CONSTRAINT rooms_org_ok CHECK (org > 0));
ALTER TABLE bk.rooms ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled)
  DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX rooms_org ON bk.rooms (org) WITH (fillfactor = 70, deduplicate_items = off);
COMMENT ON INDEX bk.rooms_org IS 'by org';
COMMENT ON CONSTRAINT no_overlap ON bk.rooms IS 'no double booking';
COMMENT ON CONSTRAINT rooms_pk ON bk.rooms IS 'the key';
COMMENT ON CONSTRAINT rooms_code_key ON bk.rooms IS 'one code';
COMMENT ON CONSTRAINT rooms_org_ok ON bk.rooms IS 'orgs are positive';
)sql");
  const auto dialect = pg_dialect();
  const auto live = introspect::read_schema(db.connection(), *dialect, {"", {"bk"}});
  const auto& rooms = table(live, "bk", "rooms");
  CHECK(rooms.primary_key_deferrable);
  CHECK(rooms.primary_key_initially_deferred);
  CHECK(rooms.primary_key_comment == "the key");
  CHECK(rooms.find_check("rooms_org_ok")->comment == "orgs are positive");

  const auto* overlap = rooms.find_index("no_overlap");
  REQUIRE(overlap != nullptr);
  CHECK(overlap->exclusion());
  CHECK_FALSE(overlap->unique);
  CHECK_FALSE(overlap->constraint);
  CHECK(overlap->method == "gist");
  CHECK(overlap->where == "(NOT cancelled)");
  REQUIRE(overlap->keys.size() == 2);
  CHECK(overlap->keys[0].column == "room");
  CHECK(overlap->keys[0].with == "=");
  CHECK(overlap->keys[1].with == "&&");
  CHECK(overlap->deferrable);
  CHECK(overlap->initially_deferred);
  CHECK(overlap->comment == "no double booking");

  const auto* code = rooms.find_index("rooms_code_key");
  REQUIRE(code != nullptr);
  CHECK(code->constraint);
  CHECK(code->deferrable);
  CHECK_FALSE(code->initially_deferred);
  CHECK(code->with == std::map<std::string, std::string>{{"fillfactor", "90"}});
  CHECK(code->comment == "one code");

  const auto* org = rooms.find_index("rooms_org");
  REQUIRE(org != nullptr);
  CHECK(org->with == std::map<std::string, std::string>{{"deduplicate_items", "off"}, {"fillfactor", "70"}});
  CHECK(org->comment == "by org");
  CHECK_FALSE(org->deferrable);
}

TEST_CASE("PostgreSQL reader: rows read a chunk at a time give the model the whole result gives",
          "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute(test::k_pg_realistic_schema);
  // A chunk per column, index key and constraint of 13 tables (92).
  test::check_chunked_read(db.connection(), *pg_dialect(), {"", {"audit"}}, 50);
}

TEST_CASE("PostgreSQL reader: views, enums and sequences", "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute(test::k_pg_realistic_schema);
  const auto dialect = pg_dialect();
  const auto live = introspect::read_schema(db.connection(), *dialect, {"", {"audit"}});

  REQUIRE(live.find_view({"", "active_users"}) != nullptr);
  CHECK(live.find_view({"", "active_users"})->query.find("deleted_at IS NULL") != std::string::npos);
  CHECK(live.find_view({"audit", "recent"}) != nullptr);
  REQUIRE(live.find_enum({"", "mood"}) != nullptr);
  CHECK(live.find_enum({"", "mood"})->values == std::vector<std::string>{"happy", "sad", "meh"});
  CHECK(live.find_enum({"audit", "level"})->values == std::vector<std::string>{"info", "warn", "error"});
  // Only the standalone sequence: serial and identity sequences belong to their columns.
  REQUIRE(live.sequences.size() == 1);
  CHECK(live.sequences[0].name == "invoice_numbers");
  CHECK(live.sequences[0].start == 1000LL);
  CHECK(live.sequences[0].increment == 5LL);
  CHECK(column(table(live, "", "invoices"), "number").default_value ==
        std::optional<std::string>("nextval('invoice_numbers'::regclass)"));
}

TEST_CASE("PostgreSQL reader: the query count does not grow with the number of tables", "[postgres][introspect]")
{
  const auto dialect = pg_dialect();
  auto count_for = [&](int tables) {
    test::PostgresDatabase db;
    std::string sql = "CREATE EXTENSION citext; CREATE EXTENSION pg_trgm;"
                      "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CONSTRAINT posint_min CHECK (VALUE > 0) "
                      "CONSTRAINT posint_max CHECK (VALUE < 100);";
    for (int i = 0; i < tables; ++i) {
      const std::string n = std::to_string(i);
      sql += "CREATE TABLE t" + n + " (id integer PRIMARY KEY, v text CHECK (v <> ''), p integer" +
             (i > 0 ? " REFERENCES t" + std::to_string(i - 1) + " (id)" : std::string()) + ");";
      sql += "CREATE INDEX t" + n + "_v ON t" + n + " (v);";
      sql += "CREATE TYPE c" + n + " AS (a integer, b text COLLATE \"C\", t t" + n + ");";
      sql += "COMMENT ON TYPE c" + n + " IS 'pair " + n + "';";
      sql += "CREATE FUNCTION f" + n + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;";
      sql += "CREATE TRIGGER t" + n + "_touch BEFORE UPDATE ON t" + n + " FOR EACH ROW EXECUTE FUNCTION f" + n + "();";
      sql += "CREATE MATERIALIZED VIEW m" + n + " AS SELECT id, v FROM t" + n + (i == 0 ? " WITH NO DATA;" : ";");
      sql += "CREATE UNIQUE INDEX m" + n + "_id ON m" + n + " (id);";
      sql += "COMMENT ON COLUMN m" + n + ".v IS 'value " + n + "';";
      sql += "ALTER TABLE t" + n + " ENABLE ROW LEVEL SECURITY;";
      sql += "CREATE POLICY t" + n + "_rows ON t" + n + " FOR UPDATE USING (p > 0) WITH CHECK (v <> 'x');";
    }
    sql += "ALTER TABLE t0 FORCE ROW LEVEL SECURITY;";
    db.connection().execute(sql);
    CountingConnection counting(db.connection());
    const auto live = introspect::read_schema(counting, *dialect);
    CHECK(live.tables.size() == static_cast<size_t>(tables));
    CHECK(live.functions.size() == static_cast<size_t>(tables));
    CHECK(live.tables.back().triggers.size() == 1);
    REQUIRE(live.extensions.size() == 2);
    CHECK(live.extensions[0].name == "citext");
    CHECK(live.extensions[0].schema.empty()); // the default schema
    CHECK_FALSE(live.extensions[0].version.empty());
    CHECK(live.find_extension("plpgsql") == nullptr); // in pg_catalog, part of every database
    CHECK(live.functions.size() == static_cast<size_t>(tables)); // citext's and pg_trgm's are theirs
    // Composite types come with the enums (one query); the tables' row types are not among them.
    REQUIRE(live.composite_types.size() == static_cast<size_t>(tables));
    const auto* c0 = live.find_composite_type({"", "c0"});
    REQUIRE(c0 != nullptr);
    REQUIRE(c0->attributes.size() == 3);
    CHECK(c0->attributes[0].name == "a");
    CHECK(c0->attributes[0].type.str() == "integer");
    CHECK(c0->attributes[0].collation.empty());
    CHECK(c0->attributes[1].collation == "C");
    CHECK(c0->attributes[2].type.str() == "t0");
    CHECK(c0->comment == "pair 0");
    REQUIRE(live.domains.size() == 1);
    CHECK(live.domains[0].type.str() == "integer");
    CHECK_FALSE(live.domains[0].nullable);
    CHECK(live.domains[0].default_value == std::optional<std::string>("1"));
    REQUIRE(live.domains[0].checks.size() == 2);
    CHECK(live.domains[0].checks[0].name == "posint_max");
    CHECK(live.domains[0].checks[0].expression == "(VALUE < 100)");
    REQUIRE(live.views.size() == static_cast<size_t>(tables)); // m0, m1, m10, ...: by name
    const auto& m0 = live.views[0];
    CHECK(m0.name == "m0");
    CHECK(m0.materialized);
    CHECK_FALSE(m0.with_data); // WITH NO DATA: not populated
    CHECK(m0.query.find("FROM t0") != std::string::npos);
    REQUIRE(m0.indexes.size() == 1);
    CHECK(m0.indexes[0].name == "m0_id");
    CHECK(m0.indexes[0].unique);
    CHECK(m0.indexes[0].keys[0].column == "id");
    CHECK(m0.column_comments == std::map<std::string, std::string>{{"v", "value 0"}}); // with the views
    CHECK(live.views.back().with_data);
    CHECK(live.views.back().indexes.size() == 1);
    CHECK(live.tables.front().row_security == "forced");
    CHECK(live.tables.back().row_security == "enabled");
    REQUIRE(live.tables.back().policies.size() == 1);
    const auto& policy = live.tables.back().policies[0];
    CHECK(policy.command == "update");
    CHECK(policy.permissive);
    CHECK(policy.roles == std::vector<std::string>{"public"});
    CHECK(policy.using_expression == "(p > 0)");
    CHECK(policy.check_expression == "(v <> 'x'::text)");
    return counting.count;
  };
  const int small = count_for(3);
  const int large = count_for(150);
  CHECK(small == large);
  CHECK(small <= 14);
}

namespace {

// A range-partitioned table with a key, an index, a check, a foreign key and a row trigger its
// partitions inherit; a nested list-partitioned partition, a default and a hash-partitioned table
// by expression (no primary key: PostgreSQL takes none with an expression key). Partitions have
// objects of their own too: an index on the nested partitioned one (which its partition inherits
// in turn), and on a leaf an index, a unique constraint, a check, a foreign key and a trigger.
const char* const k_pg_partitions = R"SQL(
CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, day date NOT NULL, region text NOT NULL REFERENCES regions (code),
  qty integer CHECK (qty > 0), PRIMARY KEY (id, day, region)) PARTITION BY RANGE (day);
CREATE INDEX events_region ON events (region);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER events_touch BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY LIST (region);
COMMENT ON TABLE events_2024 IS 'the year 2024';
CREATE INDEX events_2024_qty ON events_2024 (qty);
CREATE TABLE events_2024_eu PARTITION OF events_2024 FOR VALUES IN ('eu', 'uk');
CREATE INDEX events_2024_eu_day ON events_2024_eu (day DESC);
ALTER TABLE events_2024_eu ADD CONSTRAINT events_2024_eu_once UNIQUE (id);
ALTER TABLE events_2024_eu ADD CONSTRAINT events_2024_eu_small CHECK (qty < 1000);
ALTER TABLE events_2024_eu ADD CONSTRAINT events_2024_eu_region FOREIGN KEY (region) REFERENCES regions (code);
CREATE TRIGGER events_2024_eu_touch BEFORE UPDATE ON events_2024_eu FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE SCHEMA audit;
CREATE TABLE audit.hits (id bigint NOT NULL, "Path" text) PARTITION BY HASH ((id % 7), "Path");
CREATE TABLE audit.hits_0 PARTITION OF audit.hits FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE audit.hits_1 PARTITION OF audit.hits FOR VALUES WITH (MODULUS 2, REMAINDER 1);
)SQL";

} // namespace

TEST_CASE("PostgreSQL reader: partitioned tables and partitions with their own objects, without what they inherit",
          "[postgres][introspect][partition]")
{
  test::PostgresDatabase db;
  db.connection().execute(k_pg_partitions);
  CountingConnection counting(db.connection());
  const auto live = introspect::read_schema(counting, *pg_dialect(), {"", {"audit"}});
  const auto& events = table(live, "", "events");
  CHECK(events.partitioning->method == "range");
  CHECK(events.partitioning->columns == std::vector<std::string>{"day"});
  CHECK(events.partition_of->empty());
  CHECK(events.columns.size() == 4);
  CHECK(events.primary_key == std::vector<std::string>{"id", "day", "region"});
  CHECK(events.indexes.size() == 1);
  CHECK(events.checks.size() == 1);
  CHECK(events.foreign_keys.size() == 1);
  CHECK(events.triggers.size() == 1);
  const auto& year = table(live, "", "events_2024");
  CHECK(year.partition_of->table == schemas::QualifiedName{"", "events"});
  CHECK(year.partition_of->bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  CHECK(year.partitioning->method == "list");
  CHECK(year.partitioning->columns == std::vector<std::string>{"region"});
  CHECK(year.partitioning->expression.empty());
  CHECK(year.comment == "the year 2024");
  const auto names = [](const auto& members) {
    std::vector<std::string> out;
    for (const auto& member : members) {
      out.push_back(member.name);
    }
    return out;
  };
  for (const auto* name : {"events_2024", "events_2024_eu", "events_other"}) {
    INFO(name);
    const auto& partition = table(live, "", name);
    CHECK(partition.columns.empty());
    CHECK(partition.primary_key.empty());
    const bool leaf = std::string(name) == "events_2024_eu";
    CHECK(names(partition.indexes) ==
          (leaf ? std::vector<std::string>{"events_2024_eu_day", "events_2024_eu_once"}
                : std::string(name) == "events_2024" ? std::vector<std::string>{"events_2024_qty"}
                                                     : std::vector<std::string>{}));
    CHECK(names(partition.checks) == (leaf ? std::vector<std::string>{"events_2024_eu_small"} : std::vector<std::string>{}));
    CHECK(names(partition.foreign_keys) ==
          (leaf ? std::vector<std::string>{"events_2024_eu_region"} : std::vector<std::string>{}));
    CHECK(names(partition.triggers) ==
          (leaf ? std::vector<std::string>{"events_2024_eu_touch"} : std::vector<std::string>{}));
  }
  const auto& leaf = table(live, "", "events_2024_eu");
  CHECK(leaf.indexes[0].keys.at(0).column == "day");
  CHECK(leaf.indexes[0].keys.at(0).descending);
  CHECK(leaf.indexes[1].constraint);
  CHECK(leaf.foreign_keys[0].references == schemas::QualifiedName{"", "regions"});
  CHECK(table(live, "", "events_2024_eu").partition_of->table == schemas::QualifiedName{"", "events_2024"});
  CHECK(table(live, "", "events_2024_eu").partition_of->bound == "FOR VALUES IN ('eu', 'uk')");
  CHECK(table(live, "", "events_other").partition_of->is_default);
  CHECK(table(live, "", "events_other").partition_of->bound.empty());
  const auto& hits = table(live, "audit", "hits");
  CHECK(hits.partitioning->method == "hash");
  CHECK(hits.partitioning->columns.empty()); // one key is an expression: the key is written as one
  CHECK(hits.partitioning->expression.find("id % ") != std::string::npos);
  CHECK(hits.partitioning->expression.find(", \"Path\"") != std::string::npos);
  CHECK(table(live, "audit", "hits_1").partition_of->table == schemas::QualifiedName{"audit", "hits"});
  CHECK(table(live, "audit", "hits_1").partition_of->bound == "FOR VALUES WITH (modulus 2, remainder 1)");
  CHECK(counting.count <= 14); // the tables query reads partitions too: no query of their own
}

TEST_CASE("PostgreSQL round trip with partitions: read, write YAML, load: equal and an empty plan",
          "[postgres][introspect][partition]")
{
  test::PostgresDatabase db;
  test::check_round_trip_of(db, "postgres", k_pg_partitions, introspect::ReadOptions{"", {"audit"}});
}

TEST_CASE("PostgreSQL: partitions written by hand (bounds and keys in other words) compare equal through the server",
          "[postgres][introspect][partition]")
{
  test::PostgresDatabase db;
  db.connection().execute(k_pg_partitions);
  test::check_written_equals_live(db, "postgres", R"y(
version: 1
functions:
  - name: touch
    definition: CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$
tables:
  - name: regions
    columns:
      - { name: code, type: text }
    primary_key: [code]
  - name: events
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: day, type: date, nullable: false }
      - { name: region, type: text, nullable: false }
      - { name: qty, type: integer }
    primary_key: [id, day, region]
    indexes:
      - { name: events_region, columns: [region] }
    foreign_keys:
      - { name: events_region_fkey, columns: [region], references: { table: regions, columns: [code] } }
    checks:
      - { name: events_qty_check, expression: "qty > 0" }
    partition: { by: RANGE, expression: day }
    triggers:
      - name: events_touch
        definition: create trigger events_touch before insert on events for each row execute function touch()
  - name: events_2024
    comment: the year 2024
    partition_of: { table: events, bound: "for values from ('2024-01-01'::date) to ('2025-01-01')" }
    partition: { by: LIST, expression: "Region" }
    indexes:
      - { name: events_2024_qty, columns: [qty] }
  - name: events_2024_eu
    partition_of: { table: events_2024, bound: "FOR VALUES IN ('eu','uk')" }
    indexes:
      - { name: events_2024_eu_day, columns: [{ expression: "day", desc: true }] } # the root's column
      - { name: events_2024_eu_once, columns: [id], unique: true, constraint: true }
    checks:
      - { name: events_2024_eu_small, expression: "QTY < 1000" }
    foreign_keys:
      - { name: events_2024_eu_region, columns: [region], references: { table: regions } }
    triggers:
      - name: events_2024_eu_touch
        definition: CREATE TRIGGER events_2024_eu_touch BEFORE UPDATE ON events_2024_eu FOR EACH ROW EXECUTE FUNCTION touch()
  - name: events_other
    partition_of: { table: events, bound: DEFAULT }
)y");
}

TEST_CASE("PostgreSQL reader: table sizes and row estimates once analysed, partitions summed",
          "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute("CREATE TABLE orders (id integer PRIMARY KEY, total integer NOT NULL);"
                          "INSERT INTO orders SELECT g, g FROM generate_series(1, 3000) g;"
                          "CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);"
                          "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
                          "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
                          "INSERT INTO events SELECT g, DATE '2025-06-01' + (g % 400) FROM generate_series(1, 1000) g;");
  const auto dialect = pg_dialect();
  const auto fresh = introspect::read_schema(db.connection(), *dialect);
  // reltuples -1: never vacuumed or analysed, so the statistics say nothing yet.
  CHECK_FALSE(table(fresh, "", "orders").estimate.rows.has_value());
  CHECK_FALSE(table(fresh, "", "orders").estimate.bytes.has_value());
  CHECK_FALSE(table(fresh, "", "events").estimate.rows.has_value());

  db.connection().execute("ANALYZE orders; ANALYZE events_2025; ANALYZE events_2026");
  const auto analysed = introspect::read_schema(db.connection(), *dialect);
  const auto& orders = table(analysed, "", "orders");
  CHECK(orders.estimate.rows == 3000);
  // The pages of the table and its primary key index (main forks: the free-space and visibility
  // maps pg_total_relation_size adds are left out).
  REQUIRE(orders.estimate.bytes.has_value());
  CHECK(*orders.estimate.bytes > 65536);
  CHECK(db.connection()
          .query("SELECT pg_relation_size('orders') + pg_relation_size('orders_pkey')")
          .rows.at(0)
          .at(0)
          .value_or("") == std::to_string(*orders.estimate.bytes));
  const auto& events = table(analysed, "", "events");
  CHECK(events.estimate.rows == 1000);
  REQUIRE(events.estimate.bytes.has_value());
  CHECK(*events.estimate.bytes ==
        *table(analysed, "", "events_2025").estimate.bytes + *table(analysed, "", "events_2026").estimate.bytes);
  CHECK(analysed == fresh); // live facts, not part of the schema
}

TEST_CASE("PostgreSQL reader: the schemas read, with their comments, an extension's schema and the default one's "
          "stock comment left out",
          "[postgres][introspect]")
{
  test::PostgresDatabase db;
  db.connection().execute("CREATE SCHEMA audit; COMMENT ON SCHEMA audit IS 'the trail'; CREATE SCHEMA \"Sales Data\";"
                          "CREATE SCHEMA unread; CREATE EXTENSION citext; CREATE SCHEMA owned;"
                          "ALTER EXTENSION citext ADD SCHEMA owned;");
  const auto dialect = pg_dialect();
  const auto some = introspect::read_schema(db.connection(), *dialect,
                                            introspect::ReadOptions{"", {"audit", "Sales Data", "owned", "missing"}});
  CHECK(some.namespaces == std::vector<schemas::Namespace>{{"Sales Data", "", {}}, {"audit", "the trail", {}}});
  introspect::ReadOptions all;
  all.all_schemas = true;
  const auto every = introspect::read_schema(db.connection(), *dialect, all);
  CHECK(every.namespaces == std::vector<schemas::Namespace>{{"Sales Data", "", {}}, {"audit", "the trail", {}},
                                                            {"unread", "", {}}});
  db.connection().execute("COMMENT ON SCHEMA public IS 'the app'");
  const auto commented = introspect::read_schema(db.connection(), *dialect);
  CHECK(commented.namespaces == std::vector<schemas::Namespace>{{"", "the app", {}}});
  CHECK(schemas::write_yaml(commented, "public").rfind("version: 1\nschemas:\n  - {name: public, comment: the app}\n", 0) ==
        0);
}

TEST_CASE("PostgreSQL reader: privileges are read only when asked, in two more queries whatever the size",
          "[postgres][introspect][privileges]")
{
  const auto read = [](int tables, bool privileges) {
    test::PostgresDatabase db;
    std::string sql = "CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO PUBLIC;";
    for (int i = 0; i < tables; ++i) {
      const std::string n = std::to_string(i);
      sql += "CREATE TABLE app.t" + n + " (id integer PRIMARY KEY);";
      sql += "GRANT SELECT, INSERT ON app.t" + n + " TO PUBLIC;";
      sql += "GRANT UPDATE ON app.t" + n + " TO pg_monitor WITH GRANT OPTION;"; // a built-in role
      sql += "CREATE VIEW app.v" + n + " AS SELECT id FROM app.t" + n + "; GRANT SELECT ON app.v" + n + " TO PUBLIC;";
      sql += "CREATE SEQUENCE app.s" + n + "; GRANT USAGE ON SEQUENCE app.s" + n + " TO PUBLIC;";
      sql += "CREATE FUNCTION app.f" + n + "(a integer, b text) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;";
      sql += "CREATE FUNCTION app.g" + n + "() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;";
      sql += "REVOKE EXECUTE ON FUNCTION app.g" + n + "() FROM PUBLIC;";
    }
    db.connection().execute(sql);
    CountingConnection counting(db.connection());
    introspect::ReadOptions options{"", {"app"}};
    options.privileges = privileges;
    auto live = introspect::read_schema(counting, *pg_dialect(), options);
    return std::pair{counting.count, live};
  };
  const auto [plain_queries, plain] = read(2, false);
  CHECK_FALSE(plain.privileges_managed);
  CHECK(plain.roles.empty());
  for (const auto& t : plain.tables) {
    CHECK(t.grants.empty());
  }
  const auto [small_queries, small] = read(2, true);
  const auto [large_queries, large] = read(20, true);
  CHECK(small_queries == plain_queries + 2); // the roles, and every grant at once
  CHECK(large_queries == small_queries);
  CHECK(small.privileges_managed);
  CHECK(std::find(small.roles.begin(), small.roles.end(), "pg_monitor") != small.roles.end());
  const auto normal = pg_dialect()->normalize(small);
  using schemas::Grant;
  CHECK(table(normal, "app", "t1").grants ==
        std::vector<Grant>{Grant{"PUBLIC", {"INSERT", "SELECT"}, false, {}}, Grant{"pg_monitor", {"UPDATE"}, true, {}}});
  const auto* view = normal.find_view({"app", "v0"});
  REQUIRE(view != nullptr);
  CHECK(view->grants == std::vector<Grant>{Grant{"PUBLIC", {"SELECT"}, false, {}}});
  const auto* sequence = normal.find_sequence({"app", "s0"});
  REQUIRE(sequence != nullptr);
  CHECK(sequence->grants == std::vector<Grant>{Grant{"PUBLIC", {"USAGE"}, false, {}}});
  schemas::Function f;
  f.schema = "app";
  f.name = "f0";
  f.arguments = "integer, text";
  const auto* function = normal.find_function(f);
  REQUIRE(function != nullptr);
  CHECK(function->grants == std::vector<Grant>{Grant{"PUBLIC", {"EXECUTE"}, false, {}}}); // the default ACL
  f.name = "g0";
  f.arguments.clear();
  REQUIRE(normal.find_function(f) != nullptr);
  CHECK(normal.find_function(f)->grants.empty()); // revoked; the owner's own never listed
  const auto* app = normal.find_namespace("app");
  REQUIRE(app != nullptr);
  CHECK(app->grants == std::vector<Grant>{Grant{"PUBLIC", {"USAGE"}, false, {}}});
}
