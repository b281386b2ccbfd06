#include "tests/unit/dialects/sqlite/fixture.hpp"

#include "schemas/error.hpp"

using namespace strata;
using namespace strata::schemas;
using namespace strata::test;

namespace {

// A parent table and a child table whose names need quoting (quotes, spaces, unicode, keywords).
Table parent_table()
{
  Table t;
  t.name = "Client \"VIP\" list";
  t.columns = {identity_column("id", "bigint"), column("naïve name", "varchar(40)", false),
               column("select", "text", true, "'x'")};
  t.columns[1].collation = "NOCASE";
  t.primary_key = {"id"};
  t.indexes = {unique_key("client name uq", "naïve name")};
  return t;
}

Table child_table()
{
  Table t;
  t.name = "order";
  t.columns = {column("client", "bigint", false), column("n", "integer", false), column("amount", "numeric(10,2)", true, "0"),
               column("created", "timestamp", false, "CURRENT_TIMESTAMP"), column("doubled", "numeric")};
  t.columns[4].generated = GeneratedColumn{"amount * 2", false};
  t.primary_key = {"client", "n"};
  t.primary_key_name = "order pk";
  t.checks = {Check{"amount positive", "amount >= 0", {}}};
  ForeignKey fk;
  fk.name = "order client fk";
  fk.columns = {"client"};
  fk.references = {"", "Client \"VIP\" list"};
  fk.ref_columns = {"id"};
  fk.on_delete = "cascade";
  fk.deferrable = true;
  fk.initially_deferred = true;
  t.foreign_keys = {fk};
  t.triggers = {Trigger{"order touch", "CREATE TRIGGER \"order touch\" AFTER UPDATE ON \"order\" BEGIN "
                                       "UPDATE \"order\" SET amount = amount WHERE 0; END;", {}}};
  return t;
}

template <class F>
ErrorKind error_kind(F&& f)
{
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no strata::Error thrown");
  return ErrorKind::usage;
}

} // namespace

TEST_CASE("AddTable creates columns, keys, constraints and triggers that SQLite enforces", "[render]")
{
  SqliteDb db;
  db.conn->execute("PRAGMA foreign_keys = ON");
  db.apply(AddTable{parent_table()});
  const auto statements = db.apply(AddTable{child_table()});
  REQUIRE(statements.size() == 2); // table + trigger
  CHECK(statements[0].sql.find("CONSTRAINT \"order client fk\" FOREIGN KEY (\"client\") REFERENCES "
                               "\"Client \"\"VIP\"\" list\" (\"id\") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED") !=
        std::string::npos);
  CHECK(statements[0].sql.back() != ';');

  const std::string parent = "'Client \"VIP\" list'";
  CHECK(db.scalar("SELECT sql FROM sqlite_schema WHERE name = " + parent).find("PRIMARY KEY AUTOINCREMENT") !=
        std::string::npos);
  CHECK(db.count("SELECT count(*) FROM pragma_index_list(" + parent + ") WHERE origin = 'u'") == 1);
  CHECK(db.scalar("SELECT group_concat(name, ',') FROM pragma_table_info('order') WHERE pk > 0 ORDER BY pk") ==
        "client,n");
  CHECK(db.scalar("SELECT on_delete FROM pragma_foreign_key_list('order')") == "CASCADE");
  CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'order touch'") == 1);
  CHECK(db.scalar("SELECT hidden FROM pragma_table_xinfo('order') WHERE name = 'doubled'") == "2");

  db.conn->execute("INSERT INTO \"Client \"\"VIP\"\" list\" (\"naïve name\") VALUES ('Ann')");
  CHECK(db.scalar("SELECT \"select\" FROM \"Client \"\"VIP\"\" list\"") == "x");
  CHECK_THROWS(db.conn->execute("INSERT INTO \"Client \"\"VIP\"\" list\" (\"naïve name\") VALUES ('ANN')")); // NOCASE unique
  db.conn->execute("INSERT INTO \"order\" (client, n, amount) VALUES (1, 1, 2.5)");
  CHECK(db.scalar("SELECT doubled FROM \"order\"") == "5");
  CHECK(db.scalar("SELECT created FROM \"order\"").size() == 19);
  CHECK_THROWS(db.conn->execute("INSERT INTO \"order\" (client, n, amount) VALUES (1, 2, -1)")); // check
  db.conn->begin(); // deferred: the orphan is accepted until COMMIT
  db.conn->execute("INSERT INTO \"order\" (client, n) VALUES (99, 1)");
  CHECK_THROWS(db.conn->commit());
  db.conn->rollback();
  db.conn->execute("PRAGMA foreign_keys = OFF");
  db.conn->execute("INSERT INTO \"order\" (client, n) VALUES (99, 1)");
  CHECK(db.count("SELECT count(*) FROM pragma_foreign_key_check") == 1);
  CHECK_THROWS_WITH(db.dialect->check_integrity(*db.conn), Catch::Contains("table order rowid"));
}

TEST_CASE("table options WITHOUT ROWID and STRICT", "[render]")
{
  SqliteDb db;
  Table t;
  t.name = "kv";
  t.columns = {column("k", "TEXT", false), column("v", "INTEGER")};
  t.primary_key = {"k"};
  t.options = {{"without_rowid", "true"}, {"strict", "true"}};
  const auto statements = db.apply(AddTable{t});
  const std::string options = ") WITHOUT ROWID, STRICT";
  CHECK(statements[0].sql.substr(statements[0].sql.size() - options.size()) == options);
  CHECK(db.scalar("SELECT wr || strict FROM pragma_table_list WHERE name = 'kv'") == "11");
  CHECK_THROWS(db.conn->execute("INSERT INTO kv VALUES ('a', 'not a number')"));
}

TEST_CASE("column, index, view and trigger operations execute on a real database", "[render]")
{
  SqliteDb db;
  db.apply(AddTable{parent_table()});
  const QualifiedName table{"", "Client \"VIP\" list"};
  db.conn->execute("INSERT INTO \"Client \"\"VIP\"\" list\" (\"naïve name\") VALUES ('Ann'), ('Bob')");

  auto added = column("group", "integer", false, "7");
  db.apply(AddColumn{table, added, "select"});
  CHECK(db.scalar("SELECT sum(\"group\") FROM \"Client \"\"VIP\"\" list\"") == "14");

  Index expression;
  expression.name = "where";
  expression.keys = {IndexKey{"", "lower(\"select\")", true, ""}, key("group")};
  expression.keys[1].collation = "BINARY";
  expression.where = "\"group\" > 0";
  db.apply(AddIndex{table, expression});
  CHECK(db.scalar("SELECT partial FROM pragma_index_list('Client \"VIP\" list') WHERE name = 'where'") == "1");
  CHECK(db.scalar("SELECT desc FROM pragma_index_xinfo('where') WHERE seqno = 0") == "1");

  Index unique;
  unique.name = "select_uq";
  unique.unique = true;
  unique.keys = {key("select"), key("naïve name")};
  db.apply(AddIndex{table, unique});
  CHECK(db.scalar("SELECT \"unique\" FROM pragma_index_list('Client \"VIP\" list') WHERE name = 'select_uq'") == "1");

  View view;
  view.name = "vip view";
  view.columns = {"who", "grp"};
  view.query = "SELECT \"naïve name\", \"group\" FROM \"Client \"\"VIP\"\" list\"";
  db.apply(CreateView{view});
  CHECK(db.count("SELECT count(*) FROM \"vip view\" WHERE grp = 7") == 2);
  db.apply(DropView{view});

  const Trigger trigger{"no delete", "CREATE TRIGGER \"no delete\" BEFORE DELETE ON \"Client \"\"VIP\"\" list\" "
                                     "BEGIN SELECT RAISE(ABORT, 'nope'); END", {}};
  db.apply(CreateTrigger{table, trigger});
  CHECK_THROWS_WITH(db.conn->execute("DELETE FROM \"Client \"\"VIP\"\" list\""), Catch::Contains("nope"));
  db.apply(DropTrigger{table, trigger});

  db.apply(DropIndex{table, expression});
  db.apply(DropIndex{table, unique});
  CHECK(db.count("SELECT count(*) FROM pragma_index_list('Client \"VIP\" list') WHERE origin = 'c'") == 0);

  db.apply(RenameColumn{table, "group", "grp ✓"});
  CHECK(db.count("SELECT count(*) FROM pragma_table_info('Client \"VIP\" list') WHERE name = 'grp ✓'") == 1);
  added.name = "grp ✓";
  db.apply(DropColumn{table, added});
  CHECK(db.count("SELECT count(*) FROM pragma_table_info('Client \"VIP\" list')") == 3);

  db.apply(RenameTable{table, {"", "clients"}});
  CHECK(db.count("SELECT count(*) FROM clients") == 2);
  Table renamed = parent_table();
  renamed.name = "clients";
  db.apply(DropTable{renamed});
  CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE name = 'clients'") == 0);
}

TEST_CASE("virtual tables are created with quoted names and dropped with their shadow tables", "[render]")
{
  SqliteDb db;
  const VirtualTable fts{"search \"all\"", "fts5", "title, body, tokenize = 'porter'", {}};
  db.apply(CreateVirtualTable{fts});
  CHECK(db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'search \"all\"'") ==
        "CREATE VIRTUAL TABLE \"search \"\"all\"\"\" USING \"fts5\"(title, body, tokenize = 'porter')");
  db.conn->execute("INSERT INTO \"search \"\"all\"\"\" (title, body) VALUES ('running', 'shoes')");
  CHECK(db.count("SELECT count(*) FROM \"search \"\"all\"\"\" WHERE \"search \"\"all\"\"\" MATCH 'run'") == 1);
  const VirtualTable boxes{"boxes", "rtree", "id, min_x, max_x", {}};
  db.apply(CreateVirtualTable{boxes});
  db.conn->execute("INSERT INTO boxes VALUES (1, 0, 5)");
  CHECK(db.count("SELECT count(*) FROM boxes WHERE min_x <= 3 AND max_x >= 3") == 1);
  db.apply(DropVirtualTable{fts});
  db.apply(DropVirtualTable{boxes});
  CHECK(db.count("SELECT count(*) FROM sqlite_schema") == 0);
}

TEST_CASE("comments render nothing, enums and sequences are refused, ALTER-only changes are internal errors",
          "[render]")
{
  SqliteDb db;
  CHECK(db.dialect->render(SetTableComment{{"", "t"}, "", "hello"}, db.ctx).empty());

  CHECK(error_kind([&] { db.dialect->render(CreateEnum{Enum{"", "mood", {"a"}, {}}}, db.ctx); }) == ErrorKind::input);
  CHECK(error_kind([&] { db.dialect->render(AddEnumValue{{"", "mood"}, "b", ""}, db.ctx); }) == ErrorKind::input);
  CHECK(error_kind([&] { db.dialect->render(DropEnum{}, db.ctx); }) == ErrorKind::input);
  CHECK(error_kind([&] { db.dialect->render(CreateSequence{}, db.ctx); }) == ErrorKind::input);
  CHECK(error_kind([&] { db.dialect->render(DropSequence{}, db.ctx); }) == ErrorKind::input);

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.before = column("a", "integer");
  alter.after = column("a", "text");
  alter.changes.type = true;
  CHECK(error_kind([&] { db.dialect->render(alter, db.ctx); }) == ErrorKind::internal);
  CHECK(error_kind([&] { db.dialect->render(AddForeignKey{}, db.ctx); }) == ErrorKind::internal);
  CHECK(error_kind([&] { db.dialect->render(DropForeignKey{}, db.ctx); }) == ErrorKind::internal);
  CHECK(error_kind([&] { db.dialect->render(AddCheck{}, db.ctx); }) == ErrorKind::internal);
  CHECK(error_kind([&] { db.dialect->render(DropCheck{}, db.ctx); }) == ErrorKind::internal);
  const Index constraint = unique_key("u", "a");
  CHECK(error_kind([&] { db.dialect->render(AddIndex{{"", "t"}, constraint}, db.ctx); }) == ErrorKind::internal);
}

TEST_CASE("defaults that are expressions are parenthesized", "[render]")
{
  SqliteDb db;
  Table t;
  t.name = "d";
  t.columns = {column("a", "text", true, "lower('X')"), column("b", "integer", true, "-5"),
               column("c", "text", true, "(upper('y'))"), column("e", "blob", true, "x'00ff'"),
               column("f", "real", true, "1.5e3")};
  const auto statements = db.apply(AddTable{t});
  CHECK(statements[0].sql.find("DEFAULT (lower('X'))") != std::string::npos);
  CHECK(statements[0].sql.find("DEFAULT -5") != std::string::npos);
  CHECK(statements[0].sql.find("DEFAULT (upper('y'))") != std::string::npos);
  db.conn->execute("INSERT INTO d DEFAULT VALUES");
  CHECK(db.scalar("SELECT a || b || c || hex(e) || f FROM d") == "x-5Y00FF1500.0");
}
