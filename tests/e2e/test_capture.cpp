// Issue 18 on the three engines: `apply --capture` reads row counts, orphan counts and checksums
// of touched tables around each file. An ADD COLUMN file leaves counts and the compared columns'
// checksum unchanged; an UPDATE changes the checksum of the column it sets; a file that rebuilds
// a table through INSERT ... SELECT ... WHERE, losing rows, is flagged (a warning: exit 0); a
// DELETE and (on the servers) its ON DELETE CASCADE are not; parent rows deleted with the foreign key out of the
// way leave orphans (PostgreSQL: the key added back NOT VALID; MariaDB: foreign_key_checks off).
// SQLite checks every foreign key after each file (PRAGMA foreign_key_check), so a file there
// can never leave orphans: its orphan report stays empty.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const char* const k_tables_sql =
  "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40));\n"
  "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER,\n"
  "  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));\n"
  "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(40), price INTEGER);\n"
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, item_id INTEGER,\n"
  "  CONSTRAINT notes_item_fk FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE);\n"
  "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(40));\n";

const char* const k_rows_sql =
  "INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'bo'), (3, 'cy');\n"
  "INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2), (3, 3);\n"
  "INSERT INTO items (id, name, price) VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40), (5, 'e', 50);\n"
  "INSERT INTO notes (id, item_id) VALUES (1, 1), (2, 5);\n"
  "INSERT INTO tags (id, label) VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w');\n";

// The rebuild loses tag 3: no statement deletes from tags (the DROP TABLE is of a table that
// comes back under its name).
const char* const k_rebuild_sql =
  "CREATE TABLE tags_new (id INTEGER PRIMARY KEY, label VARCHAR(40));\n"
  "INSERT INTO tags_new (id, label) SELECT id, label FROM tags WHERE id <> 3;\n"
  "DROP TABLE tags;\n"
  "ALTER TABLE tags_new RENAME TO tags;\n";

// Deletes item 5; its note goes by ON DELETE CASCADE. SQLite runs files with foreign_keys off
// (cascades do not fire; PRAGMA foreign_key_check after the file refuses what they would have
// removed), so the file deletes the note itself there.
const PerEngine<std::string> k_drop_item_sql{
  "DELETE FROM notes WHERE item_id = 5;\nDELETE FROM items WHERE id = 5;\n",
  "DELETE FROM items WHERE id = 5;\n",
  "DELETE FROM items WHERE id = 5;\n",
};

// Deletes customer 3, whose order keeps pointing at it.
const PerEngine<std::string> k_orphan_sql{
  "DELETE FROM orders WHERE id = 3;\nDELETE FROM customers WHERE id = 3;\n",
  "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;\n"
  "DELETE FROM customers WHERE id = 3;\n"
  "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n",
  "SET foreign_key_checks = 0;\nDELETE FROM customers WHERE id = 3;\nSET foreign_key_checks = 1;\n",
};

// The capture events of a `--format json` run's stdout, by file.
std::map<std::string, Json> capture_events(const std::string& out)
{
  std::map<std::string, Json> events;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      continue;
    }
    auto doc = Json::parse(line);
    if (doc.at("event") == "capture") {
      events[doc.at("file").get<std::string>()] = doc;
    }
  }
  return events;
}

// The entry of `table` in a capture event (null when it is not reported).
Json table_entry(const Json& event, const std::string& table)
{
  for (const auto& entry : event.at("tables")) {
    if (entry.at("table") == table) {
      return entry;
    }
  }
  return nullptr;
}

// The entry of `table` in a capture event, required with these row counts and rows_lost flag.
Json counted(const Json& event, const std::string& table, long long before, long long after, bool lost)
{
  auto entry = table_entry(event, table);
  INFO(event.dump());
  REQUIRE(entry.is_object());
  CHECK(entry.at("rows_before") == before);
  CHECK(entry.at("rows_after") == after);
  CHECK(entry.at("rows_lost") == lost);
  return entry;
}

} // namespace

TEMPLATE_TEST_CASE("apply --capture reports counts, checksums and orphans around each file and flags rows lost",
                   "[e2e][capture]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "1", "tables", k_tables_sql, "DROP TABLE tags;\n");
  ws->exec(k_rows_sql);
  write_migration(*ws, "2", "add_stock", "ALTER TABLE items ADD COLUMN stock INTEGER;\n", "SELECT 1;\n");
  write_migration(*ws, "3", "reprice", "UPDATE items SET price = price + 1 WHERE id = 2;\n", "SELECT 1;\n");
  write_migration(*ws, "4", "rebuild_tags", k_rebuild_sql, "SELECT 1;\n");
  write_migration(*ws, "5", "drop_item", k_drop_item_sql[engine], "SELECT 1;\n");
  write_migration(*ws, "6", "drop_customer", k_orphan_sql[engine], "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  // A dry run applies nothing, so there is nothing to capture around.
  const auto dry = ws->run("apply", {"--dir", "migrations", "--dry-run", "--capture"});
  INFO(dry.describe());
  CHECK(dry.exit_code == 64);
  CHECK(contains(dry.err, "--capture"));

  // Text: the ADD COLUMN file and the UPDATE.
  const auto text = ws->run("apply", {"--dir", "migrations", "--to", "3", "--capture"});
  INFO(text.describe());
  REQUIRE(text.exit_code == 0);
  CHECK(contains(text.out, "capture of 2_add_stock.up.sql"));
  CHECK(contains(text.out, "  items: 5 rows, checksum "));
  CHECK(contains(text.out, " unchanged (new, not compared: stock)"));
  CHECK(contains(text.out, "capture of 3_reprice.up.sql"));
  CHECK(contains(text.out, "(changed: price)"));
  CHECK_FALSE(contains(text.output(), "ROWS LOST"));
  CHECK_FALSE(contains(text.output(), "warning"));

  // JSON: the rebuild, the cascading delete and the orphans.
  // items has 5 rows: above the limit, no checksum of it; tags has 4.
  const auto json =
    ws->run("apply", {"--dir", "migrations", "--capture", "--capture-max-rows", "4", "--format", "json"});
  INFO(json.describe());
  REQUIRE(json.exit_code == 0); // rows lost is a warning: the files are applied
  const auto events = capture_events(json.out);
  REQUIRE(events.size() == 3);

  const auto& rebuild = events.at("4_rebuild_tags.up.sql");
  const auto tags = counted(rebuild, "tags", 4, 3, true);
  CHECK(tags.at("touched") == true);
  CHECK(tags.at("checksum_before") != tags.at("checksum_after"));
  REQUIRE(rebuild.at("warnings").size() == 1);
  const std::string warning = rebuild.at("warnings")[0];
  CHECK(contains(warning, "4_rebuild_tags.up.sql: table tags went from 4 to 3 rows (1 lost)"));
  CHECK(contains(json.err, "4_rebuild_tags.up.sql: table tags went from 4 to 3 rows"));
  CHECK(table_entry(rebuild, "items").is_null()); // neither touched nor changed

  const auto& drop_item = events.at("5_drop_item.up.sql");
  const auto items = counted(drop_item, "items", 5, 4, false);
  CHECK(items.at("checksum_before").is_null());
  CHECK(items.at("checksum_note") == "5 rows, more than --capture-max-rows 4: no checksum");
  // ON DELETE CASCADE (SQLite: a DELETE of its own): meant
  CHECK(counted(drop_item, "notes", 2, 1, false).at("touched") == (engine.id == EngineId::sqlite));
  CHECK(drop_item.at("warnings").empty());
  CHECK(drop_item.at("orphans").empty());

  const auto& drop_customer = events.at("6_drop_customer.up.sql");
  counted(drop_customer, "customers", 3, 2, false);
  CHECK(drop_customer.at("warnings").empty());
  if (engine.id == EngineId::sqlite) {
    CHECK(drop_customer.at("orphans").empty());
  } else {
    REQUIRE(drop_customer.at("orphans").size() == 1);
    const auto& orphans = drop_customer.at("orphans")[0];
    CHECK(orphans.at("table") == "orders");
    CHECK(orphans.at("foreign_key") == "orders_customer_fk");
    CHECK(orphans.at("references") == "customers");
    CHECK(orphans.at("before") == 0);
    CHECK(orphans.at("after") == 1);
  }
  CHECK(contains(json.out, "\"event\":\"result\""));
}
