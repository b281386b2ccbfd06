// Issue 15: a PostgreSQL fingerprint taken from the previous one reads again only the relations
// whose catalog rows, or those of what their text names, changed since; the others keep their
// text. After each statement below, on the realistic schema, it equals a fingerprint taken
// without a previous one, though most change objects they do not name (a renamed parent table,
// referenced column, sequence, enum, domain, function, schema or row type; comments on columns,
// constraints and indexes), and a state read before gives the fingerprint it gave then (a table
// dropped and created again alike; ANALYZE and VACUUM). read_changed, given the fingerprints
// before and after each statement, brings the read before to a whole read's (triggers, policies,
// rules, owned sequences and partitions below a changed parent among what it must read again).

#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/unit/introspect/postgres/realistic.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata;

namespace {

// A partition tree two levels deep.
const char* const k_partition_tree =
  "CREATE TABLE logs (id integer, at date, kind text) PARTITION BY RANGE (at);"
  "CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (kind);"
  "CREATE TABLE logs_2026_a PARTITION OF logs_2026 FOR VALUES IN ('a')";

struct Step {
  std::string sql;
  bool same = false;  // the schema read is the one before it
  bool scope = false; // it changes what every relation's text depends on: read_changed reads whole
};

const std::vector<Step>& steps()
{
  static const std::vector<Step> out{
    {"ALTER TABLE orgs RENAME TO companies"}, // users' and teams' foreign keys name it
    {"ALTER TABLE companies RENAME COLUMN id TO company_id"}, // ... and its column
    {"ALTER SEQUENCE invoice_numbers RENAME TO invoice_seq"}, // invoices.number's default
    {"ALTER TYPE mood RENAME TO feeling"},                    // users.mood's type and default
    {"CREATE FUNCTION score_floor() RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT 0';"
     "ALTER TABLE users ALTER COLUMN score SET DEFAULT score_floor()"},
    {"ALTER FUNCTION score_floor() RENAME TO score_base"}, // users.score's default
    {"CREATE FUNCTION positive(numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';"
     "ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (positive(price))"},
    {"ALTER FUNCTION positive(numeric) RENAME TO is_positive"}, // products' check
    {"CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0); ALTER TABLE shapes ADD COLUMN sides positive_int"},
    {"ALTER DOMAIN positive_int RENAME TO sides_count"}, // shapes.sides' type
    {"ALTER SCHEMA audit RENAME TO history", false, true}, // audit.events and audit.notes
    {"ALTER INDEX users_tags_gin RENAME TO users_tags_idx"},
    {"COMMENT ON COLUMN users.nick IS 'Handle'"},
    {"COMMENT ON CONSTRAINT memberships_role_ok ON memberships IS 'Two roles'"},
    {"COMMENT ON INDEX users_org_created IS 'By org'"},
    {"ALTER TABLE orders ALTER COLUMN note TYPE text"},
    {"DROP TABLE settings; CREATE TABLE settings (key text PRIMARY KEY, value text)", true},
    {"ANALYZE", true},
    {"VACUUM", true},
    {"VACUUM FULL shapes", true},
    {"CREATE VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id"},
    {"DROP VIEW order_totals"},
    {"CREATE TABLE snapshots (id integer PRIMARY KEY, placed orders)"},
    {"ALTER TABLE orders RENAME TO purchases"}, // snapshots.placed's type, order_items' and invoices' keys
    {"CREATE TABLE parts (id integer, at date) PARTITION BY RANGE (at);"
     "CREATE TABLE parts_2026 PARTITION OF parts FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"},
    {"ALTER TABLE parts RENAME TO pieces"}, // parts_2026's parent
    {"CREATE MATERIALIZED VIEW product_ids AS SELECT id FROM products;"
     "CREATE INDEX product_ids_id ON product_ids (id)"},
    {"ALTER INDEX product_ids_id RENAME TO product_ids_idx"},
    {"ALTER TABLE memberships SET SCHEMA history"},
    {"ALTER TABLE shapes SET (fillfactor = 70)"},
    {"ALTER TABLE shapes SET (toast.autovacuum_enabled = false)"},
    {"ALTER TABLE users RENAME CONSTRAINT users_email_check TO users_email_ok"},
    {"DROP INDEX users_org_created"},
    {"ALTER TABLE teams DROP CONSTRAINT teams_org_id_fkey"},
    // Hides public.invoice_seq: invoices.number's default qualifies it.
    {"CREATE TEMPORARY SEQUENCE invoice_seq", false, true},
    {"DISCARD TEMP", false, true},
    // Triggers, policies and rules are the table's in the model, though not in its text.
    {"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
     "CREATE TRIGGER shapes_touch BEFORE UPDATE ON shapes FOR EACH ROW EXECUTE FUNCTION touch()"},
    {"CREATE TRIGGER shapes_insert BEFORE INSERT ON shapes FOR EACH ROW EXECUTE FUNCTION touch()"},
    {"ALTER FUNCTION touch() RENAME TO touched"}, // both triggers name it
    {"COMMENT ON TRIGGER shapes_touch ON shapes IS 'On update'"},
    {"DROP TRIGGER shapes_insert ON shapes"},
    {"ALTER TABLE settings ENABLE ROW LEVEL SECURITY; CREATE POLICY settings_read ON settings FOR SELECT USING "
     "(key <> '')"},
    {"CREATE POLICY settings_write ON settings FOR UPDATE USING (true) WITH CHECK (value IS NOT NULL)"},
    {"ALTER POLICY settings_read ON settings USING (key <> 'secret')"},
    {"CREATE POLICY settings_shaped ON settings FOR DELETE USING (EXISTS (SELECT 1 FROM shapes WHERE shapes.area = "
     "settings.value))"},
    {"ALTER TABLE shapes RENAME COLUMN area TO surface"}, // settings_shaped's expression
    {"CREATE RULE shapes_keep AS ON DELETE TO shapes DO INSTEAD NOTHING"},
    {"CREATE RULE settings_copy AS ON INSERT TO settings DO ALSO INSERT INTO \"MixedCase\" (\"Id\", \"Label\") "
     "VALUES (1, NEW.value)"},
    {"ALTER TABLE \"MixedCase\" RENAME COLUMN \"Label\" TO label"}, // settings_copy's action
    {"DROP RULE shapes_keep ON shapes"},
    // Sequences: identity options, an owned sequence, a serial column's.
    {"ALTER TABLE companies ALTER COLUMN company_id SET INCREMENT BY 2"},
    {"CREATE SEQUENCE shapes_numbers OWNED BY shapes.id"},
    {"ALTER SEQUENCE shapes_numbers INCREMENT 3"},
    {"ALTER SEQUENCE shapes_numbers OWNED BY NONE"},
    {"ALTER SEQUENCE users_id_seq AS bigint"}, // users.id stays serial with a bigint sequence
    {"ALTER TYPE feeling ADD VALUE 'angry'"},
    {"ALTER DOMAIN sides_count SET DEFAULT 3"},
    // Partitions two levels down: their normal forms look up the root's columns.
    {k_partition_tree},
    {"CREATE INDEX logs_at ON logs (at)"},
    {"ALTER TABLE logs ADD COLUMN extra text"},
    {"ALTER TABLE logs RENAME COLUMN kind TO sort"},
    {"REFRESH MATERIALIZED VIEW product_ids", true},
    {"DROP MATERIALIZED VIEW product_ids"},
  };
  return out;
}

// The fingerprint key of a relation of public.
std::string key(const char* name)
{
  return std::string("public") + '\x1f' + name;
}

// A database holding the realistic schema, with PostgreSQL's dialect.
struct Realistic {
  test::PostgresDatabase db;
  dialects::Connection& connection = db.connection();
  const dialects::Dialect& dialect = dialects::dialect_for("postgres");
  Realistic() { connection.execute(test::k_pg_realistic_schema); }
};

} // namespace

TEST_CASE_METHOD(Realistic,
                 "PostgreSQL fingerprint from the previous one equals a whole one after statements that change "
                 "objects they do not name",
                 "[postgres][introspect]")
{
  introspect::ReadOptions options;
  options.all_schemas = true;
  auto was = introspect::fingerprint(connection, dialect, options);
  REQUIRE(was);
  CHECK(was->objects.size() > 10); // a key per relation
  auto read = dialect.normalize(introspect::read_schema(connection, dialect, options));
  auto last = read;    // brought up to date by read_changed
  auto stamped = read; // likewise, from fingerprints of the stamps alone
  const auto changes = introspect::FingerprintDepth::changes;
  auto marks = introspect::fingerprint(connection, dialect, options, nullptr, changes);
  REQUIRE(marks);
  CHECK(marks->partial);
  CHECK(marks->objects.empty());
  CHECK_FALSE(*marks == *marks); // equal to none
  for (const auto& step : steps()) {
    INFO(step.sql);
    connection.execute(step.sql);
    const auto now = introspect::fingerprint(connection, dialect, options, &*was);
    const auto whole = introspect::fingerprint(connection, dialect, options);
    REQUIRE(now);
    REQUIRE(whole);
    CHECK(*now == *whole);
    CHECK((*now == *was) == step.same);
    const auto again = dialect.normalize(introspect::read_schema(connection, dialect, options));
    CHECK((again == read) == step.same);
    const bool merged = introspect::read_changed(connection, dialect, options, last, *was, *now);
    CHECK(merged != step.scope);
    if (!merged) {
      last = again;
    }
    CHECK(last == again);
    const auto marks_now = introspect::fingerprint(connection, dialect, options, nullptr, changes);
    REQUIRE(marks_now);
    CHECK(introspect::read_changed(connection, dialect, options, stamped, *marks, *marks_now) == merged);
    if (!merged) {
      stamped = again;
    }
    CHECK(stamped == again);
    marks = marks_now;
    was = now;
    read = again;
  }
}

TEST_CASE_METHOD(Realistic,
                 "PostgreSQL fingerprint from the previous one keeps the text of the relations that did not change",
                 "[postgres][introspect]")
{
  auto was = introspect::fingerprint(connection, dialect);
  REQUIRE(was);
  const std::string shapes = key("shapes");
  const std::string users = key("users");
  const std::string invoices = key("invoices");
  REQUIRE(was->objects.contains(shapes));
  REQUIRE(was->objects.contains(users));
  // A previous fingerprint whose text the next one can only have from it.
  for (const auto& key : {shapes, users, invoices}) {
    was->objects[key] = "kept";
  }
  connection.execute("ALTER TABLE users ADD COLUMN nickname text; ALTER SEQUENCE invoice_numbers RENAME TO inv");
  const auto now = introspect::fingerprint(connection, dialect, {}, &*was);
  REQUIRE(now);
  CHECK(now->objects.at(shapes) == "kept");   // unchanged: not read again
  CHECK(now->objects.at(users) != "kept");    // its column added
  CHECK(now->objects.at(invoices) != "kept"); // its default names the renamed sequence
  CHECK(now->objects.at(users) == introspect::fingerprint(connection, dialect)->objects.at(users));
}

TEST_CASE_METHOD(Realistic,
                 "PostgreSQL read of only some relations reads them with the tables their normal forms look up",
                 "[postgres][introspect]")
{
  connection.execute(k_partition_tree);
  introspect::ReadOptions options;
  options.all_schemas = true;
  const auto names = [](const schemas::Schema& schema) {
    std::vector<std::string> out;
    for (const auto& table : schema.tables) {
      out.push_back(table.qualified().str());
    }
    std::sort(out.begin(), out.end());
    return out;
  };

  options.only = std::set<std::string>{key("memberships"), key("logs_2026_a")};
  const auto part = introspect::read_schema(connection, dialect, options);
  // memberships references users and teams; logs_2026_a's parents up to the root.
  CHECK(names(part) == std::vector<std::string>{"logs", "logs_2026", "logs_2026_a", "memberships", "teams", "users"});
  CHECK(part.views.size() == 2); // read whole
  introspect::ReadOptions all;
  all.all_schemas = true;
  const auto whole = dialect.normalize(introspect::read_schema(connection, dialect, all));
  const auto normal = dialect.normalize(part);
  for (const char* name : {"memberships", "logs_2026_a"}) {
    INFO(name);
    REQUIRE(normal.find_table({"", name}) != nullptr);
    CHECK(*normal.find_table({"", name}) == *whole.find_table({"", name}));
  }

  options.only = std::set<std::string>{};
  CHECK(introspect::read_schema(connection, dialect, options).tables.empty()); // none, not all
}
