// MySQL/MariaDB rendering on the real server: each operation's SQL runs, then its inverse's, and
// the catalog (information_schema, read directly) shows the change and then the original again.
#include "tests/unit/dialects/mysql/render_fixture.hpp"

using namespace strata;
using namespace strata::test;

namespace {

schemas::ColumnChanges changes_between(const schemas::Column& a, const schemas::Column& b)
{
  schemas::ColumnChanges c;
  c.type = a.type != b.type;
  c.nullability = a.nullable != b.nullable;
  c.default_value = a.default_value != b.default_value;
  c.identity = a.identity != b.identity;
  c.collation = a.collation != b.collation;
  c.comment = a.comment != b.comment;
  c.on_update = a.on_update != b.on_update;
  return c;
}

schemas::AlterColumn alter(const schemas::Column& before, const schemas::Column& after)
{
  return schemas::AlterColumn{k_t, before, after, changes_between(before, after)};
}

} // namespace

TEST_CASE("mysql apply: columns go FIRST, AFTER and at the end, and are dropped again", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "int", false), make_column("b", "int")}, {"id"})};
  my_apply(c, schemas::AddTable{live.tables[0]});
  c.execute("INSERT INTO t (id, b) VALUES (1, 2)");

  const schemas::AddColumn first{k_t, make_column("a0", "int"), ""};
  const schemas::AddColumn middle{k_t, make_column("a1", "varchar(10)", false, "'x'"), "id"};
  const schemas::AddColumn last{k_t, make_column("z", "int", true, "7"), "b"};
  const schemas::AddColumn chained{k_t, make_column("z2", "int"), "z"};
  for (const auto* op : {&first, &middle, &last, &chained}) {
    my_apply(c, *op, &live);
  }
  CHECK(my_column_order(c, "t") == "a0,id,a1,b,z,z2");
  CHECK(my_value(c, "SELECT CONCAT(a1, z) FROM t") == "x7");
  for (const auto* op : {&chained, &last, &middle, &first}) {
    my_apply(c, schemas::DropColumn{k_t, op->column});
  }
  CHECK(my_column_order(c, "t") == "id,b");
}

TEST_CASE("mysql apply: ENUM members appended instantly, reordered by a copy, and back", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  my_apply(c, schemas::AddTable{make_table("t", {make_column("id", "int", false), make_column("mood", "enum('a','b')")},
                                         {"id"})});
  c.execute("INSERT INTO t VALUES (1, 'b')");
  const auto before = make_column("mood", "enum('a','b')");
  const auto appended = make_column("mood", "enum('a','b','c')");
  const auto reordered = make_column("mood", "enum('c','b','a')", true, "'c'");
  my_apply(c, alter(before, appended)); // ALGORITHM=INSTANT is accepted by the server
  CHECK(my_column_attribute(c, "t", "mood", "COLUMN_TYPE") == "enum('a','b','c')");
  my_apply(c, alter(appended, reordered));
  CHECK(my_column_attribute(c, "t", "mood", "COLUMN_TYPE") == "enum('c','b','a')");
  CHECK(my_value(c, "SELECT mood FROM t") == "b");
  my_apply(c, alter(reordered, appended));
  my_apply(c, alter(appended, before));
  CHECK(my_column_attribute(c, "t", "mood", "COLUMN_TYPE") == "enum('a','b')");
  CHECK(my_column_attribute(c, "t", "mood", "COLUMN_DEFAULT") == "NULL");
}

TEST_CASE("mysql apply: varchar widening online, AUTO_INCREMENT and ON UPDATE added and removed", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  const auto id = make_column("id", "bigint", false);
  auto seen = make_column("seen", "timestamp", false, "CURRENT_TIMESTAMP");
  seen.type = schemas::ColumnType::make_native("timestamp");
  const auto code = make_column("code", "varchar(10)");
  my_apply(c, schemas::AddTable{make_table("t", {id, seen, code}, {"id"})});
  c.execute("INSERT INTO t (id, code) VALUES (5, 'abc')");

  auto id_auto = id;
  id_auto.identity = true;
  auto seen_touch = seen;
  seen_touch.on_update = "CURRENT_TIMESTAMP";
  const auto wide = make_column("code", "varchar(60)");
  my_apply(c, alter(id, id_auto));
  my_apply(c, alter(seen, seen_touch));
  my_apply(c, alter(code, wide)); // ALGORITHM=INPLACE, LOCK=NONE is accepted
  CHECK(my_column_attribute(c, "t", "id", "EXTRA") == "auto_increment");
  CHECK(my_column_attribute(c, "t", "seen", "LOWER(EXTRA)") == "on update current_timestamp()");
  CHECK(my_column_attribute(c, "t", "code", "COLUMN_TYPE") == "varchar(60)");
  c.execute("INSERT INTO t (code) VALUES ('next')");
  CHECK(my_value(c, "SELECT MAX(id) FROM t") == "6");

  my_apply(c, alter(wide, code));
  my_apply(c, alter(seen_touch, seen));
  my_apply(c, alter(id_auto, id));
  CHECK(my_column_attribute(c, "t", "id", "EXTRA") == "");
  CHECK(my_column_attribute(c, "t", "seen", "EXTRA") == "");
  CHECK(my_column_attribute(c, "t", "code", "COLUMN_TYPE") == "varchar(10)");
}

TEST_CASE("mysql apply: table charset converted with a column keeping its own collation, and back", "[mysql]")
{
  MysqlDatabase db; // utf8mb4 / utf8mb4_general_ci
  auto& c = db.connection();
  auto name = make_column("name", "varchar(20)");
  auto code = make_column("code", "varchar(20)");
  code.collation = "utf8mb4_bin";
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "int", false), name, code}, {"id"})};
  my_apply(c, schemas::AddTable{live.tables[0]});
  c.execute("INSERT INTO t VALUES (1, 'abc', 'X')");

  schemas::Schema desired = live;
  desired.tables[0].options = {{"charset", "latin1"}, {"collation", "latin1_swedish_ci"}};
  desired.tables[0].columns[2].collation = "latin1_bin";
  const schemas::SetTableOptions convert{k_t, {}, desired.tables[0].options};
  my_apply(c, convert, &live, &desired);
  CHECK(my_value(c, "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "latin1_swedish_ci");
  CHECK(my_column_attribute(c, "t", "name", "COLLATION_NAME") == "latin1_swedish_ci");
  CHECK(my_column_attribute(c, "t", "code", "COLLATION_NAME") == "latin1_bin");
  CHECK(my_value(c, "SELECT CONCAT(name, code) FROM t") == "abcX");

  const schemas::SetTableOptions back{k_t, convert.after, {}};
  my_apply(c, back, &desired, &live);
  CHECK(my_value(c, "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "utf8mb4_general_ci");
  CHECK(my_column_attribute(c, "t", "name", "COLLATION_NAME") == "utf8mb4_general_ci");
  CHECK(my_column_attribute(c, "t", "code", "COLLATION_NAME") == "utf8mb4_bin");

  // The engine changes and comes back to the default.
  my_apply(c, schemas::SetTableOptions{k_t, {}, {{"engine", "MyISAM"}}});
  CHECK(my_value(c, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "MyISAM");
  my_apply(c, schemas::SetTableOptions{k_t, {{"engine", "MyISAM"}}, {}});
  CHECK(my_value(c, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "InnoDB");
}

TEST_CASE("mysql apply: a TEXT column keeps its type through a conversion to a wider charset", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("id", "int", false), make_column("body", "text")}, {"id"})};
  live.tables[0].options = {{"charset", "latin1"}};
  my_apply(c, schemas::AddTable{live.tables[0]});
  c.execute("INSERT INTO t VALUES (1, 'caf\xc3\xa9')");
  schemas::Schema desired = live;
  desired.tables[0].options.clear();
  my_apply(c, schemas::SetTableOptions{k_t, live.tables[0].options, {}}, &live, &desired);
  CHECK(my_column_attribute(c, "t", "body", "COLUMN_TYPE") == "text");
  CHECK(my_column_attribute(c, "t", "body", "CHARACTER_SET_NAME") == "utf8mb4");
  my_apply(c, schemas::SetTableOptions{k_t, {}, live.tables[0].options}, &desired, &live);
  CHECK(my_column_attribute(c, "t", "body", "CHARACTER_SET_NAME") == "latin1");
  CHECK(my_value(c, "SELECT CHAR_LENGTH(body) FROM t") == "4");
}

TEST_CASE("mysql apply: a column becomes generated, changes storage, and becomes plain keeping its values", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema target;
  const auto plain = make_column("twice", "int");
  target.tables = {make_table("t", {make_column("id", "int", false), plain, make_column("z", "int")}, {"id"})};
  my_apply(c, schemas::AddTable{target.tables[0]});
  c.execute("INSERT INTO t (id, twice, z) VALUES (3, 0, 1)");
  auto virtual_column = plain;
  virtual_column.generated = schemas::GeneratedColumn{"`id` * 2", false};
  auto stored_column = plain;
  stored_column.generated = schemas::GeneratedColumn{"`id` * 2", true};
  const auto change = [&](const schemas::Column& before, const schemas::Column& after) {
    schemas::ColumnChanges changes;
    changes.generated = true;
    target.tables[0].columns[1] = after;
    my_apply(c, schemas::AlterColumn{k_t, before, after, changes}, &target, &target);
  };
  change(plain, virtual_column);
  CHECK(my_column_attribute(c, "t", "twice", "EXTRA") == "VIRTUAL GENERATED");
  change(virtual_column, stored_column);
  CHECK(my_column_attribute(c, "t", "twice", "EXTRA") == "STORED GENERATED");
  change(stored_column, plain);
  CHECK(my_column_attribute(c, "t", "twice", "EXTRA") == "");
  CHECK(my_column_order(c, "t") == "id,twice,z");
  CHECK(my_value(c, "SELECT twice FROM t") == "6");
}

TEST_CASE("mysql apply: a SPATIAL index takes whole values (a reported prefix length is not rendered)", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  auto shape = make_column("shape", "geometry", false);
  live.tables = {make_table("t", {make_column("id", "int", false), shape}, {"id"})};
  my_apply(c, schemas::AddTable{live.tables[0]});
  auto spatial = my_index("t_shape", {"shape"});
  spatial.method = "spatial";
  spatial.keys[0].length = 32; // as MariaDB reports it: not rendered
  my_apply(c, schemas::AddIndex{k_t, spatial}, &live);
  CHECK(my_value(c, "SELECT INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                    "INDEX_NAME = 't_shape'") == "SPATIAL");
}

TEST_CASE("mysql apply: primary key changed and restored, columns and tables renamed", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  live.tables = {make_table("t", {make_column("a", "int", false), make_column("b", "int", false)}, {"a"})};
  my_apply(c, schemas::AddTable{live.tables[0]});
  c.execute("INSERT INTO t VALUES (1, 1), (2, 1)");
  const auto primary = [&](const std::string& table) {
    return my_value(c, "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM "
                       "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
                         table + "' AND CONSTRAINT_NAME = 'PRIMARY'");
  };
  my_apply(c, schemas::SetPrimaryKey{k_t, {{"a"}, ""}, {{"b", "a"}, ""}});
  CHECK(primary("t") == "b,a");
  my_apply(c, schemas::SetPrimaryKey{k_t, {{"b", "a"}, ""}, {{"a"}, ""}});
  CHECK(primary("t") == "a");

  my_apply(c, schemas::RenameColumn{k_t, "b", "bee"}, &live);
  my_apply(c, schemas::RenameTable{k_t, {"", "t2"}});
  CHECK(my_column_order(c, "t2") == "a,bee");
  CHECK(primary("t2") == "a");
  my_apply(c, schemas::RenameTable{{"", "t2"}, k_t});
  my_apply(c, schemas::RenameColumn{k_t, "bee", "b"}, &live);
  CHECK(my_column_order(c, "t") == "a,b");
}

TEST_CASE("mysql apply: prefix, descending and FULLTEXT indexes, a foreign key with its index", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  live.tables = {make_table("users", {make_column("id", "int", false), make_column("email", "varchar(200)")}, {"id"}),
                 make_table("orders", {make_column("id", "int", false), make_column("user_id", "int")}, {"id"})};
  my_apply(c, schemas::AddTable{live.tables[0]});
  my_apply(c, schemas::AddTable{live.tables[1]});
  const schemas::QualifiedName users{"", "users"};
  const schemas::QualifiedName orders{"", "orders"};

  auto prefix = my_index("users_email_idx", {"email", "id"});
  prefix.keys[0].length = 20;
  prefix.keys[1].descending = true;
  auto fulltext = my_index("users_email_ft", {"email"});
  fulltext.method = "fulltext";
  my_apply(c, schemas::AddIndex{users, prefix}, &live);
  my_apply(c, schemas::AddIndex{users, fulltext}, &live);
  CHECK(my_value(c, "SELECT SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                    "INDEX_NAME = 'users_email_idx' AND COLUMN_NAME = 'email'") == "20");
  CHECK(my_value(c, "SELECT INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                    "INDEX_NAME = 'users_email_ft'") == "FULLTEXT");

  const auto fk_index = my_index("orders_user_fk", {"user_id"});
  schemas::ForeignKey fk;
  fk.name = "orders_user_fk";
  fk.columns = {"user_id"};
  fk.references = users;
  fk.ref_columns = {"id"};
  fk.on_delete = "set null";
  my_apply(c, schemas::AddIndex{orders, fk_index}, &live);
  my_apply(c, schemas::AddForeignKey{orders, fk});
  CHECK(my_value(c, "SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
                    "CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'orders_user_fk'") == "SET NULL");
  CHECK(my_indexes(c, "orders") == "orders_user_fk:user_id PRIMARY:id");

  // Down: the key first, then the index it needed.
  my_apply(c, schemas::DropForeignKey{orders, fk}, &live);
  my_apply(c, schemas::DropIndex{orders, fk_index}, &live);
  my_apply(c, schemas::DropIndex{users, fulltext}, &live);
  my_apply(c, schemas::DropIndex{users, prefix}, &live);
  CHECK(my_indexes(c, "orders") == "PRIMARY:id");
  CHECK(my_indexes(c, "users") == "PRIMARY:id");
}

TEST_CASE("mysql apply: checks, comments and views", "[mysql]")
{
  MysqlDatabase db;
  auto& c = db.connection();
  my_apply(c, schemas::AddTable{make_table("t", {make_column("id", "int", false)}, {"id"})});
  my_apply(c, schemas::AddCheck{k_t, {"t_positive", "`id` > 0", {}}});
  CHECK_THROWS(c.execute("INSERT INTO t VALUES (-1)"));
  my_apply(c, schemas::DropCheck{k_t, {"t_positive", "`id` > 0", {}}});
  c.execute("INSERT INTO t VALUES (-1)");

  my_apply(c, schemas::SetTableComment{k_t, "", "it's a table"});
  CHECK(my_value(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "it's a table");
  my_apply(c, schemas::SetTableComment{k_t, "it's a table", ""});
  CHECK(my_value(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                    "TABLE_NAME = 't'") == "");

  schemas::View view{"", "v", "select `id` from `t`", {}, "", {}};
  my_apply(c, schemas::CreateView{view});
  schemas::Schema live;
  live.views = {view};
  view.query = "select `id` * 2 AS `twice` from `t`";
  my_apply(c, schemas::CreateView{view}, &live);
  CHECK(my_value(c, "SELECT twice FROM v") == "-2");
  my_apply(c, schemas::DropView{view});
  CHECK(my_value(c, "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()") == "0");
}
