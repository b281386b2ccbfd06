// The planner and the MySQL/MariaDB renderer together on the real server: the live schema is
// read from the database, the plan's up SQL runs, the catalog (information_schema, queried
// directly) shows the target, the down SQL runs, the catalog shows the start again, and a new
// plan against the read database is empty at each end.
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "planner/written_text.hpp"
#include "schemas/yaml.hpp"
#include "tests/unit/dialects/mysql/render_fixture.hpp"
#include "tests/support/schema_yaml.hpp"
#include "tests/unit/planner/planner_support.hpp"

#include <functional>

using namespace strata;
using namespace strata::test;

namespace {

schemas::Schema read(MysqlDatabase& db)
{
  return introspect::read_schema(db.connection(), my_dialect());
}

// Applies the up SQL of `plan` (made from `live` to `desired`), or its down SQL.
void run(MysqlDatabase& db, const planner::Plan& plan, const schemas::Schema& live, const schemas::Schema& desired,
         bool up)
{
  dialects::RenderContext ctx = up ? dialects::RenderContext{&live, &desired} : dialects::RenderContext{&desired, &live};
  const auto execute = [&](const schemas::Operation& op) {
    for (const auto& s : my_dialect().render(op, ctx)) {
      INFO(s.sql);
      db.connection().execute(s.sql);
    }
  };
  if (up) {
    for (const auto& step : plan.steps) {
      execute(step.operation);
    }
    return;
  }
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& op : step->inverse) {
      execute(op);
    }
  }
}

struct Planned {
  schemas::Schema live;    // normalized
  schemas::Schema desired; // normalized, in the server's canonical forms
  planner::Plan plan;
};

// What `strata plan` does: read, normalize both sides, canonicalize the desired one on the
// server, plan (rendering the text as written).
Planned plan_for(MysqlDatabase& db, const schemas::Schema& written)
{
  const auto live = read(db);
  Planned out{my_dialect().normalize(live), my_dialect().normalize(written), {}};
  my_dialect().canonicalize(db.connection(), &db.connection(), out.desired, out.live);
  planner::DiffOptions options;
  const auto written_text = planner::written_text_copy(written);
  options.written = &written_text;
  out.plan = planner::plan(live, out.desired, my_dialect(), options);
  return out;
}

// Plans `target` against the database, applies up and checks `after`, applies down and checks
// `before`; a re-plan is empty at both ends.
planner::Plan round_trip(MysqlDatabase& db, const std::string& target, const std::function<void()>& after,
                         const std::function<void()>& before)
{
  const auto start = read(db);
  const auto desired = yaml(target);
  const auto planned = plan_for(db, desired);
  for (const auto& line : described(planned.plan)) {
    UNSCOPED_INFO(line);
  }
  run(db, planned.plan, planned.live, planned.desired, true);
  after();
  CHECK(described(plan_for(db, desired).plan) == std::vector<std::string>{});
  run(db, planned.plan, planned.live, planned.desired, false);
  before();
  CHECK(described(plan_for(db, start).plan) == std::vector<std::string>{});
  return planned.plan;
}

// `users (id)` with an id of `users_id`, and `orders` (id int, then `columns`, then `extra` at the
// table's level): the desired schemas of the foreign-key cases.
std::string users_and_orders(const std::string& users_id, const std::vector<std::string>& columns,
                             const std::string& extra, const KeyedTableOptions& orders_id = {"int", ""})
{
  return schema_yaml({keyed_table("users", {}, "", {users_id, ""}), keyed_table("orders", columns, extra, orders_id)});
}

const char* const k_orders_user_fk =
  "foreign_keys:\n  - { name: orders_user_fk, columns: [user_id], references: { table: users, columns: [id] } }\n";

// orders (id, user_id, at) with one index `index` on (user_id, at) and the key on user_id.
std::string orders_indexed_on_user_at(const std::string& index)
{
  return users_and_orders("int", {"{ name: user_id, type: int }", "{ name: at, type: int }"},
                          "indexes:\n  - { name: " + index + ", columns: [user_id, at] }\n" + k_orders_user_fk);
}

// users, and orders (id, user_id, at) whose key on user_id uses the index orders_user_idx.
const char* const k_orders_user_idx_sql =
  "CREATE TABLE users (id int NOT NULL PRIMARY KEY); CREATE TABLE orders (id int NOT NULL PRIMARY KEY, "
  "user_id int NULL, at int NULL, KEY orders_user_idx (user_id), CONSTRAINT orders_user_fk FOREIGN KEY "
  "(user_id) REFERENCES users (id))";

std::string foreign_key_count(dialects::Connection& c)
{
  return my_value(c, "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
                     "CONSTRAINT_SCHEMA = DATABASE()");
}

} // namespace

TEST_CASE("mysql plan: new columns land where the YAML puts them, several in a row", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (id int NOT NULL PRIMARY KEY, b int NULL); INSERT INTO t VALUES (1, 2)");
  const auto plan = round_trip(
    db, R"yaml(
version: 1
tables:
  - name: t
    columns:
      - { name: first, type: int }
      - { name: id, type: integer, nullable: false }
      - { name: z, type: varchar(10), nullable: false, default: "'q'" }
      - { name: a, type: int }
      - { name: b, type: int }
      - { name: end1, type: int }
      - { name: end2, type: int }
    primary_key: [id]
)yaml",
    [&] { CHECK(my_column_order(c, "t") == "first,id,z,a,b,end1,end2"); },
    [&] { CHECK(my_column_order(c, "t") == "id,b"); });
  CHECK(position(plan, "add column t.z") < position(plan, "add column t.a"));
  CHECK(position(plan, "add column t.end1") < position(plan, "add column t.end2"));
  CHECK(my_value(c, "SELECT b FROM t") == "2");
}

TEST_CASE("mysql plan: a foreign key's index is created before it and dropped after it", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE users (id int NOT NULL PRIMARY KEY); CREATE TABLE orders (id int NOT NULL PRIMARY KEY, "
            "user_id int NULL); INSERT INTO users VALUES (1); INSERT INTO orders VALUES (10, 1)");
  const auto plan = round_trip(
    db,
    users_and_orders("int", {"{ name: user_id, type: int }"}, R"yaml(
foreign_keys:
  - { name: orders_user_fk, columns: [user_id], references: { table: users, columns: [id] }, on_delete: cascade }
)yaml"),
    [&] { CHECK(my_indexes(c, "orders") == "orders_user_fk:user_id PRIMARY:id"); },
    [&] { CHECK(my_indexes(c, "orders") == "PRIMARY:id"); });
  CHECK(position(plan, "create index orders_user_fk on orders") <
        position(plan, "add foreign key orders_user_fk on orders"));
  const auto& fk_step = step(plan, "add foreign key orders_user_fk on orders");
  CHECK_THAT(codes(fk_step), Catch::VectorContains(std::string("L405")));
  // The down file drops the key before its index (inverses run in reverse step order).
  CHECK(std::holds_alternative<schemas::DropForeignKey>(fk_step.inverse.at(0)));
}

TEST_CASE("mysql plan: an index a kept foreign key uses is dropped only after its replacement exists", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute(k_orders_user_idx_sql);
  const auto plan = round_trip(
    db, orders_indexed_on_user_at("orders_user_at_idx"),
    [&] { CHECK(my_indexes(c, "orders") == "orders_user_at_idx:user_id,at PRIMARY:id"); },
    [&] { CHECK(my_indexes(c, "orders") == "orders_user_idx:user_id PRIMARY:id"); });
  CHECK(position(plan, "create index orders_user_at_idx on orders") <
        position(plan, "drop index orders_user_idx on orders"));
}

TEST_CASE("mysql plan: the only index a kept foreign key uses is redefined around the key", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute(std::string(k_orders_user_idx_sql) + "; INSERT INTO users VALUES (1); INSERT INTO orders VALUES (1, 1, 5)");
  const auto plan = round_trip(
    db, orders_indexed_on_user_at("orders_user_idx"),
    [&] { CHECK(my_indexes(c, "orders") == "orders_user_idx:user_id,at PRIMARY:id"); },
    [&] { CHECK(my_indexes(c, "orders") == "orders_user_idx:user_id PRIMARY:id"); });
  CHECK(position(plan, "drop foreign key orders_user_fk on orders") <
        position(plan, "drop index orders_user_idx on orders"));
  CHECK(position(plan, "create index orders_user_idx on orders") <
        position(plan, "add foreign key orders_user_fk on orders"));
  CHECK(foreign_key_count(c) == "1");
}

TEST_CASE("mysql plan: columns of a kept foreign key change type with the key dropped around them", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE users (id int NOT NULL PRIMARY KEY); CREATE TABLE orders (id int NOT NULL PRIMARY KEY, "
            "user_id int NULL, CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)); "
            "INSERT INTO users VALUES (1); INSERT INTO orders VALUES (1, 1)");
  const auto plan = round_trip(
    db, users_and_orders("bigint", {"{ name: user_id, type: bigint }"}, k_orders_user_fk),
    [&] {
      CHECK(my_column_attribute(c, "users", "id", "DATA_TYPE") == "bigint");
      CHECK(my_column_attribute(c, "orders", "user_id", "DATA_TYPE") == "bigint");
    },
    [&] { CHECK(my_column_attribute(c, "orders", "user_id", "DATA_TYPE") == "int"); });
  const auto dropped = position(plan, "drop foreign key orders_user_fk on orders");
  CHECK(dropped < position(plan, "alter column users.id"));
  CHECK(dropped < position(plan, "alter column orders.user_id"));
  CHECK(position(plan, "alter column users.id") < position(plan, "add foreign key orders_user_fk on orders"));
  CHECK(foreign_key_count(c) == "1");
}

TEST_CASE("mysql plan: an AUTO_INCREMENT column added as the new primary key numbers the rows", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (name varchar(20) NOT NULL PRIMARY KEY); INSERT INTO t VALUES ('a'), ('b'), ('c')");
  round_trip(
    db,
    schema_yaml(
      {keyed_table("t", {"{ name: name, type: varchar(20), nullable: false }"}, "", {"int", ", identity: true"})}),
    [&] {
      CHECK(my_column_attribute(c, "t", "id", "EXTRA") == "auto_increment");
      CHECK(my_indexes(c, "t") == "PRIMARY:id");
      CHECK(my_value(c, "SELECT GROUP_CONCAT(id ORDER BY id) FROM t") == "1,2,3");
    },
    [&] {
      CHECK(my_column_order(c, "t") == "name");
      CHECK(my_indexes(c, "t") == "PRIMARY:name");
    });
}

TEST_CASE("mysql plan: a new table with a foreign key is created with the key's index", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE users (id int NOT NULL PRIMARY KEY)");
  const auto plan = round_trip(
    db,
    users_and_orders("int",
                     {"{ name: user_id, type: int }", "{ name: updated_at, type: timestamp, nullable: false, "
                                                      "default: CURRENT_TIMESTAMP, on_update: CURRENT_TIMESTAMP }"},
                     k_orders_user_fk, {"int", ", identity: true"}),
    [&] {
      CHECK(my_indexes(c, "orders") == "orders_user_fk:user_id PRIMARY:id");
      CHECK(my_column_attribute(c, "orders", "id", "EXTRA") == "auto_increment");
      CHECK(my_column_attribute(c, "orders", "updated_at", "LOWER(EXTRA)") == "on update current_timestamp()");
    },
    [&] { CHECK(my_value(c, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()") == "1"); });
  CHECK(described(plan) == std::vector<std::string>{"create table orders"});
}

TEST_CASE("mysql plan: ENUM members, table charset, primary key and renames", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE t (a int NOT NULL, b int NOT NULL, mood enum('x','y') NULL, name varchar(20) NULL, "
            "PRIMARY KEY (a)); INSERT INTO t VALUES (1, 1, 'y', 'n'), (2, 1, 'x', 'm')");
  const auto plan = round_trip(
    db, R"yaml(
version: 1
tables:
  - name: t2
    renamed_from: t
    options: { charset: latin1 }
    columns:
      - { name: a, type: int, nullable: false }
      - { name: bee, type: int, nullable: false, renamed_from: b }
      - { name: mood, type: "enum('x','y','z')" }
      - { name: name, type: varchar(20) }
    primary_key: [bee, a]
)yaml",
    [&] {
      CHECK(my_column_order(c, "t2") == "a,bee,mood,name");
      CHECK(my_column_attribute(c, "t2", "mood", "COLUMN_TYPE") == "enum('x','y','z')");
      CHECK(my_column_attribute(c, "t2", "name", "CHARACTER_SET_NAME") == "latin1");
      CHECK(my_indexes(c, "t2") == "PRIMARY:bee,a");
    },
    [&] {
      CHECK(my_column_order(c, "t") == "a,b,mood,name");
      CHECK(my_column_attribute(c, "t", "name", "CHARACTER_SET_NAME") == "utf8mb4");
      CHECK(my_indexes(c, "t") == "PRIMARY:a");
    });
  CHECK(my_value(c, "SELECT GROUP_CONCAT(mood ORDER BY a) FROM t") == "y,x");
  CHECK_THAT(codes(step(plan, "change primary key of t2 from (a) to (bee, a)")),
             Catch::VectorContains(std::string("L402")));
}

TEST_CASE("mysql plan: system versioning added in the explicit form and removed from a table with history", "[mysql][versioning]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE accounts (id int NOT NULL PRIMARY KEY, balance int); INSERT INTO accounts VALUES (1, 10); "
            "CREATE TABLE logs (id int NOT NULL PRIMARY KEY, msg varchar(20)) WITH SYSTEM VERSIONING; "
            "INSERT INTO logs VALUES (1, 'a'); UPDATE logs SET msg = 'b'; UPDATE logs SET msg = 'c'");
  const auto versioned = [&](const std::string& table) {
    return my_value(c, "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                       "TABLE_NAME = '" + table + "'");
  };
  const auto plan = round_trip(
    db, R"yaml(
version: 1
tables:
  - name: accounts
    columns:
      - { name: id, type: int }
      - { name: balance, type: int }
      - { name: since, type: "timestamp(6)" }
      - { name: until, type: "timestamp(6)" }
    primary_key: [id]
    system_versioning: { row_start: since, row_end: until }
  - name: logs
    columns:
      - { name: id, type: int }
      - { name: msg, type: varchar(20) }
    primary_key: [id]
)yaml",
    [&] {
      CHECK(versioned("accounts") == "SYSTEM VERSIONED");
      CHECK(versioned("logs") == "BASE TABLE");
      CHECK(my_indexes(c, "accounts") == "PRIMARY:id,until");
      CHECK(my_value(c, "SELECT GROUP_CONCAT(id, ':', balance) FROM accounts") == "1:10");
    },
    [&] {
      CHECK(versioned("accounts") == "BASE TABLE");
      CHECK(versioned("logs") == "SYSTEM VERSIONED");
      CHECK(my_column_order(c, "accounts") == "id,balance");
    });
  const auto& removal = step(plan, "remove system versioning from table logs (its history rows are deleted)");
  std::vector<std::string> codes;
  for (const auto& risk : removal.risks) {
    codes.push_back(risk.code);
  }
  CHECK(codes == std::vector<std::string>{"D105", "IR501"});
  const auto& added = op<schemas::SetSystemVersioning>(step(plan, "add system versioning to table accounts (period since, until)"));
  CHECK(added.period_after.size() == 2);
  CHECK(std::none_of(plan.steps.begin(), plan.steps.end(), [](const planner::Step& s) {
    return std::holds_alternative<schemas::AddColumn>(s.operation);
  }));
}
