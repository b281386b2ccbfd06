// Issue 13, crash consistency: `apply` of a realistic generated migration over two tables with
// rows, SIGKILLed at seeded random moments, then recovered with the documented command alone
// (SQLite, PostgreSQL: `apply` again; MariaDB: `repair --continue` when a row is dirty, then
// `apply`). The migration is destructive (it drops customers.note, backed up first), and every
// other kill is aimed at the backup phase (between "backing up" and "backed up"). After each
// recovery no row is lost or changed (the dropped values come back from the one recorded backup),
// every file is applied exactly once, the catalog is the planned one (the plan is empty, the
// catalog equals an uninterrupted run's), and every backup copy left is one the backup catalog
// names (a kill after a backup was recorded leaves that backup, listed and restorable; the
// next apply takes its own).
// STRATA_KILL_SEED picks the moments (printed on failure), STRATA_KILLS how many (3).

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <thread>

using namespace strata::e2e;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int k_battery_rows = 20000;

const std::string k_v1_yaml = R"yaml(version: 1
tables:
  - name: customers
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: name, type: varchar(100), nullable: false }
      - { name: email, type: varchar(200) }
      - { name: note, type: text }
    primary_key: [id]
  - name: orders
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: customer_id, type: integer, nullable: false }
      - { name: amount, type: integer, nullable: false }
      - { name: status, type: varchar(20) }
    primary_key: [id]
    foreign_keys:
      - { name: orders_customer_fk, columns: [customer_id], references: { table: customers, columns: [id] } }
)yaml";

// v2: a column with a default, a widened type and an index on customers, and its note column
// dropped (destructive: backed up first); a column and a composite index on orders; a new table
// referencing orders.
const std::string k_v2_yaml = R"yaml(version: 1
tables:
  - name: customers
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: name, type: varchar(200), nullable: false }
      - { name: email, type: varchar(200) }
      - { name: tier, type: integer, nullable: false, default: "0" }
    primary_key: [id]
    indexes:
      - { name: customers_email_idx, columns: [email] }
  - name: orders
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: customer_id, type: integer, nullable: false }
      - { name: amount, type: integer, nullable: false }
      - { name: status, type: varchar(20) }
      - { name: shipped_at, type: timestamp }
    primary_key: [id]
    indexes:
      - { name: orders_status_amount_idx, columns: [status, amount] }
    foreign_keys:
      - { name: orders_customer_fk, columns: [customer_id], references: { table: customers, columns: [id] } }
  - name: order_notes
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: order_id, type: integer, nullable: false }
      - { name: body, type: text, nullable: false }
    primary_key: [id]
    foreign_keys:
      - { name: order_notes_order_fk, columns: [order_id], references: { table: orders, columns: [id] } }
)yaml";

// Each engine's way to fill both tables with k_battery_rows rows ({n} replaced by k_battery_rows).
const PerEngine<std::vector<std::string>> k_fill{
  {"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) INSERT INTO customers "
   "(id, name, email, note) SELECT n, 'customer ' || n, 'c' || n || '@example.com', CASE WHEN n % 3 = 0 THEN NULL "
   "ELSE 'note ' || n END FROM c",
   "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) INSERT INTO orders "
   "(id, customer_id, amount, status) SELECT n, (n * 7) % {n} + 1, n % 1000, CASE WHEN n % 4 = 0 THEN NULL ELSE "
   "'paid' END FROM c"},
  {"INSERT INTO customers (id, name, email, note) SELECT n, 'customer ' || n, 'c' || n || '@example.com', CASE "
   "WHEN n % 3 = 0 THEN NULL ELSE 'note ' || n END FROM generate_series(1, {n}) AS n",
   "INSERT INTO orders (id, customer_id, amount, status) SELECT n, (n * 7) % {n} + 1, n % 1000, CASE WHEN n % 4 = "
   "0 THEN NULL ELSE 'paid' END FROM generate_series(1, {n}) AS n"},
  {"INSERT INTO customers (id, name, email, note) SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, "
   "'@example.com'), IF(seq % 3 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_{n}",
   "INSERT INTO orders (id, customer_id, amount, status) SELECT seq, (seq * 7) % {n} + 1, seq % 1000, IF(seq % 4 = "
   "0, NULL, 'paid') FROM seq_1_to_{n}"}};

void fill(DbWorkspace& ws)
{
  for (auto sql : k_fill[ws.engine()]) {
    for (auto at = sql.find("{n}"); at != std::string::npos; at = sql.find("{n}")) {
      sql.replace(at, 3, std::to_string(k_battery_rows));
    }
    ws.exec(sql);
  }
}

// Every v1 value of both tables that v2 keeps, in key order.
std::vector<Row> kept_rows(DbWorkspace& ws)
{
  auto out = ws.rows("SELECT id, name, email FROM customers ORDER BY id");
  const auto orders = ws.rows("SELECT id, customer_id, amount, status FROM orders ORDER BY id");
  out.insert(out.end(), orders.begin(), orders.end());
  return out;
}

// The values of the column v2 drops.
std::vector<Row> notes(DbWorkspace& ws)
{
  return ws.rows("SELECT id, note FROM customers ORDER BY id");
}

// The backup copies present, recorded or not (this database's: its own backup folder, schema, or
// the tables of strata_backup named after it), and the backups its catalog records.
const PerEngine<std::function<long long(DbWorkspace&)>> k_copies{
  [](DbWorkspace& ws) {
    long long files = 0;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(ws.path(".strata/backups"), ignored)) {
      files += entry.path().filename().string().find("-journal") == std::string::npos ? 1 : 0;
    }
    return files;
  },
  [](DbWorkspace& ws) {
    return std::stoll(ws.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'strata_backup'").value_or("0"));
  },
  [](DbWorkspace& ws) {
    return std::stoll(ws.scalar("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                "'strata_backup' AND TABLE_NAME LIKE CONCAT(REPLACE(DATABASE(), '_', '\\_'), "
                                "'\\_%')")
                        .value_or("0"));
  }};

long long recorded_backups(DbWorkspace& ws)
{
  return ws.table_exists("strata_schema_backups")
           ? std::stoll(ws.scalar("SELECT count(*) FROM strata_schema_backups").value_or("0"))
           : 0;
}

std::string env_or(const char* name, const std::string& fallback)
{
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The migration folder's files by name.
std::map<std::string, std::string> folder_of(const DbWorkspace& ws)
{
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(ws.dir())) {
    files[entry.path().filename().string()] = read_text(entry.path());
  }
  return files;
}

// Waits, polling every millisecond, until `text` is in the output of `process` or it ended.
bool wait_for(const Process& process, const std::string& text)
{
  const auto deadline = Clock::now() + 60s;
  while (Clock::now() < deadline) {
    if (contains(process.output_so_far(), text)) {
      return true;
    }
    if (!process.running()) {
      return contains(process.output_so_far(), text);
    }
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

// What the database's history says right after a kill ("v1 only", "v2 dirty", ...).
std::string state_after_kill(DbWorkspace& ws, const std::vector<std::string>& before)
{
  const auto history = ws.history();
  if (history == before) {
    return "nothing recorded";
  }
  for (const auto& entry : history) {
    if (entry.find("|dirty") != std::string::npos) {
      return "dirty row";
    }
  }
  return "files applied";
}

} // namespace

TEMPLATE_TEST_CASE("apply killed at seeded random moments recovers with the documented command", "[e2e][kill]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto seed = static_cast<unsigned>(std::stoul(env_or("STRATA_KILL_SEED", "20261204")));
  const int kills = std::stoi(env_or("STRATA_KILLS", "3"));
  INFO("STRATA_KILL_SEED=" << seed << " STRATA_KILLS=" << kills << " (" << engine.name << ")");

  // An uninterrupted run: the files (planned on v1 with rows), its catalog, history and duration,
  // and when its backup ran.
  auto model = engine.workspace();
  model->write("v1.yaml", k_v1_yaml);
  model->write("v2.yaml", k_v2_yaml);
  require_exit(model->run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--version", "1", "--name", "v1"}),
               2);
  require_exit(model->run("apply", {"--dir", "migrations"}), 0);
  fill(*model);
  const auto v1_history = model->history();
  require_exit(model->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--version", "2", "--name", "v2"}),
               2);
  const auto files = folder_of(*model);
  // The statements' window: from the first "applying" line on stderr to the end of the run.
  auto full = model->start_strata({"apply", "--dir", "migrations", "--yes", "--db", model->url()});
  REQUIRE(wait_for(*full, "applying "));
  const auto started = Clock::now();
  REQUIRE(wait_for(*full, "backing up "));
  const auto backup_started = Clock::now();
  REQUIRE(wait_for(*full, "backed up "));
  const auto backup_ms = std::max<long long>(
    1, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - backup_started).count());
  require_exit(full->wait(), 0);
  const auto full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  const auto expected_history = model->history();
  const auto expected_dump = model->schema_dump();
  model.reset();

  std::mt19937 random(seed);
  std::uniform_int_distribution<long long> moment(0, full_ms);
  std::uniform_int_distribution<long long> backup_moment(0, backup_ms);
  std::map<std::string, int> states;
  for (int round = 1; round <= kills; ++round) {
    auto ws = engine.workspace();
    for (const auto& [name, text] : files) {
      write_text(ws->dir() / name, text);
    }
    ws->write("v2.yaml", k_v2_yaml);
    require_exit(ws->run("apply", {"--dir", "migrations", "--to", "1"}), 0);
    fill(*ws);
    const auto rows = kept_rows(*ws);
    const auto dropped = notes(*ws);

    // Odd rounds aim at the backup (after "backing up"), even ones anywhere in the files' window.
    const bool at_backup = round % 2 == 1;
    const auto delay = std::chrono::milliseconds(at_backup ? backup_moment(random) : moment(random));
    INFO("kill " << round << " of " << kills << " " << delay.count() << " ms after "
                 << (at_backup ? "the backup started (it took " + std::to_string(backup_ms)
                               : "the first file started (all files took " + std::to_string(full_ms))
                 << " ms)");
    auto apply = ws->start_strata({"apply", "--dir", "migrations", "--yes", "--db", ws->url()});
    wait_for(*apply, at_backup ? "backing up " : "applying ");
    std::this_thread::sleep_for(delay);
    apply->send_signal(SIGKILL);
    const auto killed = apply->wait();
    auto state = killed.signal == SIGKILL ? state_after_kill(*ws, v1_history) : "finished before the kill";
    const bool in_backup = killed.signal == SIGKILL && contains(killed.err, "backing up ") &&
                           !contains(killed.err, "backed up ");
    const auto status = ws->run("status", {"--dir", "migrations", "--format", "json"});
    const bool leftover = contains(status.out, "unrecorded backup");
    if (in_backup) {
      state = "during the backup, " + state + (leftover ? ", unrecorded copy left" : "") +
              (recorded_backups(*ws) > 0 ? ", backup recorded" : "");
    }
    INFO("after the kill: " << state << "\n" << killed.describe() << "\n" << status.describe());
    ++states[state];

    if (!engine.transactional_ddl && contains(state, "dirty row")) {
      const auto repaired = ws->run("repair", {"--dir", "migrations", "--continue", "--yes", "--lock-timeout", "60"});
      INFO(repaired.describe());
      REQUIRE(repaired.exit_code == 0);
    }
    const auto applied = ws->run("apply", {"--dir", "migrations", "--yes", "--lock-timeout", "60"});
    INFO(applied.describe());
    REQUIRE(applied.exit_code == 0);
    if (leftover) { // the copy the kill left is replaced, and the output says so
      CHECK(contains(applied.err, "removed "));
      CHECK(contains(applied.err, "unrecorded"));
    }

    CHECK(kept_rows(*ws) == rows);
    CHECK(ws->history() == expected_history);
    CHECK(ws->schema_dump() == expected_dump);
    const auto again = ws->run("plan", {"--schema", "v2.yaml", "--dir", "empty", "--dry-run"});
    INFO(again.describe());
    CHECK(again.exit_code == 0);
    const auto healthy = ws->run("status", {"--dir", "migrations"});
    INFO(healthy.describe());
    CHECK(healthy.exit_code == 0);
    CHECK_FALSE(contains(healthy.out, "leftover backups"));
    // Every copy left is a recorded backup (the run's own, and one a kill left after recording it);
    // the run's own holds every dropped value.
    CHECK(k_copies[engine](*ws) == recorded_backups(*ws));
    const auto referenced = ws->rows("SELECT backup_ref FROM strata_schema_history WHERE backup_ref LIKE "
                                     "'2-customers-note%'");
    REQUIRE(referenced.size() == 1);
    const auto id = referenced[0].at(0).value_or("");
    const auto listed = ws->run("backup", {"list", "--dir", "migrations"});
    INFO(listed.describe());
    CHECK(contains(listed.out, id));
    ws->exec("ALTER TABLE customers ADD COLUMN note TEXT");
    require_exit(ws->run("backup", {"restore", id, "--dir", "migrations", "--yes"}), 0);
    CHECK(notes(*ws) == dropped);
  }
  std::string summary;
  for (const auto& [state, count] : states) {
    summary += (summary.empty() ? "" : "; ") + std::to_string(count) + " " + state;
  }
  std::cout << "kill battery " << engine.name << " (seed " << seed << ", files " << full_ms << " ms, backup "
            << backup_ms << " ms): " << kills << " kills recovered (" << summary << ")\n";
}
