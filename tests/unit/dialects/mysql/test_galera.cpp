// The Galera side of the MySQL dialect on the three nodes of scripts/galera.sh: detection of a
// node (and of a plain server, which is none), the cluster-wide migration lock across nodes, its
// takeover once a silent holder's lease ran out or its session is gone, and a lost lock.
#include "dialects/mysql/galera.hpp"
#include "dialects/health.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/galera_database.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace strata;
using namespace std::chrono_literals;
using dialects::mysql::MysqlConnection;
using strata::test::GaleraDatabase;
using strata::test::scalar;

namespace {

// A row of a holder that no process refreshes any more: `instance` and `connection` as given.
void insert_silent_holder(MysqlConnection& connection, const std::string& instance, const std::string& connection_id,
                          long long lease_ms)
{
  connection.execute(
    "CREATE TABLE IF NOT EXISTS strata_migration_lock (`name` VARCHAR(64) NOT NULL PRIMARY KEY, `token` CHAR(32) "
    "NOT NULL, `holder` VARCHAR(255) NOT NULL, `node` VARCHAR(255) NOT NULL, `node_instance` VARCHAR(64) NOT NULL, "
    "`connection_id` BIGINT UNSIGNED NOT NULL, `acquired_at` DATETIME(6) NOT NULL, `heartbeat_at` DATETIME(6) NOT "
    "NULL, `beats` BIGINT UNSIGNED NOT NULL, `lease_ms` BIGINT UNSIGNED NOT NULL) ENGINE = InnoDB");
  connection.execute("INSERT INTO strata_migration_lock VALUES ('migrate', 'deadbeefdeadbeefdeadbeefdeadbeef', "
                     "'strata pid 999999 on host gone', 'node9 (10.0.0.9:3306)', '" + instance + "', " +
                     connection_id + ", UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 7, " + std::to_string(lease_ms) + ")");
}

// Polls until the node lists no connection `id` (a closed client's session ends a moment later).
bool wait_until_gone(MysqlConnection& connection, const std::string& id)
{
  for (int i = 0; i < 100; ++i) {
    if (scalar(connection, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id) == "0") {
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

} // namespace

TEST_CASE("mysql: a plain server is no Galera node, and each node of the cluster is one", "[mysql][galera]")
{
  test::MysqlDatabase plain;
  CHECK_FALSE(dialects::mysql::galera_node(plain.connection()));

  GaleraDatabase db;
  for (size_t n = 0; n < db.nodes(); ++n) {
    const auto node = dialects::mysql::galera_node(*db.connect(n));
    REQUIRE(node);
    CHECK(node->name == "node" + std::to_string(n + 1));
    CHECK(node->cluster_size == 3);
    CHECK(node->ready);
    CHECK(node->state == "Synced");
    CHECK(node->osu_method == "TOI");
    CHECK(node->describe() == "node" + std::to_string(n + 1) + " (" + node->address + ")");
    CHECK_FALSE(node->instance.empty());
  }
}

TEST_CASE("mysql: on Galera the migration lock of one node excludes the other nodes, naming the holder", "[mysql][galera]")
{
  GaleraDatabase db;
  const auto& dialect = dialects::dialect_for("mysql");
  auto first = db.connect(0);
  auto second = db.connect(1);
  {
    const auto held = dialect.acquire_lock(*first, db.db_url(0), 1000ms);
    CHECK(held->note().empty());
    CHECK(held->lost().empty());
    const auto start = std::chrono::steady_clock::now();
    std::string message;
    try {
      dialect.acquire_lock(*second, db.db_url(1), 300ms);
    } catch (const Error& e) {
      message = e.what();
    }
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    CHECK_THAT(message, Catch::StartsWith("another strata process holds the migration lock (strata_migration_lock of "
                                          "a Galera cluster) on mysql://"));
    CHECK_THAT(message, Catch::Contains("held by strata pid " + std::to_string(::getpid()) + " on host ") &&
                          Catch::Contains(" through node1 (") && Catch::Contains(", since ") &&
                          Catch::Contains("last heartbeat"));
    CHECK(message.find(":" + db.password() + "@") == std::string::npos);
    // doctor's question reads the same row on any node.
    auto third = db.connect(2);
    CHECK_THAT(dialects::health("mysql")->lock_holder(*third, db.db_url(2)), Catch::StartsWith("strata pid "));
    // GET_LOCK is not what holds it: it is free on every node.
    CHECK(scalar(*third, "SELECT IS_FREE_LOCK('strata:migrate:" + db.name() + "')") == "1");
  }
  // Released: the row is gone and another node takes the lock at once.
  CHECK(scalar(*second, "SELECT COUNT(*) FROM strata_migration_lock") == "0");
  const auto start = std::chrono::steady_clock::now();
  CHECK(dialect.acquire_lock(*second, db.db_url(1), 2000ms) != nullptr);
  CHECK(std::chrono::steady_clock::now() - start < 1000ms);
}

TEST_CASE("mysql: on Galera a holder silent for its lease is taken over, one whose session is gone at once",
          "[mysql][galera]")
{
  GaleraDatabase db;
  const auto& dialect = dialects::dialect_for("mysql");
  auto node1 = db.connect(0);
  auto node2 = db.connect(1);

  // Silent for its 1 s lease (another node, so its session cannot be looked up): taken over after it.
  insert_silent_holder(*node1, "another-instance", "1", 1000);
  {
    CHECK_THROWS_AS(dialect.acquire_lock(*node2, db.db_url(1), 300ms), Error);
    const auto start = std::chrono::steady_clock::now();
    const auto taken = dialect.acquire_lock(*node2, db.db_url(1), 5000ms);
    CHECK(std::chrono::steady_clock::now() - start >= 1000ms);
    CHECK_THAT(taken->note(), Catch::StartsWith("took over the migration lock of strata pid 999999 on host gone "
                                                "(node9 (10.0.0.9:3306)): no heartbeat for "));
  }

  // Same node instance, no such connection there any more: taken at once, whatever the lease.
  const auto instance = dialects::mysql::galera_node(*node1)->instance;
  std::string gone_id;
  {
    auto gone = db.connect(0);
    gone_id = scalar(*gone, "SELECT CONNECTION_ID()");
  }
  REQUIRE(wait_until_gone(*node1, gone_id));
  insert_silent_holder(*node1, instance, gone_id, 600000);
  const auto start = std::chrono::steady_clock::now();
  const auto taken = dialect.acquire_lock(*node1, db.db_url(0), 5000ms);
  CHECK(std::chrono::steady_clock::now() - start < 1000ms);
  CHECK_THAT(taken->note(), Catch::EndsWith("its session is gone from this node"));
}

TEST_CASE("mysql: on Galera the holder keeps its lease alive and knows when the lock was taken from it",
          "[mysql][galera]")
{
  GaleraDatabase db;
  const auto& dialect = dialects::dialect_for("mysql");
  auto node1 = db.connect(0);
  auto node3 = db.connect(2);
  const auto held = dialect.acquire_lock(*node1, db.db_url(0, "1"), 1000ms);
  const auto beats = [&] { return scalar(*node3, "SELECT beats FROM strata_migration_lock"); };
  const auto before = beats();
  std::this_thread::sleep_for(700ms);
  CHECK(beats() != before); // a heartbeat every fifth of the lease
  // Two leases later it is still held (the heartbeats go on) and not lost.
  CHECK_THROWS_AS(dialect.acquire_lock(*node3, db.db_url(2), 2500ms), Error);
  CHECK(held->lost().empty());
  // Taken from it by hand (as a takeover would): the next heartbeat finds the row gone.
  node3->execute("DELETE FROM strata_migration_lock");
  std::this_thread::sleep_for(700ms);
  CHECK_THAT(held->lost(), Catch::Contains("another strata took the lock over"));
}

TEST_CASE("mysql: the Galera lock's lease is a URL parameter of whole or fractional seconds, at least 1",
          "[mysql][galera]")
{
  auto url = dialects::DbUrl::parse("mysql://u:secret@127.0.0.1:3311/app?lock_lease=2.5");
  CHECK(dialects::mysql::cluster_lock_lease(url) == 2500ms);
  url.params.erase("lock_lease");
  CHECK(dialects::mysql::cluster_lock_lease(url) == 30000ms);
  for (const char* bad : {"0.5", "abc", "", "1e9"}) {
    url.params["lock_lease"] = bad;
    INFO(bad);
    CHECK_THROWS_AS(dialects::mysql::cluster_lock_lease(url), Error);
  }
}

TEST_CASE("galera: only index changes, OPTIMIZE and ANALYZE may run node by node", "[galera][rsu]")
{
  using dialects::mysql::refuse_rolling_statement;
  for (const char* allowed : {
         "CREATE INDEX accounts_email ON accounts (email)",
         "create unique index `u` on `t` (`a`, `b`(10)) ALGORITHM = INPLACE LOCK = NONE;",
         "CREATE OR REPLACE FULLTEXT INDEX ft ON posts (body)",
         "CREATE SPATIAL INDEX IF NOT EXISTS sp ON places (location)",
         "DROP INDEX accounts_email ON accounts",
         "DROP INDEX IF EXISTS `i` ON db.t ALGORITHM=INPLACE",
         "ALTER TABLE t ADD INDEX i (a), DROP KEY j, ALGORITHM=INPLACE, LOCK=NONE",
         "ALTER ONLINE TABLE db.t ADD UNIQUE KEY u (a, b)",
         "ALTER TABLE `t` ADD CONSTRAINT u UNIQUE (a), ADD FULLTEXT KEY ft (body)",
         "ALTER TABLE t ADD INDEX i ((a + 1)), ADD SPATIAL INDEX s (p)",
         "/* note */ OPTIMIZE TABLE t",
         "ANALYZE NO_WRITE_TO_BINLOG TABLE t, u",
         "ANALYZE TABLE t PERSISTENT FOR ALL",
         "-- just a comment",
       }) {
    INFO(allowed);
    CHECK(refuse_rolling_statement(allowed).empty());
  }
  const auto refused = [](const char* statement, const char* reason) {
    INFO(statement);
    CHECK_THAT(refuse_rolling_statement(statement), Catch::Contains(reason));
  };
  refused("ALTER TABLE t ADD COLUMN c INT", "columns");
  refused("ALTER TABLE t ADD c INT, ADD INDEX i (c)", "columns");
  refused("ALTER TABLE t ADD INDEX i (a), DROP COLUMN b", "columns");
  refused("ALTER TABLE t DROP b", "columns");
  refused("ALTER TABLE t MODIFY a BIGINT", "columns");
  refused("ALTER TABLE t CHANGE a b INT", "columns");
  refused("ALTER TABLE t ALTER COLUMN a SET DEFAULT 1", "columns");
  refused("ALTER TABLE t RENAME COLUMN a TO b", "columns");
  refused("ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4", "columns");
  refused("ALTER TABLE t RENAME TO u", "table");
  refused("ALTER TABLE t ADD PRIMARY KEY (a)", "primary key");
  refused("ALTER TABLE t DROP PRIMARY KEY", "primary key");
  refused("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)", "foreign key");
  refused("ALTER TABLE t DROP FOREIGN KEY fk", "foreign key");
  refused("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "check constraint");
  refused("ALTER TABLE t ENGINE = InnoDB", "only index changes");
  refused("ALTER TABLE t", "only index changes");
  refused("ALTER TABLE t RENAME INDEX a TO b", "only index changes");
  refused("ALTER TABLE t ADD INDEX i (a) PARTITION BY HASH (a)", "only index changes");
  refused("CREATE TABLE t (id INT PRIMARY KEY)", "creates, drops or renames a table");
  refused("DROP TABLE t", "creates, drops or renames a table");
  refused("RENAME TABLE t TO u", "creates, drops or renames a table");
  refused("CREATE VIEW v AS SELECT 1", "only index changes");
  refused("DROP INDEX i", "only index changes");
  refused("INSERT INTO t VALUES (1)", "once per node");
  refused("UPDATE t SET a = 1", "once per node");
  refused("DELETE FROM t", "once per node");
  refused("TRUNCATE TABLE t", "only index changes");
  refused("ANALYZE SELECT * FROM t", "only index changes");
  refused("SET SESSION wsrep_OSU_method = 'TOI'", "only index changes");
}

TEST_CASE("galera: node lists are host:port, comma-separated", "[galera][rsu]")
{
  using dialects::mysql::parse_node_addresses;
  using Nodes = std::vector<std::pair<std::string, int>>;
  CHECK(parse_node_addresses("127.0.0.1:3311,127.0.0.1:3312, db3.example:3306", "x") ==
        Nodes{{"127.0.0.1", 3311}, {"127.0.0.1", 3312}, {"db3.example", 3306}});
  CHECK(parse_node_addresses("[::1]:3306", "x") == Nodes{{"::1", 3306}});
  for (const char* bad : {"", "h1", "h1:", ":3306", "h1:0", "h1:70000", "h1:33a", "h1:3306,,h2:3306", "AUTO"}) {
    INFO(bad);
    REQUIRE_THROWS_WITH(parse_node_addresses(bad, "galera_nodes of U"),
                        Catch::Contains("galera_nodes of U") && Catch::Contains("host:port"));
  }
}
