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
