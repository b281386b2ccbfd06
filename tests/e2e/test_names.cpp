// Issue 13, "Names and bad input", on the three engines: a schema file that yields no tables is
// refused while the database has some (unless --allow-empty); names an engine would refuse or
// change are errors at their YAML line in `validate --db` and `plan`, which write nothing; enum
// names keep their case and letters on PostgreSQL (quoted as format_type() prints them) through
// create, add value, retype with a USING cast, drop and the down file, and stay unaffected on
// MariaDB (inline ENUM) and SQLite (a type name).

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

std::string repeated(const std::string& piece, int times)
{
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

// A schema per engine holding names that engine refuses or changes (none on SQLite), and the
// diagnostics they give, as "names.yaml:LINE:COL: ..." prefixes.
struct BadNames {
  std::string yaml;
  std::vector<std::string> expected;
};

BadNames bad_names(const Engine& engine)
{
  if (engine.id == EngineId::postgres) {
    const std::string table = repeated("t", 64);      // 64 bytes
    const std::string column = repeated("é", 32);     // 32 letters, 64 bytes
    const std::string long_table = repeated("o", 55); // its unnamed index: <55>_customer_email_idx, 74 bytes
    return {"version: 1\n"
            "tables:\n"
            "  - name: " + table + "\n"
            "    columns:\n"
            "      - { name: id, type: integer }\n"
            "      - { name: " + column + ", type: text }\n"
            "    primary_key: [id]\n"
            "  - name: " + long_table + "\n"
            "    columns:\n"
            "      - { name: id, type: integer }\n"
            "      - { name: customer_email, type: text }\n"
            "    primary_key: [id]\n"
            "    indexes:\n"
            "      - { columns: [customer_email] }\n"
            "enums:\n"
            "  - { name: mood, values: [" + repeated("v", 64) + ", sad] }\n",
            {"names.yaml:3:5: table \"" + table + "\": name is 64 bytes long; PostgreSQL keeps the first 63 bytes",
             "names.yaml:6:9: table \"" + table + "\": column \"" + column + "\": name is 64 bytes long",
             "names.yaml:14:9: table \"" + long_table + "\": index \"" + long_table +
               "_customer_email_idx\": name is 74 bytes long; PostgreSQL keeps the first 63 bytes of a name and "
               "drops the rest, so the database would never match the schema (a name strata made for an object "
               "the file leaves unnamed: give the object a shorter \"name:\")",
             "names.yaml:16:5: enum \"mood\": value \"" + repeated("v", 64) +
               "\": is 64 bytes long; PostgreSQL takes enum values of at most 63 bytes"}};
  }
  if (engine.id == EngineId::mysql) {
    const std::string column = repeated("c", 65);
    return {"version: 1\n"
            "tables:\n"
            "  - name: \"emoji😀\"\n"
            "    columns:\n"
            "      - { name: \"id \", type: integer }\n"
            "      - { name: " + column + ", type: text }\n"
            "      - { name: mood, type: mood }\n"
            "enums:\n"
            "  - { name: mood, values: [\"happy \", sad] }\n",
            {"names.yaml:3:5: table \"emoji😀\": name holds U+1F600, a character outside the Basic Multilingual "
             "Plane, which MySQL/MariaDB refuse in a name",
             "names.yaml:5:9: table \"emoji😀\": column \"id \": name ends with a space, which MySQL/MariaDB refuse "
             "in a name",
             "names.yaml:6:9: table \"emoji😀\": column \"" + column +
               "\": name is 65 characters long; MySQL/MariaDB take names of at most 64",
             "names.yaml:9:5: enum \"mood\": value \"happy \": ends with a space, which MySQL/MariaDB remove from an "
             "ENUM value"}};
  }
  // SQLite keeps any name as written: long, with a trailing space or outside the BMP.
  return {"version: 1\n"
          "tables:\n"
          "  - name: \"emoji😀 " + repeated("t", 100) + "\"\n"
          "    columns:\n"
          "      - { name: \"id \", type: integer }\n"
          "      - { name: " + repeated("é", 70) + ", type: text }\n",
          {}};
}

std::string enum_schema(const std::string& order_values, const std::string& kind_type, bool with_etat)
{
  return "version: 1\n"
         "enums:\n"
         "  - { name: OrderStatus, values: [" + order_values + "] }\n" +
         (with_etat ? "  - { name: État, values: [ouvert, fermé] }\n" : "") +
         "tables:\n"
         "  - name: orders\n"
         "    columns:\n"
         "      - { name: id, type: integer, nullable: false }\n"
         "      - { name: status, type: OrderStatus, nullable: false, default: \"'pending'\" }\n" +
         (with_etat ? "      - { name: état, type: État }\n" : "") +
         "      - { name: kind, type: " + kind_type + " }\n"
         "      - { name: history, type: { postgres: \"OrderStatus[]\", mysql: text, sqlite: text } }\n"
         "    primary_key: [id]\n";
}

// PostgreSQL: the types keep their case and letters, columns print them quoted.
const PerEngine<std::vector<Probe>> k_v1_catalog{
  {},
  {{"SELECT typname FROM pg_type WHERE typtype = 'e' AND typname IN ('OrderStatus', 'État') ORDER BY typname COLLATE "
    "\"C\"",
    {row({"OrderStatus"}), row({"État"})}},
   {"SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND "
    "attnum > 0 AND NOT attisdropped ORDER BY attnum",
    {row({"id", "integer"}), row({"status", "\"OrderStatus\""}), row({"état", "\"État\""}), row({"kind", "text"}),
     row({"history", "\"OrderStatus\"[]"})}}},
  {{"SELECT column_type FROM information_schema.columns WHERE table_schema = database() AND table_name = 'orders' "
    "AND column_name IN ('status', 'état') ORDER BY ordinal_position",
    {row({"enum('pending','paid')"}), row({"enum('ouvert','fermé')"})}}}};

const PerEngine<std::vector<Probe>> k_v3_catalog{
  {},
  {{"SELECT typname FROM pg_type WHERE typtype = 'e' AND typname IN ('OrderStatus', 'État')", {row({"OrderStatus"})}},
   {"SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND "
    "attname = 'kind'",
    {row({"\"OrderStatus\""})}},
   {"SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
    "WHERE t.typname = 'OrderStatus'",
    {row({"pending,paid,shipped"})}}},
  {{"SELECT column_type FROM information_schema.columns WHERE table_schema = database() AND table_name = 'orders' "
    "AND column_name = 'kind'",
    {row({"enum('pending','paid','shipped')"})}}}};

// What a plan of the version prints in its up file on PostgreSQL.
const PerEngine<std::vector<std::string>> k_v1_sql{
  {}, {"\"status\" \"OrderStatus\" DEFAULT 'pending' NOT NULL", "\"état\" \"État\"", "\"history\" \"OrderStatus\"[]",
       "CREATE TYPE \"OrderStatus\" AS ENUM ('pending', 'paid')"},
  {}};
const PerEngine<std::vector<std::string>> k_v3_sql{
  {}, {"ALTER TYPE \"OrderStatus\" ADD VALUE IF NOT EXISTS 'shipped'",
       "ALTER COLUMN \"kind\" TYPE \"OrderStatus\" USING \"kind\"::text::\"OrderStatus\"", "DROP TYPE \"État\""},
  {}};
const PerEngine<std::vector<std::string>> k_v3_down_sql{
  {}, {"CREATE TYPE \"État\" AS ENUM ('ouvert', 'fermé')", "ADD COLUMN \"état\" \"État\"",
       "ALTER COLUMN \"kind\" TYPE text USING \"kind\"::text"},
  {}};
// SQLite has no enum types: adding a value changes nothing there.
const PerEngine<int> k_v2_exit{0, 2, 2};

void plan_is_empty(DbWorkspace& ws, const std::string& schema)
{
  const auto plan = ws.run("plan", {"--schema", schema, "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);
}

// The database equals the schema (drift compares the database itself, also while the folder
// holds a rolled-back file).
void in_sync(DbWorkspace& ws, const std::string& schema)
{
  const auto drift = ws.run("drift", {"--schema", schema});
  INFO(drift.describe());
  CHECK(drift.exit_code == 0);
}

} // namespace

TEMPLATE_TEST_CASE("a schema file without tables is refused while the database has tables, unless --allow-empty",
                   "[e2e][names]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->write("empty.yaml", "version: 1\n");
  require_exit(ws->run("plan", {"--schema", "empty.yaml", "--dir", "migrations"}), 0); // nothing to drop

  ws->exec("CREATE TABLE keep (id INTEGER PRIMARY KEY)");
  ws->exec("CREATE TABLE keep_too (id INTEGER PRIMARY KEY)");
  ws->exec("INSERT INTO keep VALUES (1)");
  const auto before = ws->schema_dump();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"plan", "--dir", "migrations"}, {"plan", "--dir", "migrations", "--dry-run"},
        {"drift"}}) {
    auto command = std::vector<std::string>(args.begin() + 1, args.end());
    command.insert(command.end(), {"--schema", "empty.yaml"});
    const auto refused = ws->run(args[0], command);
    INFO(refused.describe());
    CHECK(refused.exit_code == 1); // bad input, as a bad schema file
    CHECK(contains(refused.err, "empty.yaml yields no tables, but the database "));
    CHECK(contains(refused.err, " has 2 tables: refusing to plan dropping them all (pass --allow-empty if the schema "
                                "is meant to have no tables)"));
    CHECK_FALSE(contains(refused.output(), ":strata@")); // no password
  }
  CHECK(ws->migration_files().empty());
  CHECK(ws->schema_dump() == before);

  const auto drift = ws->run("drift", {"--schema", "empty.yaml", "--allow-empty"});
  INFO(drift.describe());
  CHECK(drift.exit_code == 2);
  require_exit(ws->run("plan", {"--schema", "empty.yaml", "--dir", "migrations", "--allow-empty"}), 2);
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  CHECK_FALSE(ws->table_exists("keep"));
  CHECK_FALSE(ws->table_exists("keep_too"));
  plan_is_empty(*ws, "empty.yaml");
}

TEMPLATE_TEST_CASE("names the engine would refuse or change are errors at their line in validate --db and plan",
                   "[e2e][names]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  const auto bad = bad_names(engine);
  ws->write("names.yaml", bad.yaml);

  // Without an engine only the rules every engine shares apply.
  require_exit(ws->strata({"validate", "--schema", "names.yaml", "--dir", "migrations"}), 0);

  const auto validate = ws->strata({"validate", "--schema", "names.yaml", "--dir", "migrations", "--db", ws->url()});
  const auto before = ws->schema_dump();
  const auto plan = ws->run("plan", {"--schema", "names.yaml", "--dir", "migrations"});
  if (bad.expected.empty()) {
    require_exit(validate, 0);
    CHECK(contains(validate.out, "names.yaml: ok (1 table, 0 views, names fit " + std::string(engine.name) + ")"));
    require_exit(plan, 2);
    require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
    plan_is_empty(*ws, "names.yaml");
    return;
  }
  for (const auto* result : {&validate, &plan}) {
    INFO(result->describe());
    CHECK(result->exit_code == 1);
    for (const auto& expected : bad.expected) {
      CHECK(contains(result->err, "error: " + expected));
    }
  }
  CHECK(ws->migration_files().empty());
  CHECK(ws->schema_dump() == before);
  CHECK_FALSE(ws->table_exists("strata_schema_history"));
}

TEMPLATE_TEST_CASE("enum names keep their case and letters: created, grown, retyped, dropped and rolled back",
                   "[e2e][names][enum]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->write("v1.yaml", enum_schema("pending, paid", "text", true));
  ws->write("v2.yaml", enum_schema("pending, paid, shipped", "text", true));
  ws->write("v3.yaml", enum_schema("pending, paid, shipped", "OrderStatus", false));

  require_exit(ws->run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--name", "v1", "--version", "1"}), 2);
  const std::string v1_sql = read_text(ws->migration_file_ending("1_v1.up.sql"));
  for (const auto& expected : k_v1_sql[engine]) {
    CHECK(contains(v1_sql, expected));
  }
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  check_probes(*ws, k_v1_catalog[engine]);
  ws->exec("INSERT INTO orders (id, status, état, kind) VALUES (1, 'paid', 'fermé', 'paid')");
  plan_is_empty(*ws, "v1.yaml");

  // inspect writes the names as the database has them; that file plans empty too.
  require_exit(ws->run("inspect", {"-o", "inspected.yaml"}), 0);
  plan_is_empty(*ws, "inspected.yaml");

  // A value added in place, then a column retyped to the enum (through text) and the other enum
  // dropped with its column.
  require_exit(ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--version", "2"}),
               k_v2_exit[engine]);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  plan_is_empty(*ws, "v2.yaml");
  require_exit(ws->run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--name", "v3", "--version", "3"}), 2);
  std::string v3_sql = read_text(ws->migration_file_ending("3_v3.up.sql"));
  if (k_v2_exit[engine] == 2) {
    v3_sql += read_text(ws->migration_file_ending("2_v2.up.sql"));
  }
  for (const auto& expected : k_v3_sql[engine]) {
    CHECK(contains(v3_sql, expected));
  }
  const std::string v3_down = read_text(ws->migration_file_ending("3_v3.down.sql"));
  for (const auto& expected : k_v3_down_sql[engine]) {
    CHECK(contains(v3_down, expected));
  }
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  check_probes(*ws, k_v3_catalog[engine]);
  CHECK(ws->scalar("SELECT count(*) FROM orders WHERE kind = 'paid' AND status = 'paid'") == "1");
  plan_is_empty(*ws, "v3.yaml");

  // The down file brings back the enum with its unicode name and the column typed with it.
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  in_sync(*ws, "v2.yaml");
  CHECK(ws->scalar("SELECT count(*) FROM orders WHERE kind = 'paid'") == "1");
}
