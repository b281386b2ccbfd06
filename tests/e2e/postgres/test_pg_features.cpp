// Issue 3's PostgreSQL-specific end-to-end cases: identity and enum changes, partial/expression/GIN
// indexes, a concurrent index on a table with rows, a foreign key added NOT VALID then validated,
// a view over a changed column, and two schemas in one database. Each ends idempotent.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

// Writes `yaml`, plans it (exit 2, files written) and applies with --yes; then a second plan of
// the same YAML is empty and drift is clean. Returns the text of every .up.sql written this time.
std::string plan_apply(PgWorkspace& ws, const std::string& name, const std::string& yaml)
{
  const auto before = ws.migration_files();
  ws.write(name + ".yaml", yaml);
  require_exit(ws.run("plan", {"--schema", name + ".yaml", "--dir", "migrations", "--name", name}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
  std::string ups;
  for (const auto& file : ws.migration_files()) {
    if (std::find(before.begin(), before.end(), file) == before.end() && contains(file, ".up.sql")) {
      ups += read_text(ws.dir() / file);
    }
  }
  const auto again = ws.run("plan", {"--schema", name + ".yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(ws.run("drift", {"--schema", name + ".yaml"}), 0);
  return ups;
}

// The tickets table with the enum's `states`, `id_options` after the id's type and `indexes`: v2
// adds a state, makes the id an identity and adds a partial, an expression and a GIN index.
std::string tickets_yaml(const std::string& states, const std::string& id_options, const std::string& indexes)
{
  return R"yaml(version: 1
enums:
  - { name: ticket_state, values: )yaml" + states + R"yaml( }
tables:
  - name: tickets
    columns:
      - { name: id, type: bigint, nullable: false)yaml" + id_options + R"yaml( }
      - { name: title, type: varchar(200), nullable: false }
      - { name: state, type: ticket_state, nullable: false, default: "'open'" }
      - { name: owner_email, type: text }
      - { name: labels, type: jsonb, nullable: false, default: "'[]'" }
      - { name: closed_at, type: timestamptz }
    primary_key: [id]
)yaml" + indexes;
}

const std::string k_tickets_v1 = tickets_yaml("[open, closed]", "", "");

const std::string k_tickets_v2 = tickets_yaml("[open, waiting, closed]", ", identity: true", R"yaml(    indexes:
      - { name: tickets_open_idx, columns: [id], where: "closed_at IS NULL" }
      - { name: tickets_owner_lower_idx, expressions: ["lower(owner_email)"] }
      - { name: tickets_labels_gin, columns: [labels], method: gin }
)yaml");

} // namespace

TEST_CASE("postgres: identity and enum value added, partial, expression and GIN indexes built concurrently",
          "[e2e][postgres][features]")
{
  PgWorkspace ws;
  plan_apply(ws, "v1", k_tickets_v1);
  ws.exec("INSERT INTO tickets (id, title, state, owner_email) VALUES (1, 'Printer', 'open', 'Ada@Example.com'), "
          "(2, 'Coffee', 'closed', NULL)");

  const std::string up = plan_apply(ws, "v2", k_tickets_v2);
  CHECK(contains(up, "ADD VALUE"));
  CHECK(contains(up, "CONCURRENTLY"));
  CHECK(contains(up, "-- strata: no-transaction"));

  CHECK(ws.scalar("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = "
                  "'ticket_state'::regtype") == "open,waiting,closed");
  CHECK(ws.scalar("SELECT is_identity FROM information_schema.columns WHERE table_name = 'tickets' AND column_name = "
                  "'id'") == "YES");
  // The identity continues after existing ids once strata (or the user) restarts it; new rows get ids.
  ws.exec("INSERT INTO tickets (id, title) VALUES (3, 'Chair')");
  ws.exec("UPDATE tickets SET state = 'waiting' WHERE id = 3");
  for (const char* index : {"tickets_open_idx", "tickets_owner_lower_idx", "tickets_labels_gin"}) {
    INFO(index);
    CHECK(ws.scalar(std::string("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE "
                                "c.relname = '") +
                    index + "'") == "t");
  }
  CHECK(contains(*ws.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'tickets_labels_gin'"), "USING gin"));
  CHECK(contains(*ws.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'tickets_open_idx'"),
                 "WHERE (closed_at IS NULL)"));
  CHECK(ws.count("tickets") == 3);
}

TEST_CASE("postgres: a foreign key on a table with rows is added NOT VALID, then validated",
          "[e2e][postgres][features]")
{
  PgWorkspace ws;
  const std::string base = R"yaml(version: 1
tables:
  - name: teams
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: name, type: text, nullable: false }
    primary_key: [id]
  - name: players
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: team_id, type: integer }
    primary_key: [id]
)yaml";
  plan_apply(ws, "v1", base);
  ws.exec("INSERT INTO teams VALUES (1, 'Reds'), (2, 'Blues'); INSERT INTO players VALUES (1, 1), (2, 2), (3, NULL)");

  const std::string up = plan_apply(ws, "v2", base + R"yaml(    foreign_keys:
      - { name: players_team_fk, columns: [team_id], references: { table: teams, columns: [id] }, on_delete: set null }
)yaml");
  CHECK(contains(up, "NOT VALID"));
  CHECK(contains(up, "VALIDATE CONSTRAINT"));
  CHECK(ws.scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'players_team_fk'") == "t");
  ws.exec("DELETE FROM teams WHERE id = 2");
  CHECK(ws.rows("SELECT id, team_id FROM players ORDER BY id") ==
        Rows{row({"1", "1"}), row({"2", std::nullopt}), row({"3", std::nullopt})});
}

TEST_CASE("postgres: a view reading a changed column is dropped and recreated around the change",
          "[e2e][postgres][features]")
{
  PgWorkspace ws;
  const std::string v1 = R"yaml(version: 1
tables:
  - name: readings
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: value, type: text }
    primary_key: [id]
views:
  - { name: high_readings, query: "SELECT id, value FROM readings WHERE value IS NOT NULL" }
)yaml";
  plan_apply(ws, "v1", v1);
  ws.exec("INSERT INTO readings VALUES (1, '12.5'), (2, NULL), (3, '7')");
  std::string v2 = v1;
  v2.replace(v2.find("{ name: value, type: text }"), std::string("{ name: value, type: text }").size(),
             "{ name: value, type: \"numeric(8,2)\" }");
  const std::string up = plan_apply(ws, "v2", v2);
  CHECK(up.find("DROP VIEW") < up.find("ALTER COLUMN"));
  CHECK(up.find("ALTER COLUMN") < up.find("CREATE VIEW"));
  CHECK(contains(up, "USING"));
  CHECK(ws.rows("SELECT id, value FROM high_readings ORDER BY id") == Rows{row({"1", "12.50"}), row({"3", "7.00"})});
}

TEST_CASE("postgres: two schemas in one database are planned, applied and inspected", "[e2e][postgres][features]")
{
  PgWorkspace ws;
  const std::string yaml = R"yaml(version: 1
tables:
  - name: accounts
    columns:
      - { name: id, type: bigint, nullable: false, identity: true }
      - { name: email, type: text, nullable: false }
    primary_key: [id]
  - name: accounts
    schema: audit
    columns:
      - { name: id, type: bigint, nullable: false, identity: true }
      - { name: account_id, type: bigint, nullable: false }
      - { name: note, type: text }
    primary_key: [id]
    foreign_keys:
      - { name: audit_accounts_fk, columns: [account_id], references: { table: accounts, columns: [id] }, on_delete: cascade }
)yaml";
  plan_apply(ws, "v1", yaml);
  CHECK(ws.relation_exists("accounts", "public"));
  CHECK(ws.relation_exists("accounts", "audit"));
  ws.exec("INSERT INTO accounts (email) VALUES ('a@example.com'); INSERT INTO audit.accounts (account_id, note) "
          "VALUES (1, 'created')");
  CHECK(ws.count("audit.accounts") == 1);

  require_exit(ws.run("inspect", {"--schema-name", "public,audit", "-o", "inspected.yaml"}), 0);
  CHECK(contains(ws.read("inspected.yaml"), "schema: audit"));
  const auto plan = ws.run("plan", {"--schema", "inspected.yaml", "--dir", "migrations", "--dry-run"});
  INFO(plan.describe());
  CHECK(plan.exit_code == 0);

  // Rolled back, the schema strata created goes with its last table.
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK_FALSE(ws.relation_exists("accounts", "public"));
  CHECK(ws.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'") == "0");
}

// plan reads the live schema while the schema file loads, as if the file named no other schema;
// one that does (audit) has the live schema read again, with that schema.
TEST_CASE("postgres: plan reads the live schema again when the schema file names another schema",
          "[e2e][postgres][features]")
{
  PgWorkspace ws;
  ws.exec("CREATE TABLE notes (id bigint PRIMARY KEY); CREATE SCHEMA audit; "
          "CREATE TABLE audit.events (id bigint PRIMARY KEY)");
  const std::string notes = R"yaml(version: 1
tables:
  - name: notes
    columns:
      - { name: id, type: bigint, nullable: false }
    primary_key: [id]
)yaml";
  ws.write("public.yaml", notes);
  ws.write("both.yaml", notes + R"yaml(  - name: events
    schema: audit
    columns:
      - { name: id, type: bigint, nullable: false }
    primary_key: [id]
)yaml");
  const std::string again = "asks for another read of the live schema";

  const auto one = ws.run("plan", {"--schema", "public.yaml", "--dir", "migrations", "--dry-run", "--verbose"});
  INFO(one.describe());
  CHECK(one.exit_code == 0);
  CHECK_FALSE(contains(one.err, again));

  // Kept, the read without audit would plan creating audit.events, which exists.
  const auto both = ws.run("plan", {"--schema", "both.yaml", "--dir", "migrations", "--dry-run", "--verbose"});
  INFO(both.describe());
  CHECK(both.exit_code == 0);
  CHECK(contains(both.err, again));
  require_exit(ws.run("drift", {"--schema", "both.yaml"}), 0);
}

TEST_CASE("postgres: defaults, checks and predicates are created as written, compared in normal form",
          "[e2e][postgres][features]")
{
  PgWorkspace ws;
  plan_apply(ws, "v1", one_table_yaml("samples", R"yaml(
      - { name: id, type: integer, nullable: false }
      - { name: big_count, type: bigint, default: "'2'::bigint" }
      - { name: amount, type: "numeric(8,2)" }
      - { name: start_at, type: time }
      - { name: end_at, type: time }
)yaml", R"yaml(    indexes:
      - { name: samples_one_idx, columns: [id], where: "amount = '1'::numeric" }
    checks:
      - { name: samples_check, expression: "start_at <> end_at" }
)yaml"));
  CHECK(ws.scalar("SELECT column_default FROM information_schema.columns WHERE table_name = 'samples' AND "
                  "column_name = 'big_count'") == "'2'::bigint");
  CHECK(contains(*ws.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'samples_one_idx'"), "'1'::numeric"));
  CHECK(ws.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'samples_check'") == "1");
}

TEST_CASE("postgres: plan --format github points risks of concurrent index steps at the no-transaction file",
          "[e2e][postgres][github]")
{
  PgWorkspace ws;
  plan_apply(ws, "v1", one_table_yaml("accounts", R"yaml(
      - { name: id, type: bigint, nullable: false }
      - { name: email, type: text, nullable: false }
      - { name: legacy_code, type: text }
)yaml"));
  ws.exec("INSERT INTO accounts VALUES (1, 'a@x', 'A'), (2, 'b@x', NULL)");
  ws.write("v2.yaml", one_table_yaml("accounts", R"yaml(
      - { name: id, type: bigint, nullable: false }
      - { name: email, type: text, nullable: false }
)yaml", R"yaml(    indexes:
      - { name: accounts_email_uq, columns: [email], unique: true }
)yaml"));
  const auto result = ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--format", "github"});
  require_exit(result, 2);
  INFO(result.out);
  // The drop (destructive, high) is in the transactional file; the unique index (data-dependent)
  // is built CONCURRENTLY in the no-transaction follower file.
  std::string drop_line;
  std::string index_line;
  for (size_t pos = 0; pos < result.out.size();) {
    const auto end = std::min(result.out.find('\n', pos), result.out.size());
    const auto line = result.out.substr(pos, end - pos);
    pos = end + 1;
    if (contains(line, "title=D102")) {
      drop_line = line;
    } else if (contains(line, "title=DD202")) {
      index_line = line;
    }
  }
  REQUIRE_FALSE(drop_line.empty());
  REQUIRE_FALSE(index_line.empty());
  CHECK(drop_line.rfind("::error file=migrations/", 0) == 0);
  CHECK(contains(drop_line, "_v2.up.sql,line="));
  CHECK(index_line.rfind("::warning file=migrations/", 0) == 0);
  CHECK(contains(index_line, "_v2_part2_no_transaction.up.sql,line="));
  // The line named holds the CREATE UNIQUE INDEX CONCURRENTLY statement.
  const auto file_at = index_line.find("file=") + 5;
  const auto file = index_line.substr(file_at, index_line.find(',', file_at) - file_at);
  const auto line_at = index_line.find("line=") + 5;
  const int line = std::stoi(index_line.substr(line_at));
  const auto text = read_text(ws.root() / file);
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start) + 1;
  }
  CHECK(text.substr(start, text.find('\n', start) - start).rfind("CREATE UNIQUE INDEX CONCURRENTLY", 0) == 0);
}

TEST_CASE("postgres: apply --capture counts partitions and other schemas and flags rows lost only where meant",
          "[e2e][postgres][features][capture]")
{
  PgWorkspace ws;
  ws.exec("CREATE SCHEMA audit");
  apply_hand_written(ws, "1", "events",
                     "CREATE TABLE events (id integer, year integer, note text, PRIMARY KEY (id, year)) "
                     "PARTITION BY LIST (year);\n"
                     "CREATE TABLE events_2024 PARTITION OF events FOR VALUES IN (2024);\n"
                     "CREATE TABLE events_2025 PARTITION OF events FOR VALUES IN (2025);\n"
                     "CREATE TABLE audit.log (id integer PRIMARY KEY, what text);\n"
                     "CREATE TABLE log (id integer PRIMARY KEY);\n",
                     "DROP TABLE events;\nDROP TABLE audit.log;\nDROP TABLE log;\n");
  ws.exec("INSERT INTO events VALUES (1, 2024, 'a'), (2, 2024, 'b'), (3, 2025, 'c');"
          "INSERT INTO audit.log VALUES (1, 'x'), (2, 'y'); INSERT INTO log VALUES (1)");
  // The UPDATE moves row 1 to the 2025 partition and the DELETE goes through the parent: meant.
  // audit.log loses a row to a statement that only inserts into a copy and renames it back. The
  // unqualified UPDATE changes public.log.
  write_migration(ws, "2", "move",
                  "UPDATE events SET year = 2025 WHERE id = 1;\n"
                  "DELETE FROM events WHERE id = 2;\n"
                  "CREATE TABLE audit.log_new (id integer PRIMARY KEY, what text);\n"
                  "INSERT INTO audit.log_new SELECT * FROM audit.log WHERE id = 1;\n"
                  "DROP TABLE audit.log;\n"
                  "ALTER TABLE audit.log_new RENAME TO log;\n"
                  "UPDATE log SET id = 2;\n", // public.log, the default schema's
                  "SELECT 1;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto run = ws.run("apply", {"--dir", "migrations", "--capture"});
  INFO(run.describe());
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "  events: 3 -> 2 rows, checksum "));
  CHECK(contains(run.out, "  events_2024: 2 -> 0 rows\n"));
  CHECK(contains(run.out, "  events_2025: 1 -> 2 rows\n"));
  CHECK(contains(run.out, "  audit.log: 2 -> 1 rows, checksum "));
  CHECK(contains(run.out, "; ROWS LOST\n"));
  CHECK(contains(run.out, "\n  log: 1 rows, checksum "));
  CHECK(contains(run.out, "(changed: id)\n"));
  CHECK(contains(run.err, "2_move.up.sql: table audit.log went from 2 to 1 rows (1 lost)"));
  CHECK_FALSE(contains(run.output(), "table events"));
}
