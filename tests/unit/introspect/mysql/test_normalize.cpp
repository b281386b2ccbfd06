// MySQL/MariaDB canonical forms without a server: types, defaults, expressions, normalize().
#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <utility>

using namespace strata;
namespace my = strata::dialects::mysql;

TEST_CASE("MySQL type text: display widths, aliases and enum quoting", "[introspect][mysql-normalize]")
{
  // {as written, canonical}
  const std::pair<const char*, const char*> types[] = {
    {"int(11)", "int"},
    {"INTEGER", "int"},
    {"bigint(20) unsigned", "bigint unsigned"},
    {"int(5) unsigned zerofill", "int(5) unsigned zerofill"},
    {"tinyint(1)", "tinyint(1)"},
    {"BOOLEAN", "tinyint(1)"},
    {"tinyint(4)", "tinyint"},
    {"numeric(5)", "decimal(5,0)"},
    {"DECIMAL", "decimal(10,0)"},
    {"double precision", "double"},
    {"character varying(20)", "varchar(20)"},
    {"datetime(0)", "datetime"},
    {"ENUM('a', 'it''s')", "enum('a','it''s')"},
  };
  for (const auto& [written, canonical] : types) {
    INFO(written);
    CHECK(my::canonical_type_text(written) == canonical);
  }
  // The spellings are remembered, a bounded number of them: the same after many others.
  for (int i = 0; i < 5000; ++i) {
    CHECK(my::canonical_type_text("VARCHAR(" + std::to_string(i) + ")") == "varchar(" + std::to_string(i) + ")");
  }
  for (const auto& [written, canonical] : types) {
    INFO(written);
    CHECK(my::canonical_type_text(written) == canonical);
    CHECK(my::canonical_type_text(written) == canonical);
  }

  using schemas::ColumnType;
  CHECK(my::canonical_column_type(ColumnType::make_native("int(11)")).str() == "integer");
  CHECK(my::canonical_column_type(ColumnType::parse("integer")).str() == "integer");
  CHECK(my::canonical_column_type(ColumnType::make_native("tinyint(1)")).str() == "boolean");
  CHECK(my::canonical_column_type(ColumnType::parse("numeric(10,2)")) ==
        my::canonical_column_type(ColumnType::make_native("decimal(10,2)")));
  CHECK(my::canonical_column_type(ColumnType::make_native("timestamp")).str() == "timestamptz");
  CHECK(my::canonical_column_type(ColumnType::make_native("datetime")).str() == "timestamp");
  CHECK(my::canonical_column_type(ColumnType::parse("uuid")).str() == "char(36)");
}

TEST_CASE("MySQL defaults: one spelling per value", "[introspect][mysql-normalize]")
{
  const auto d = [](const char* value, const char* type) { return my::canonical_default(std::string(value), type); };
  CHECK(d("'draft'", "varchar(20)") == d("\"draft\"", "varchar(20)"));
  CHECK(d("'it''s'", "varchar(20)") == d("'it\\'s'", "varchar(20)"));
  // {as written, the column's type, canonical}
  const std::tuple<const char*, const char*, std::optional<std::string>> values[] = {
    {"0", "decimal(12,2)", "0.00"},
    {"'5'", "int", "5"},
    {"true", "tinyint(1)", "1"},
    {"FALSE", "tinyint(1)", "0"},
    {"1.50", "double", "1.5"},
    {"1", "varchar(5)", "'1'"},
    {"NULL", "int", std::nullopt},
    {"now()", "datetime", "CURRENT_TIMESTAMP"},
    {"current_timestamp()", "datetime", "CURRENT_TIMESTAMP"},
    {"CURRENT_TIMESTAMP", "datetime", "CURRENT_TIMESTAMP"},
    {"current_timestamp(3)", "datetime(3)", "CURRENT_TIMESTAMP(3)"},
  };
  for (const auto& [value, type, canonical] : values) {
    INFO(value << " as " << type);
    CHECK(d(value, type) == canonical);
  }
  // The spellings are remembered by value and type, a bounded number of them: the same value on
  // another type is spelled for that type, and every one stays right past the bound.
  CHECK(d("1", "int") == "1");
  CHECK(d("1", "varchar(5)") == "'1'");
  for (int i = 0; i < 5000; ++i) {
    CHECK(d(std::to_string(i).c_str(), "decimal(12,2)") == std::to_string(i) + ".00");
  }
  for (const auto& [value, type, canonical] : values) {
    INFO(value << " as " << type);
    CHECK(d(value, type) == canonical);
  }
  CHECK(d("(UUID())", "varchar(40)") == d("uuid()", "varchar(40)"));
  CHECK(d("(1 + 1)", "int") == d("1+1", "int"));
}

TEST_CASE("MySQL expressions: token-level canonical form", "[introspect][mysql-normalize]")
{
  using my::expr::canonical;
  CHECK(canonical("`balance` >= 0") == canonical("balance>=0"));
  CHECK(canonical("concat(`first_name`,' ',`last_name`)") == canonical("CONCAT(first_name, ' ', last_name)"));
  CHECK(canonical("`role` in ('member','admin')") == canonical("role IN ('member', 'admin')"));
  CHECK(canonical("((`a` > 0))") == canonical("a > 0"));
  CHECK(canonical("`a` <> -1") == canonical("a != - 1"));
  CHECK(canonical("`order` > 1") == "`order` > 1"); // a reserved word keeps its backticks
  CHECK(canonical("x is not true") == "x is not true");
  CHECK(canonical("ucase(s)") == canonical("UPPER(s)"));
  const std::string text = canonical("SELECT `o`.`id` AS `id`, count(*) FROM `orgs` `o` WHERE (`o`.`x` = 1);");
  CHECK(canonical(text) == text);
  CHECK(my::expr::strip_qualifier("select `db`.`t`.`a` from `db`.`t` where `b` = '`db`.'", "db") ==
        "select `t`.`a` from `t` where `b` = '`db`.'");
}

TEST_CASE("MySQL normalize: enums inline, implicit FK index, options, idempotent", "[introspect][mysql-normalize]")
{
  const auto loaded = schemas::load_string(R"YAML(version: 1
enums:
  - { name: mood, values: [happy, "it's"] }
tables:
  - name: parents
    columns:
      - { name: id, type: integer }
    primary_key: [id]
  - name: kids
    columns:
      - { name: id, type: integer }
      - { name: parent_id, type: integer }
      - { name: feeling, type: mood, default: "'happy'" }
      - { name: nick, type: varchar(20), collation: latin1_bin }
      - { name: born, type: timestamp, default: "now()", on_update: "CURRENT_TIMESTAMP()" }
    primary_key: [id]
    foreign_keys:
      - { name: kids_parent_fk, columns: [parent_id], references: { table: parents }, on_delete: restrict }
    indexes:
      - { name: kids_nick, columns: [nick], constraint: true }
    options: { engine: InnoDB, collation: latin1_bin }
)YAML", "kids.yaml");
  REQUIRE(loaded.ok());
  const auto& dialect = dialects::dialect_for("mysql");
  const auto schema = dialect.normalize(loaded.schema);
  CHECK(dialect.normalize(schema) == schema);
  CHECK(schema.enums.empty());
  const auto* kids = schema.find_table({"", "kids"});
  REQUIRE(kids != nullptr);
  CHECK(kids->find_column("feeling")->type.str() == "enum('happy','it''s')");
  CHECK(kids->find_column("born")->default_value == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(kids->find_column("born")->on_update == "CURRENT_TIMESTAMP");
  CHECK(kids->find_column("nick")->collation.empty()); // the table's own
  CHECK(kids->options == std::map<std::string, std::string>{{"charset", "latin1"}, {"collation", "latin1_bin"}});
  CHECK(kids->find_foreign_key("kids_parent_fk")->on_delete == "no action");
  CHECK(kids->find_foreign_key("kids_parent_fk")->ref_columns == std::vector<std::string>{"id"});
  const auto* implicit = kids->find_index("kids_parent_fk");
  REQUIRE(implicit != nullptr);
  CHECK(implicit->keys.at(0).column == "parent_id");
  CHECK(kids->find_index("kids_nick")->unique);
  CHECK_FALSE(kids->find_index("kids_nick")->constraint);
}

TEST_CASE("MySQL normalize: index comments and visibility kept, a hidden primary key refused at its line",
          "[introspect][mysql-normalize]")
{
  const auto& mysql = dialects::dialect_for("mysql");
  const auto loaded = schemas::load_string(R"YAML(version: 1
tables:
  - name: orders
    columns:
      - { name: id, type: integer }
      - { name: code, type: varchar(20), nullable: false }
    primary_key: [id]
    indexes:
      - { name: orders_code, columns: [code], unique: true, comment: lookups, invisible: true }
    options: { auto_increment: 1000 }
)YAML", "orders.yaml");
  REQUIRE(loaded.ok());
  const auto schema = mysql.normalize(loaded.schema);
  const auto* index = schema.find_table({"", "orders"})->find_index("orders_code");
  REQUIRE(index != nullptr);
  CHECK(index->comment == "lookups");
  CHECK(index->invisible);
  CHECK(schema.find_table({"", "orders"})->options.at("auto_increment") == "1000");

  // Without a primary key, InnoDB may take that UNIQUE NOT NULL index for it: never invisible.
  auto keyless = loaded.schema;
  keyless.tables[0].primary_key.clear();
  try {
    mysql.normalize(keyless);
    FAIL("a possible implicit primary key made invisible was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("cannot be invisible") != std::string::npos);
    CHECK(e.location().line == 9);
  }
  // A start that is not a positive number is an error at the table's line.
  auto bad = loaded.schema;
  bad.tables[0].options["auto_increment"] = "-5";
  try {
    mysql.normalize(bad);
    FAIL("auto_increment -5 was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("not a positive number") != std::string::npos);
    CHECK(e.location().line == 3);
  }
  // Other engines have no invisible indexes; PostgreSQL keeps the comment.
  CHECK_THROWS_WITH(dialects::dialect_for("postgres").normalize(loaded.schema), Catch::Contains("`invisible`"));
  CHECK_THROWS_WITH(dialects::dialect_for("sqlite").normalize(loaded.schema), Catch::Contains("`invisible`"));

  // A primary key is never invisible: an error at its line when loading.
  const auto pk = schemas::load_string(R"YAML(version: 1
tables:
  - name: t
    columns:
      - { name: id, type: integer }
    primary_key: { columns: [id], invisible: true }
)YAML", "t.yaml");
  REQUIRE(pk.diagnostics.size() == 1);
  CHECK(pk.diagnostics[0].message.find("a primary key cannot be invisible") != std::string::npos);
  CHECK(pk.diagnostics[0].location.line == 6);
}

TEST_CASE("MySQL normalize: MariaDB sequences leave the server's defaults out, refuse what MariaDB cannot declare",
          "[introspect][mysql-normalize]")
{
  const auto& mysql = dialects::dialect_for("mysql");
  schemas::Schema written;
  schemas::Sequence defaults;
  defaults.name = "a";
  defaults.start = 1;
  defaults.increment = 1;
  defaults.min_value = 1;
  defaults.max_value = 9223372036854775806LL;
  schemas::Sequence down;
  down.name = "b";
  down.increment = -2;
  down.start = -1;
  down.max_value = -1;
  down.min_value = -9223372036854775807LL;
  written.sequences = {down, defaults};
  const auto schema = mysql.normalize(written);
  REQUIRE(schema.sequences.size() == 2);
  CHECK(schema.sequences[0].name == "a"); // sorted by name
  CHECK_FALSE(schema.sequences[0].start);
  CHECK_FALSE(schema.sequences[0].increment);
  CHECK_FALSE(schema.sequences[0].min_value);
  CHECK_FALSE(schema.sequences[0].max_value);
  CHECK(schema.sequences[1].increment == -2LL);
  CHECK_FALSE(schema.sequences[1].start);
  CHECK_FALSE(schema.sequences[1].min_value);
  CHECK_FALSE(schema.sequences[1].max_value);
  CHECK(mysql.normalize(schema) == schema);

  auto typed = written;
  typed.sequences[0].type = "integer";
  CHECK_THROWS_WITH(mysql.normalize(typed), Catch::Contains("`type` is not managed"));
  auto owned = written;
  owned.sequences[0].owned_by = "t.id";
  CHECK_THROWS_WITH(mysql.normalize(owned), Catch::Contains("`owned_by` is PostgreSQL's"));
}
