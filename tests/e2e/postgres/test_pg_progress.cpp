// PostgreSQL only: apply reports a backup and a slow statement with their durations, in order.

#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEST_CASE("postgres: apply reports backups and slow statements with their durations", "[e2e][postgres][progress]")
{
  PgWorkspace ws;
  ws.exec("CREATE TABLE events (id integer PRIMARY KEY, payload text)");
  ws.exec("INSERT INTO events SELECT g, 'p' || g FROM generate_series(1, 500) g");
  ws.write("migrations/1_slow.up.sql", "-- strata: backup events.payload\n"
                                       "SELECT pg_sleep(1.2);\n"
                                       "ALTER TABLE events DROP COLUMN payload;\n");
  ws.write("migrations/1_slow.down.sql", "ALTER TABLE events ADD COLUMN payload text;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto result = ws.run("apply", {"--dir", "migrations", "--yes"});
  require_exit(result, 0);
  INFO(result.err);
  // Progress goes to stderr, in order: the backup (start, then rows and time), the slow statement, the file.
  const auto backing = result.err.find("backing up events.payload ...");
  const auto backed = result.err.find("backed up events.payload to ");
  const auto slow = result.err.find("statement 1 (line 2) of 1_slow.up.sql took 1.");
  const auto applied = result.err.find("applied 1_slow.up.sql in 1.");
  REQUIRE(backing != std::string::npos);
  REQUIRE(backed != std::string::npos);
  REQUIRE(slow != std::string::npos);
  REQUIRE(applied != std::string::npos);
  CHECK(backing < backed);
  CHECK(backed < slow);
  CHECK(slow < applied);
  CHECK(contains(result.err.substr(backed), "(500 rows) in "));
}

TEST_CASE("postgres: an index build shows its phase and blocks live, inside and outside a transaction",
          "[e2e][postgres][progress]")
{
  PgWorkspace ws;
  // An index expression that takes 10 ms a row: 250 rows keep each build busy for 2.5 s.
  ws.exec("CREATE FUNCTION slow_key(v integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS "
          "$$ BEGIN PERFORM pg_sleep(0.01); RETURN v; END $$");
  ws.exec("CREATE TABLE events (id integer PRIMARY KEY, payload text)");
  ws.exec("INSERT INTO events SELECT g, 'p' || g FROM generate_series(1, 250) g");
  ws.write("migrations/1_index.up.sql", "CREATE INDEX events_slow_idx ON events ((slow_key(id)));\n");
  ws.write("migrations/1_index.down.sql", "DROP INDEX events_slow_idx;\n");
  ws.write("migrations/2_index_concurrently.up.sql",
           "-- strata: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS events_slow2_idx ON events "
           "((slow_key(id) + 1));\n");
  ws.write("migrations/2_index_concurrently.down.sql",
           "-- strata: no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS events_slow2_idx;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  ProcessOptions forced;
  forced.env["STRATA_PROGRESS"] = "always";
  const auto result = ws.strata({"apply", "--db", ws.url(), "--dir", "migrations"}, forced);
  require_exit(result, 0);
  INFO(result.err);
  // A sample from the second connection: the command, the table, the phase and the blocks.
  CHECK(contains(result.err, "statement 1 (line 1) of 1_index.up.sql running for "));
  CHECK(contains(result.err, " - CREATE INDEX on events: building index: scanning table"));
  CHECK(contains(result.err, " - CREATE INDEX CONCURRENTLY on events: building index: scanning table"));
  CHECK(contains(result.err, " blocks ("));
  CHECK(contains(result.err, "\r\x1b[K  statement 1 (line 2) of 2_index_concurrently.up.sql took "));
  // The probe only read: both indexes exist, valid, and no other session of it is left.
  CHECK(ws.scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN "
                  "('events_slow_idx', 'events_slow2_idx') AND i.indisvalid")
          .value_or("") == "2");
}
