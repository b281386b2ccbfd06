#include "tests/unit/dialects/sqlite/fixture.hpp"

#include "schemas/error.hpp"

using namespace strata;
using namespace strata::schemas;
using namespace strata::test;

namespace {

Table orgs()
{
  Table t;
  t.name = "orgs";
  t.columns = {column("id", "integer", false), column("title", "text")};
  t.primary_key = {"id"};
  return t;
}

Table users_before()
{
  Table t;
  t.name = "users";
  t.columns = {identity_column("id", "integer"), column("old name", "text"), column("age", "text"), column("email", "text"),
               column("org_id", "integer"), column("score", "integer"), column("legacy", "blob")};
  t.primary_key = {"id"};
  t.indexes = {plain_index("users_name_idx", "old name")};
  return t;
}

Table users_after()
{
  Table t;
  t.name = "users";
  t.columns = {identity_column("id", "integer"), column("full name", "text"), column("age", "integer"), column("email", "text", false),
               column("org_id", "integer"), column("score", "integer"),
               column("status", "text", false, "'active'")};
  t.primary_key = {"id"};
  t.indexes = {plain_index("users_name_idx", "full name"), unique_key("users_email_key", "email")};
  ForeignKey fk;
  fk.name = "users_org_id_fkey";
  fk.columns = {"org_id"};
  fk.references = {"", "orgs"};
  fk.ref_columns = {"id"};
  fk.on_delete = "set null";
  t.foreign_keys = {fk};
  t.checks = {Check{"users_score_check", "score >= 0", {}}};
  t.triggers = {Trigger{"users_audit", "CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN "
                                       "UPDATE users SET score = score + 1000 WHERE id = NEW.id; END;", {}}};
  return t;
}

RebuildTable rebuild(Table before, Table after)
{
  RebuildTable op;
  op.before = std::move(before);
  op.after = std::move(after);
  op.column_sources = {{"id", "id"},         {"full name", "old name"}, {"age", "age"},
                       {"email", "email"},   {"org_id", "org_id"},      {"score", "score"}};
  op.reasons = {"type of age", "NOT NULL on email", "foreign key users_org_id_fkey", "check users_score_check"};
  return op;
}

void seed(SqliteDb& db)
{
  db.conn->execute("PRAGMA foreign_keys = OFF");
  db.apply(AddTable{orgs()});
  db.apply(AddTable{users_before()});
  db.apply(AddIndex{{"", "users"}, users_before().indexes[0]});
  db.conn->execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id))");
  db.conn->execute("INSERT INTO orgs VALUES (1, 'acme'), (2, 'initech')");
  db.conn->execute("INSERT INTO users (\"old name\", age, email, org_id, score, legacy) VALUES "
                   "('Ann', '31', 'ann@x', 1, 5, x'01'), ('Bob', '42', 'bob@x', 2, 0, NULL), "
                   "('Cid', '7', 'cid@x', NULL, 9, NULL), ('Dee', '50', 'dee@x', 1, 1, NULL)");
  db.conn->execute("DELETE FROM users WHERE \"old name\" = 'Dee'"); // AUTOINCREMENT high-water mark is 4
  db.conn->execute("INSERT INTO posts VALUES (1, 1), (2, 3)");
}

} // namespace

TEST_CASE("RebuildTable keeps every row through type, NOT NULL, FK, CHECK, rename and drop changes", "[rebuild]")
{
  SqliteDb db;
  seed(db);
  const auto statements = db.apply_in_transaction(rebuild(users_before(), users_after()));
  CHECK(statements.front().sql.rfind("CREATE TABLE \"_strata_new_users\"", 0) == 0);
  CHECK(statements.front().comment.find("NOT NULL on email") != std::string::npos);
  for (const auto& s : statements) {
    CHECK(s.sql.find("PRAGMA foreign_keys") == std::string::npos);
  }

  CHECK(db.scalar("SELECT group_concat(id || ':' || \"full name\" || ':' || typeof(age) || age || ':' || email || ':' ||"
                  " ifnull(org_id, '-') || ':' || score || ':' || status, ' ') FROM (SELECT * FROM users ORDER BY id)") ==
        "1:Ann:integer31:ann@x:1:5:active 2:Bob:integer42:bob@x:2:0:active 3:Cid:integer7:cid@x:-:9:active");
  CHECK(db.count("SELECT count(*) FROM pragma_table_info('users') WHERE name IN ('legacy', 'old name')") == 0);
  CHECK(db.scalar("SELECT \"notnull\" FROM pragma_table_info('users') WHERE name = 'email'") == "1");
  CHECK(db.scalar("SELECT \"table\" || '.' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('users')") ==
        "orgs.id SET NULL");
  CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE name = 'users_name_idx'") == 1);
  CHECK(db.scalar("SELECT name FROM pragma_index_info('users_name_idx')") == "full name");
  CHECK(db.count("SELECT count(*) FROM pragma_index_list('users') WHERE origin = 'u'") == 1);
  CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE name LIKE '_strata_new_%'") == 0);
  CHECK(db.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);

  // The new constraints are live; the trigger exists; AUTOINCREMENT does not reuse id 4.
  CHECK_THROWS(db.conn->execute("INSERT INTO users (email, score) VALUES ('e@x', -1)"));
  CHECK_THROWS(db.conn->execute("INSERT INTO users (email, score) VALUES ('ann@x', 1)"));
  db.conn->execute("INSERT INTO users (\"full name\", email, score) VALUES ('Eve', 'eve@x', 1)");
  CHECK(db.scalar("SELECT id || ':' || score FROM users WHERE email = 'eve@x'") == "5:1001");

  // posts still references users (by name) and the reference resolves.
  db.conn->execute("PRAGMA foreign_keys = ON");
  CHECK_THROWS(db.conn->execute("INSERT INTO posts VALUES (3, 99)"));
  db.conn->execute("INSERT INTO posts VALUES (3, 2)");
}

TEST_CASE("RebuildTable fails honestly on data that violates the new definition", "[rebuild]")
{
  SqliteDb db;
  seed(db);
  SECTION("NOT NULL on a column with NULLs: the copy fails and nothing changes")
  {
    db.conn->execute("UPDATE users SET email = NULL WHERE id = 2");
    CHECK_THROWS_WITH(db.apply_in_transaction(rebuild(users_before(), users_after())),
                      Catch::Contains("NOT NULL constraint failed"));
  }
  SECTION("a new foreign key with orphans: foreign_key_check refuses before commit")
  {
    db.conn->execute("UPDATE users SET org_id = 77 WHERE id = 3");
    CHECK_THROWS_WITH(db.apply_in_transaction(rebuild(users_before(), users_after())),
                      Catch::Contains("table users rowid 3 references a missing row of orgs"));
  }
  CHECK(db.count("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'legacy'") == 1);
  CHECK(db.count("SELECT count(*) FROM users") == 3);
  CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE name LIKE '_strata_new_%'") == 0);
}

TEST_CASE("RebuildTable of a WITHOUT ROWID table and of a table where no column survives", "[rebuild]")
{
  SqliteDb db;
  Table kv;
  kv.name = "kv";
  kv.columns = {column("k", "text", false), column("v", "text")};
  kv.primary_key = {"k"};
  db.apply(AddTable{kv});
  db.conn->execute("INSERT INTO kv VALUES ('a', '1'), ('b', NULL)");

  Table kv2 = kv;
  kv2.options = {{"without_rowid", "true"}};
  kv2.columns[1] = column("v", "text", false, "'none'");
  RebuildTable op{kv, kv2, {{"k", "k"}}, {"WITHOUT ROWID"}};
  db.apply_in_transaction(op);
  CHECK(db.scalar("SELECT group_concat(k || '=' || v, ',') FROM kv") == "a=none,b=none");
  CHECK(db.scalar("SELECT wr FROM pragma_table_list WHERE name = 'kv'") == "1");

  Table t;
  t.name = "t";
  t.columns = {column("a", "text")};
  db.apply(AddTable{t});
  db.conn->execute("INSERT INTO t VALUES ('x'), ('y')");
  Table t2;
  t2.name = "t";
  t2.columns = {column("b", "text", true, "'new'")};
  db.apply_in_transaction(RebuildTable{t, t2, {}, {}});
  CHECK(db.scalar("SELECT group_concat(b, ',') FROM t") == "new,new");
}

TEST_CASE("RebuildTable refuses a source column that does not exist", "[rebuild]")
{
  SqliteDb db;
  RebuildTable op = rebuild(users_before(), users_after());
  op.column_sources.emplace_back("status", "nope");
  CHECK_THROWS_AS(db.dialect->render(op, db.ctx), Error);
}

TEST_CASE("RebuildTable keeps rowids, and views and other tables' triggers that name the table", "[rebuild]")
{
  SqliteDb db;
  Table t;
  t.name = "notes";
  t.columns = {column("code", "text", false), column("body", "text")};
  t.primary_key = {"code"};
  db.apply(AddTable{t});
  db.conn->execute("INSERT INTO notes VALUES ('a', 'x'), ('b', 'y'), ('c', 'z'); DELETE FROM notes WHERE code = 'b';"
                   "CREATE VIEW note_codes AS SELECT code FROM notes;"
                   "CREATE TABLE log (msg TEXT);"
                   "CREATE TRIGGER log_note AFTER INSERT ON log BEGIN INSERT INTO notes (code) VALUES (NEW.msg); END");

  Table t2 = t;
  t2.columns[1] = column("body", "text", false, "''");
  db.apply_in_transaction(RebuildTable{t, t2, {{"code", "code"}, {"body", "body"}}, {"NOT NULL on body"}});
  CHECK(db.scalar("SELECT group_concat(rowid || code, ',') FROM notes") == "1a,3c");
  CHECK(db.scalar("SELECT group_concat(code, ',') FROM note_codes") == "a,c");
  db.conn->execute("INSERT INTO log VALUES ('d')");
  CHECK(db.count("SELECT count(*) FROM notes WHERE code = 'd' AND body = ''") == 1);
  CHECK(db.scalar("PRAGMA legacy_alter_table") == "0");
}
