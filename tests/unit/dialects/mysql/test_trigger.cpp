// MySQL/MariaDB triggers (dialects/mysql/trigger.cpp): a CREATE TRIGGER statement is read into the
// parts the server keeps, compared in canonical form, and a definition that is not a trigger of
// its own name and table is an error at its YAML line.
#include "dialects/mysql/trigger.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata::dialects::mysql;

TEST_CASE("mysql: a CREATE TRIGGER statement is read into its parts", "[mysql][triggers]")
{
  const auto parts = parse_trigger("CREATE OR REPLACE DEFINER=`app`@`%` TRIGGER IF NOT EXISTS `shop`.`t_bi`\n"
                                   "  before insert ON `shop`.Orders FOR EACH ROW PRECEDES t_other\n"
                                   "BEGIN SET NEW.a = 1; END;\n");
  REQUIRE(parts);
  CHECK(parts->name == "t_bi");
  CHECK(parts->timing == "BEFORE");
  CHECK(parts->event == "INSERT");
  CHECK(parts->table == "Orders");
  CHECK(parts->body == "BEGIN SET NEW.a = 1; END");
  CHECK(trigger_statement(*parts) == "CREATE TRIGGER `t_bi` BEFORE INSERT ON `Orders` FOR EACH ROW BEGIN SET NEW.a = 1; END");
}

TEST_CASE("mysql: text that is not a CREATE TRIGGER statement says what is missing", "[mysql][triggers]")
{
  const std::pair<std::string, std::string> cases[] = {
    {"SET NEW.a = 1", "does not start with CREATE TRIGGER"},
    {"CREATE TABLE t (a int)", "does not start with CREATE TRIGGER"},
    {"CREATE TRIGGER t_bi INSERT ON t FOR EACH ROW SET NEW.a = 1", "has no BEFORE or AFTER after the trigger's name"},
    {"CREATE TRIGGER t_bi BEFORE TRUNCATE ON t FOR EACH ROW SET NEW.a = 1", "has no INSERT, UPDATE or DELETE after BEFORE"},
    {"CREATE TRIGGER t_bi BEFORE INSERT t FOR EACH ROW SET NEW.a = 1", "names no table (ON table) after BEFORE INSERT"},
    {"CREATE TRIGGER t_bi BEFORE INSERT ON t SET NEW.a = 1", "has no FOR EACH ROW after its table"},
    {"CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW ;", "has no body after FOR EACH ROW"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    std::string problem;
    CHECK_FALSE(parse_trigger(text, &problem));
    CHECK(problem == message);
  }
}

TEST_CASE("mysql: triggers compare by their parts and their body in canonical form", "[mysql][triggers]")
{
  const std::string live = "CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n"
                           "  IF NEW.a IS NULL THEN SET NEW.a = GREATEST(NEW.b, 0); END IF;\nEND";
  const std::string declared = "create definer = current_user trigger if not exists t_bi before insert on t\n"
                               "for each row follows t_first begin -- default a\n"
                               "  if new.a is null then\n    set new.a = greatest(new.b,0);\n  end if;\nend;";
  CHECK(canonical_trigger(declared) == canonical_trigger(live));
  CHECK(canonical_trigger(canonical_trigger(live)) == canonical_trigger(live));
  // Names keep their case (a table name is case-sensitive where the server's file system is).
  CHECK(canonical_trigger("CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW INSERT INTO Audit VALUES (NEW.a)") !=
        canonical_trigger("CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW INSERT INTO audit VALUES (NEW.a)"));
  CHECK(canonical_trigger("CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW SET @n = 1") !=
        canonical_trigger("CREATE TRIGGER t_ai AFTER UPDATE ON t FOR EACH ROW SET @n = 1"));
}

TEST_CASE("mysql: a trigger definition of another name or table is an error at its line", "[mysql][triggers]")
{
  const auto& dialect = strata::dialects::dialect_for("mysql");
  strata::schemas::Schema schema;
  schema.tables.push_back({});
  auto& table = schema.tables.back();
  table.name = "orders";
  table.columns.push_back({});
  table.columns.back().name = "id";
  table.columns.back().type = strata::schemas::ColumnType::make_native("int");
  const auto with = [&](const std::string& definition) {
    auto copy = schema;
    copy.tables.back().triggers.push_back({"orders_bi", definition, {"schema.yaml", 12, 9}});
    return copy;
  };
  const auto error_of = [&](const std::string& definition) -> std::string {
    try {
      dialect.normalize(with(definition));
    } catch (const strata::Error& e) {
      CHECK(e.location().line == 12);
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("CREATE TRIGGER orders_bu BEFORE UPDATE ON orders FOR EACH ROW SET NEW.id = 1") ==
        "trigger orders_bi of table orders: its definition creates trigger orders_bu, not orders_bi");
  CHECK(error_of("CREATE TRIGGER orders_bi BEFORE UPDATE ON users FOR EACH ROW SET NEW.id = 1") ==
        "trigger orders_bi of table orders: its definition is ON table users, not orders");
  CHECK(error_of("UPDATE orders SET id = 1") ==
        "trigger orders_bi of table orders: its definition does not start with CREATE TRIGGER");
  const auto normal = dialect.normalize(with("CREATE TRIGGER orders_bi BEFORE UPDATE ON orders FOR EACH ROW SET NEW.id = 1"));
  CHECK(normal.tables.front().triggers.front().definition ==
        "CREATE TRIGGER `orders_bi` BEFORE UPDATE ON `orders` FOR EACH ROW set new.id = 1");
}
