#include "dialects/sqlite/sqlite_dialect.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using schemas::Column;
using schemas::ColumnType;
using schemas::Schema;
using schemas::Table;

namespace {

Column column(std::string name, std::string type, bool nullable = true)
{
  Column c;
  c.name = std::move(name);
  c.type = ColumnType::parse(type);
  c.nullable = nullable;
  return c;
}

// A desired-side schema written the way a user would, with everything SQLite ignores.
Schema desired()
{
  Schema schema;
  Table users;
  users.name = "users";
  users.comment = "people";
  users.columns.push_back(column("id", "bigint"));
  users.columns.back().identity = true;
  users.columns.push_back(column("email", "VARCHAR( 255 )", false));
  users.columns.back().collation = "nocase";
  users.columns.back().comment = "login";
  users.columns.push_back(column("created_at", "timestamp"));
  users.columns.back().default_value = "(current_timestamp)";
  users.columns.push_back(column("note", "text"));
  users.columns.back().default_value = "NULL";
  users.columns.push_back(column("settings", "text"));
  users.columns.back().type = ColumnType{};
  users.columns.back().type.kind = ColumnType::Kind::per_engine;
  users.columns.back().type.per_engine = {{"postgres", "jsonb"}, {"sqlite", "TEXT"}};
  users.columns.push_back(column("score", "double"));
  users.columns.back().default_value = "( -1 )";
  users.primary_key = {"id"};
  users.primary_key_name = "users_pk";
  schemas::Index index;
  index.name = "users_recent_idx";
  index.keys.push_back({"", "LOWER( email )", false, "binary"});
  index.where = "((created_at is not null))";
  index.method = "btree";
  users.indexes.push_back(index);
  schemas::Check check;
  check.name = "users_email_at";
  check.expression = "(email like '%@%')";
  users.checks.push_back(check);
  users.options = {{"without_rowid", "false"}, {"STRICT", "TRUE"}};

  Table orgs;
  orgs.name = "orgs";
  orgs.columns.push_back(column("code", "text"));
  orgs.primary_key = {"code"};
  schemas::ForeignKey fk;
  fk.name = "users_org_fk";
  fk.columns = {"org"};
  fk.references = {"main", "orgs"};
  fk.on_delete = "SET  NULL";
  fk.on_update = "";
  fk.match = "full";
  fk.initially_deferred = true;
  users.columns.push_back(column("org", "text"));
  users.foreign_keys.push_back(fk);

  schema.tables = {users, orgs};
  schemas::View view;
  view.name = "v";
  view.query = "select id from users where note is null;";
  view.comment = "c";
  schema.views.push_back(view);
  schema.enums.push_back({"", "mood", {"happy"}, {}});
  return schema;
}

} // namespace

TEST_CASE("SQLite normalize applies the canonical forms", "[sqlite][normalize]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  const Schema n = dialect->normalize(desired());
  REQUIRE(n.tables.size() == 2);
  CHECK(n.tables[0].name == "orgs"); // sorted by name
  CHECK(n.enums.empty());
  const Table& users = n.tables[1];
  CHECK(users.comment.empty());
  CHECK(users.primary_key_name.empty());
  const Column& id = *users.find_column("id");
  CHECK(id.type == ColumnType::parse("integer")); // identity is INTEGER PRIMARY KEY AUTOINCREMENT
  CHECK(id.nullable); // primary-key columns keep their declared nullability (SQLite's catalog does)
  CHECK(users.find_column("email")->type == ColumnType::parse("varchar(255)"));
  CHECK(users.find_column("email")->collation == "NOCASE");
  CHECK(users.find_column("email")->comment.empty());
  CHECK(users.find_column("created_at")->default_value == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK_FALSE(users.find_column("note")->default_value);
  CHECK(users.find_column("settings")->type == ColumnType::parse("text"));
  CHECK(users.find_column("score")->default_value == std::optional<std::string>("-1"));
  CHECK(users.indexes[0].keys[0].expression == "lower(email)");
  CHECK(users.indexes[0].keys[0].collation.empty());
  CHECK(users.indexes[0].where == "created_at IS NOT NULL");
  CHECK(users.indexes[0].method.empty());
  CHECK(users.checks[0].expression == "email LIKE '%@%'");
  CHECK(users.options == std::map<std::string, std::string>{{"strict", "true"}});
  const auto& fk = users.foreign_keys[0];
  CHECK(fk.on_delete == "set null");
  CHECK(fk.on_update == "no action");
  CHECK(fk.match.empty());
  CHECK(fk.deferrable);
  CHECK(fk.references.schema.empty());
  CHECK(fk.ref_columns == std::vector<std::string>{"code"});
  CHECK(n.views[0].query == "SELECT id FROM users WHERE note IS NULL");
  CHECK(n.views[0].comment.empty());
}

TEST_CASE("SQLite normalize is idempotent", "[sqlite][normalize]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  const Schema once = dialect->normalize(desired());
  CHECK(dialect->normalize(once) == once);
}

TEST_CASE("SQLite normalize equates spellings of the same definition", "[sqlite][normalize]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  Schema a;
  Schema b;
  a.tables.push_back(Table{});
  a.tables[0].name = "t";
  a.tables[0].columns = {column("x", "BIGINT"), column("y", "Varchar(10)")};
  a.tables[0].columns[0].default_value = "(0)";
  b.tables.push_back(Table{});
  b.tables[0].name = "t";
  b.tables[0].columns = {column("x", "bigint"), column("y", "varchar(10)")};
  b.tables[0].columns[0].default_value = "0";
  CHECK(dialect->normalize(a) == dialect->normalize(b));
}

TEST_CASE("SQLite normalize makes a lone identity column the primary key", "[sqlite][normalize]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  Schema schema;
  schema.tables.push_back(Table{});
  schema.tables[0].name = "t";
  schema.tables[0].columns = {column("id", "bigint"), column("v", "text")};
  schema.tables[0].columns[0].identity = true;
  const Schema n = dialect->normalize(schema);
  CHECK(n.tables[0].primary_key == std::vector<std::string>{"id"});
  CHECK(n.tables[0].columns[0].type == ColumnType::parse("integer"));
  CHECK(n.tables[0].columns[0].nullable == schema.tables[0].columns[0].nullable);
  CHECK(dialect->normalize(n) == n);
}

TEST_CASE("format_type maps portable, native and per-engine types", "[sqlite][types]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  CHECK(dialect->format_type(ColumnType::parse("numeric(10, 2)")) == "numeric(10,2)");
  CHECK(dialect->format_type(ColumnType::parse("BIGINT")) == "bigint");
  CHECK(dialect->format_type(ColumnType::parse("timestamptz")) == "timestamptz");
  CHECK(dialect->format_type(ColumnType::make_native("UNSIGNED BIG INT")) == "UNSIGNED BIG INT");
  ColumnType map;
  map.kind = ColumnType::Kind::per_engine;
  map.per_engine = {{"postgres", "jsonb"}, {"sqlite", "text"}};
  CHECK(dialect->format_type(map) == "text");
  map.per_engine.erase("sqlite");
  CHECK_THROWS_AS(dialect->format_type(map), strata::Error);
}
