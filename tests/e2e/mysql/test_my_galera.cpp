// Issue 17, MariaDB Galera Cluster, on the three nodes of scripts/galera.sh
// (STRATA_TEST_GALERA_URLS): GET_LOCK is local to a node, so strata takes a cluster-wide lock (a
// row of strata_migration_lock that Galera certifies) — two applies on two nodes never migrate at
// once, the second waits naming the holder and its node, a killed holder's lock is taken over
// once its lease runs out; DDL runs in total order isolation, so after an apply through one node
// every node's catalog equals the schema (drift on each), and rollback, status, history and the
// backups before destructive steps work through any node. Without the variable the tests are
// skipped (exit 4), except under CI=true where they fail.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"
#include "tests/support/galera_database.hpp"
#include "tests/support/mysql_database.hpp"

#include "dialects/mysql/connection.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

using namespace strata::e2e;
using namespace std::chrono_literals;
using strata::dialects::mysql::MysqlConnection;
using Clock = std::chrono::steady_clock;
using strata::test::GaleraDatabase;
using strata::test::scalar;

namespace {

std::vector<std::string> history(MysqlConnection& connection)
{
  std::vector<std::string> out;
  for (const auto& r :
       connection.query("SELECT version, status FROM strata_schema_history ORDER BY CAST(version AS DECIMAL(30))").rows) {
    out.push_back(r[0].value_or("") + "|" + r[1].value_or(""));
  }
  return out;
}

// Whether a session of node `connection` runs a statement containing `text` in its database.
bool running(MysqlConnection& connection, const std::string& text)
{
  return scalar(connection, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND "
                            "DB = DATABASE() AND INFO LIKE '%" + text + "%' AND INFO NOT LIKE '%PROCESSLIST%'") != "0";
}

// `strata apply` started on `url`; returns once it runs `SLEEP(seconds)` on node `node`.
std::unique_ptr<Process> start_apply_until_asleep(const Workspace& ws, const GaleraDatabase& db, size_t node,
                                                  const std::string& url, int seconds)
{
  auto apply = ws.start_strata({"apply", "--dir", "migrations", "--db", url});
  auto watcher = db.connect(node);
  REQUIRE(wait_until(
    [&] { return !apply->running() || running(*watcher, "SLEEP(" + std::to_string(seconds) + ")"); }, 30s));
  REQUIRE(apply->running());
  return apply;
}

// A migration folder of one file that creates `table` and sleeps `seconds`, and an apply of it
// through `url` (node `node`), returned once it sleeps there: it holds the migration lock.
std::unique_ptr<Process> start_sleeping_holder(const Workspace& ws, const GaleraDatabase& db, const std::string& table,
                                               int seconds, size_t node, const std::string& url)
{
  write_migration(ws, "001", "slow",
                  "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY);\nSELECT SLEEP(" + std::to_string(seconds) +
                    ");\n",
                  "DROP TABLE " + table + ";\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  return start_apply_until_asleep(ws, db, node, url, seconds);
}

const char* const k_schema = R"yaml(tables:
  - name: accounts
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: email, type: varchar(200), nullable: false }
      - { name: nickname, type: varchar(50) }
    primary_key: [id]
    indexes:
      - { name: accounts_email_key, columns: [email], unique: true }
  - name: posts
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: account_id, type: integer, nullable: false }
      - { name: title, type: varchar(200), nullable: false }
    primary_key: [id]
    foreign_keys:
      - { name: posts_account_fk, columns: [account_id], references: { table: accounts, columns: [id] }, on_delete: cascade }
)yaml";

// The items table (2000 rows), created through node 1 in total order, and a migration folder of
// one file that builds an index on it node by node (galera-osu rsu) and drops it again.
void rolling_index_setup(const Workspace& ws, const GaleraDatabase& db)
{
  auto node1 = db.connect(0);
  node1->execute("CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL)");
  node1->execute("INSERT INTO items SELECT seq, CONCAT('c', seq MOD 97) FROM seq_1_to_2000");
  write_migration(ws, "001", "items_code",
                  "-- strata: galera-osu rsu\nCREATE INDEX items_code ON items (code);\n",
                  "-- strata: galera-osu rsu\nDROP INDEX items_code ON items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
}

std::string index_count(MysqlConnection& node, const std::string& index)
{
  return scalar(node, "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                      "DATABASE() AND TABLE_NAME = 'items' AND INDEX_NAME = '" + index + "'");
}

// The items table as node `node` has it: its columns and indexes.
std::string items_shape(MysqlConnection& node)
{
  return scalar(node, "SELECT CONCAT((SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM "
                      "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items'), ' | ', "
                      "(SELECT IFNULL(GROUP_CONCAT(DISTINCT INDEX_NAME ORDER BY INDEX_NAME), '') FROM "
                      "information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items'))");
}

// Every node Synced (a rolling upgrade desyncs one at a time) and with the same items table.
void require_nodes_alike(const GaleraDatabase& db, const std::string& shape)
{
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    auto c = db.connect(node);
    REQUIRE(wait_until([&] { return scalar(*c, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE "
                                               "VARIABLE_NAME = 'wsrep_local_state_comment'") == "Synced"; },
                       30s));
    CHECK(scalar(*c, "SELECT @@wsrep_OSU_method") == "TOI");
    CHECK(items_shape(*c) == shape);
  }
}

} // namespace

TEST_CASE("galera: two concurrent applies on two nodes take the cluster lock in turn and nothing runs twice",
          "[e2e][galera][lock]")
{
  GaleraDatabase db;
  Workspace ws;
  write_migration(ws, "001", "slow",
                  "CREATE TABLE filler (n INTEGER NOT NULL PRIMARY KEY);\n"
                  "INSERT INTO filler SELECT seq FROM seq_1_to_1000;\n"
                  "SELECT SLEEP(4);\n",
                  "DROP TABLE filler;\n");
  write_migration(ws, "002", "after", "CREATE TABLE after_slow (id INTEGER PRIMARY KEY);\n",
                  "DROP TABLE after_slow;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);

  auto first = start_apply_until_asleep(ws, db, 0, db.url(0), 4);
  // Node 3 gives up after a second, naming the holder and the node it migrates through.
  const auto refused = ws.strata({"apply", "--dir", "migrations", "--db", db.url(2), "--lock-timeout", "1"});
  // Node 2 waits for it, says so, then finds nothing left to do.
  const auto started = Clock::now();
  const auto second = ws.strata({"apply", "--dir", "migrations", "--db", db.url(1), "--lock-timeout", "60"});
  const auto waited = Clock::now() - started;
  const auto first_result = first->wait();
  INFO("first: " << first_result.describe());
  INFO("refused: " << refused.describe());
  INFO("second: " << second.describe());
  CHECK(first_result.exit_code == 0);

  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "another strata process holds the migration lock (strata_migration_lock"));
  CHECK(contains(refused.err, "held by strata pid " + std::to_string(first->pid()) + " on host "));
  CHECK(contains(refused.err, "through node1 ("));
  CHECK(contains(refused.err, ", since "));
  CHECK_FALSE(contains(refused.output(), ":" + db.password() + "@")); // the password is never shown

  CHECK(second.exit_code == 0);
  CHECK(contains(second.output(), "waiting up to 1 min 00 s for the migration lock, held by strata pid " +
                                    std::to_string(first->pid())));
  CHECK(waited >= 1s);
  CHECK_FALSE(contains(second.output(), "applied 001"));
  CHECK_FALSE(contains(second.output(), "applied 002"));

  for (size_t node = 0; node < db.nodes(); ++node) {
    auto c = db.connect(node);
    INFO("node " << node + 1);
    CHECK(history(*c) == std::vector<std::string>{"001|applied", "002|applied"});
    CHECK(scalar(*c, "SELECT COUNT(*) FROM filler") == "1000");
    // Released: the row is gone.
    CHECK(scalar(*c, "SELECT COUNT(*) FROM strata_migration_lock") == "0");
  }
}

TEST_CASE("galera: a killed holder's cluster lock is taken over on another node once its lease runs out",
          "[e2e][galera][lock]")
{
  GaleraDatabase db;
  Workspace ws;
  auto holder = start_sleeping_holder(ws, db, "stuck", 8, 0, db.url(0, "lock_lease=3"));
  const auto killed_pid = holder->pid();
  holder->send_signal(SIGKILL);
  REQUIRE(holder->wait().signal == SIGKILL);
  auto node2 = db.connect(1);
  REQUIRE(scalar(*node2, "SELECT COUNT(*) FROM strata_migration_lock") == "1");

  // The dead process's row stays until its lease (3 s, its own) has passed without a heartbeat.
  const auto started = Clock::now();
  const auto next = ws.strata({"apply", "--dir", "migrations", "--db", db.url(1), "--lock-timeout", "30"});
  const auto waited = Clock::now() - started;
  INFO(next.describe());
  CHECK(contains(next.output(), "took over the migration lock of strata pid " + std::to_string(killed_pid)));
  CHECK(contains(next.output(), "no heartbeat for"));
  CHECK(waited >= 3s);
  CHECK(waited < 25s);
  // It holds the lock and reads the history the dead run left: the file is dirty, repair decides.
  CHECK(next.exit_code == 1);
  CHECK(contains(next.err, "repair"));
  CHECK_FALSE(contains(next.err, "holds the migration lock"));
  CHECK(history(*node2) == std::vector<std::string>{"001|dirty"});
  CHECK(scalar(*node2, "SELECT COUNT(*) FROM strata_migration_lock") == "0");
}

TEST_CASE("galera: a plan applied through one node leaves every node's catalog equal to the schema",
          "[e2e][galera]")
{
  GaleraDatabase db;
  Workspace ws;
  ws.write("schema.yaml", k_schema);

  // Read-only commands on a node write nothing: no history table, no lock table.
  require_exit(ws.strata({"status", "--dir", "migrations", "--db", db.url(2)}), 0);
  require_exit(ws.strata({"history", "--db", db.url(2)}), 0);
  require_exit(ws.strata({"drift", "--schema", "schema.yaml", "--db", db.url(2)}), 2); // the tables are missing
  require_exit(ws.strata({"doctor", "--dir", "migrations", "--db", db.url(2)}), 0);
  {
    auto node3 = db.connect(2);
    CHECK(scalar(*node3, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()") == "0");
  }

  require_exit(ws.strata({"plan", "--schema", "schema.yaml", "--db", db.url(0), "--dir", "migrations", "--name",
                          "init"}),
               2); // changes found
  const auto applied = ws.strata({"apply", "--dir", "migrations", "--db", db.url(1)});
  require_exit(applied, 0);
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    const auto drift = ws.strata({"drift", "--schema", "schema.yaml", "--db", db.url(node)});
    INFO(drift.describe());
    CHECK(drift.exit_code == 0);
    CHECK(ws.strata({"status", "--dir", "migrations", "--db", db.url(node)}).exit_code == 0);
    const auto listed = ws.strata({"history", "--dir", "migrations", "--db", db.url(node)});
    CHECK(listed.exit_code == 0);
    CHECK(contains(listed.out, "init"));
  }

  // The replay in a scratch database (created and dropped through node 3, so on every node).
  const auto replayed = ws.strata({"drift", "--against", "migrations", "--dir", "migrations", "--db", db.url(2)});
  INFO(replayed.describe());
  CHECK(replayed.exit_code == 0);

  // A destructive step: its backup is a copy in strata_backup, made through node 3 and seen by all.
  auto node1 = db.connect(0);
  node1->execute("INSERT INTO accounts (id, email, nickname) VALUES (1, 'a@example.com', 'ann'), "
                 "(2, 'b@example.com', 'bob')");
  std::string smaller = k_schema;
  smaller.erase(smaller.find("      - { name: nickname, type: varchar(50) }\n"),
                std::string("      - { name: nickname, type: varchar(50) }\n").size());
  ws.write("schema.yaml", smaller);
  require_exit(ws.strata({"plan", "--schema", "schema.yaml", "--db", db.url(2), "--dir", "migrations", "--name",
                          "drop_nickname"}),
               2);
  const auto dropped = ws.strata({"apply", "--dir", "migrations", "--db", db.url(2), "--yes"});
  INFO(dropped.describe());
  REQUIRE(dropped.exit_code == 0);
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    require_exit(ws.strata({"drift", "--schema", "schema.yaml", "--db", db.url(node)}), 0);
    const auto backups = ws.strata({"backup", "list", "--db", db.url(node)});
    CHECK(contains(backups.out, "nickname"));
  }

  // Rolled back through node 2: the column comes back everywhere.
  const auto rolled = ws.strata({"rollback", "--steps", "1", "--dir", "migrations", "--db", db.url(1), "--yes"});
  INFO(rolled.describe());
  REQUIRE(rolled.exit_code == 0);
  ws.write("schema.yaml", k_schema);
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    require_exit(ws.strata({"drift", "--schema", "schema.yaml", "--db", db.url(node)}), 0);
  }
}

TEST_CASE("galera: doctor on another node names the cluster lock's holder and the node's replication",
          "[e2e][galera][lock]")
{
  GaleraDatabase db;
  Workspace ws;
  auto holder = start_sleeping_holder(ws, db, "waiting", 5, 0, db.url(0));
  const auto doctor = ws.strata({"doctor", "--dir", "migrations", "--db", db.url(2)});
  const auto finished = holder->wait();
  INFO(doctor.describe());
  CHECK(finished.exit_code == 0);
  CHECK(contains(doctor.out, "held by strata pid " + std::to_string(holder->pid())));
  CHECK(contains(doctor.out, "through node1 ("));
  CHECK(contains(doctor.out, "galera"));
  CHECK(contains(doctor.out, "wsrep_OSU_method TOI"));
}

TEST_CASE("galera: a galera-osu rsu file builds its index on one node after the other", "[e2e][galera][rsu]")
{
  GaleraDatabase db;
  Workspace ws;
  rolling_index_setup(ws, db);
  const auto applied = ws.strata({"apply", "--dir", "migrations", "--db", db.url(0)});
  INFO(applied.describe());
  REQUIRE(applied.exit_code == 0);
  CHECK(contains(applied.out + applied.err, "rolling 001_items_code.up.sql through 3 nodes one at a time"));
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    // One progress line per node, with its address and how long it took.
    const auto address = "node" + std::to_string(node + 1) + " (" + db.db_url(node).host + ":" +
                         std::to_string(db.db_url(node).port) + "): 1 statement in ";
    CHECK(contains(applied.output(), address));
    auto c = db.connect(node);
    CHECK(index_count(*c, "items_code") == "1");
    CHECK(history(*c) == std::vector<std::string>{"001|applied"});
    CHECK(scalar(*c, "SELECT COUNT(*) FROM items") == "2000");
  }
  require_nodes_alike(db, "id,code | items_code,PRIMARY");

  // Rolled back through node 2, node by node as the down file asks.
  const auto rolled = ws.strata({"rollback", "--steps", "1", "--dir", "migrations", "--db", db.url(1)});
  INFO(rolled.describe());
  REQUIRE(rolled.exit_code == 0);
  CHECK(contains(rolled.output(), "rolling 001_items_code.down.sql through 3 nodes"));
  for (size_t node = 0; node < db.nodes(); ++node) {
    auto c = db.connect(node);
    CHECK(history(*c).empty());
  }
  require_nodes_alike(db, "id,code | PRIMARY");
}

TEST_CASE("galera: a galera-osu rsu file that changes columns is refused before anything runs",
          "[e2e][galera][rsu]")
{
  GaleraDatabase db;
  Workspace ws;
  rolling_index_setup(ws, db);
  write_migration(ws, "002", "with_column",
                  "-- strata: galera-osu rsu\nCREATE INDEX items_id_code ON items (id, code);\n"
                  "ALTER TABLE items ADD COLUMN note VARCHAR(20);\n",
                  "-- strata: galera-osu rsu\nDROP INDEX items_id_code ON items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  const auto refused = ws.strata({"apply", "--dir", "migrations", "--db", db.url(0)});
  INFO(refused.describe());
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, "002_with_column.up.sql:3: ALTER TABLE items ADD COLUMN note"));
  CHECK(contains(refused.err, "cannot run node by node"));
  CHECK(contains(refused.err, "columns"));
  // Not even 001, which is fine, ran: every file is checked first.
  CHECK_FALSE(contains(refused.output(), "rolling"));
  for (size_t node = 0; node < db.nodes(); ++node) {
    auto c = db.connect(node);
    CHECK(history(*c).empty());
  }
  require_nodes_alike(db, "id,code | PRIMARY");
}

TEST_CASE("galera: a rolling upgrade that fails on node 3 is undone on nodes 1 and 2", "[e2e][galera][rsu]")
{
  GaleraDatabase db;
  Workspace ws;
  rolling_index_setup(ws, db);
  // Node 3 alone has an index of that name already (built there in RSU by hand).
  {
    auto node3 = db.connect(2);
    node3->execute("SET SESSION wsrep_OSU_method = 'RSU'");
    node3->execute("CREATE INDEX items_code ON items (id)");
    node3->execute("SET SESSION wsrep_OSU_method = 'TOI'");
  }
  const auto failed = ws.strata({"apply", "--dir", "migrations", "--db", db.url(0)});
  INFO(failed.describe());
  CHECK(failed.exit_code == 1);
  const auto node3 = "node3 (" + db.db_url(2).host + ":" + std::to_string(db.db_url(2).port) + ")";
  CHECK(contains(failed.err, "001_items_code.up.sql: statement 1 (line 2) failed: on " + node3));
  CHECK(contains(failed.err, "Duplicate key name 'items_code'"));
  CHECK(contains(failed.err, "undone with 001_items_code.down.sql on node2 ("));
  CHECK(contains(failed.err, "the version stays pending"));
  CHECK(contains(failed.output(), "node1 (" + db.db_url(0).host + ":" + std::to_string(db.db_url(0).port) +
                                    "): undone with 001_items_code.down.sql"));
  for (size_t node = 0; node < db.nodes(); ++node) {
    INFO("node " << node + 1);
    auto c = db.connect(node);
    CHECK(history(*c).empty()); // no history row: the version is pending
    CHECK(index_count(*c, "items_code") == (node == 2 ? "1" : "0"));
  }
  {
    auto c = db.connect(0);
    CHECK(scalar(*c, "SELECT outcome FROM strata_schema_runs ORDER BY id DESC LIMIT 1") == "failed");
  }

  // Node 3's stray index gone (by hand, in RSU), the same file goes through on every node.
  {
    auto c = db.connect(2);
    c->execute("SET SESSION wsrep_OSU_method = 'RSU'");
    c->execute("DROP INDEX items_code ON items");
    c->execute("SET SESSION wsrep_OSU_method = 'TOI'");
  }
  require_nodes_alike(db, "id,code | PRIMARY");
  const auto again = ws.strata({"apply", "--dir", "migrations", "--db", db.url(0)});
  INFO(again.describe());
  REQUIRE(again.exit_code == 0);
  require_nodes_alike(db, "id,code | items_code,PRIMARY");
}

TEST_CASE("galera: a galera-osu rsu file is refused on a server that is no Galera node", "[e2e][galera][rsu]")
{
  strata::test::MysqlDatabase plain;
  Workspace ws;
  plain.connection().execute("CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL)");
  write_migration(ws, "001", "items_code", "-- strata: galera-osu rsu\nCREATE INDEX items_code ON items (code);\n",
                  "DROP INDEX items_code ON items;\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  for (const bool dry : {true, false}) {
    std::vector<std::string> args{"apply", "--dir", "migrations", "--db", plain.url_text()};
    if (dry) {
      args.emplace_back("--dry-run");
    }
    const auto refused = ws.strata(args);
    INFO(refused.describe());
    CHECK(refused.exit_code != 0);
    CHECK(contains(refused.err, "001_items_code.up.sql:1: galera-osu rsu asks to run the file node by node"));
    CHECK(contains(refused.err, "is not a node of a Galera cluster"));
  }
  CHECK(scalar(plain.connection(), "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                                   "DATABASE() AND INDEX_NAME = 'items_code'") == "0");
}
