#include "tests/unit/dialects/sqlite/fixture.hpp"

#include "schemas/error.hpp"

#include <regex>

using namespace strata;
using namespace strata::schemas;
using namespace strata::test;
using strata::dialects::BackupTarget;

namespace {

void seed_user_list(SqliteDb& db)
{
  db.conn->execute("CREATE TABLE \"user list\" (id INTEGER PRIMARY KEY, \"e-mail\" TEXT, name TEXT);"
                   "CREATE INDEX user_name_idx ON \"user list\" (name);"
                   "INSERT INTO \"user list\" VALUES (1, 'ann@x', 'Ann'), (2, NULL, 'Bob'), (3, 'cid@x', 'Cid')");
}

BackupTarget target(std::string column_name = {})
{
  return BackupTarget{{"", "user list"}, std::move(column_name), {"id"}};
}

} // namespace

TEST_CASE("backup a column, drop it, re-add it, restore the values", "[backup]")
{
  SqliteDb db;
  seed_user_list(db);
  const auto dir = db.dir.path() / "backups";
  const auto record = db.dialect->backup(*db.conn, target("e-mail"), dir, "20260101000000-user-list-e-mail");
  CHECK(record.id == "20260101000000-user-list-e-mail");
  CHECK(record.location == (dir / "20260101000000-user-list-e-mail.sqlite").string());
  CHECK(std::filesystem::exists(record.location));
  CHECK(record.rows == 3);
  CHECK(record.target.column == "e-mail");
  CHECK(std::regex_match(record.created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

  const QualifiedName table{"", "user list"};
  db.apply(DropColumn{table, column("e-mail", "text")});
  CHECK_THROWS_WITH(db.dialect->restore(*db.conn, record), Catch::Contains("does not exist; re-create it"));

  db.apply(AddColumn{table, column("e-mail", "text"), "id"});
  db.conn->execute("INSERT INTO \"user list\" (id, name) VALUES (4, 'Dee')"); // not in the backup
  db.dialect->restore(*db.conn, record);
  CHECK(db.scalar("SELECT group_concat(id || '=' || ifnull(\"e-mail\", '-'), ',') FROM (SELECT * FROM \"user list\" "
                  "ORDER BY id)") == "1=ann@x,2=-,3=cid@x,4=-");
  CHECK(db.count("SELECT count(*) FROM pragma_database_list WHERE name = 'strata_backup'") == 0);
}

TEST_CASE("backup a table, drop it, restore rows, indexes and missing rows", "[backup]")
{
  SqliteDb db;
  seed_user_list(db);
  const auto record = db.dialect->backup(*db.conn, target(), db.dir.path() / "b", "t1");
  CHECK(record.rows == 3);

  // The copy is the state at backup time, not later changes.
  db.conn->execute("UPDATE \"user list\" SET name = 'changed'");
  SECTION("the dropped table comes back with its rows and index")
  {
    db.conn->execute("DROP TABLE \"user list\"");
    db.dialect->restore(*db.conn, record);
    CHECK(db.scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM \"user list\" ORDER BY id)") ==
          "Ann,Bob,Cid");
    CHECK(db.count("SELECT count(*) FROM sqlite_schema WHERE name = 'user_name_idx'") == 1);
  }
  SECTION("deleted rows are re-inserted; existing rows are kept")
  {
    db.conn->execute("DELETE FROM \"user list\" WHERE id > 1");
    db.dialect->restore(*db.conn, record);
    CHECK(db.scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM \"user list\" ORDER BY id)") ==
          "changed,Bob,Cid");
  }
}

TEST_CASE("backup and restore refuse clearly", "[backup]")
{
  SqliteDb db;
  seed_user_list(db);
  const auto dir = db.dir.path() / "b";
  CHECK_THROWS_WITH(db.dialect->backup(*db.conn, BackupTarget{{"", "nope"}, "", {}}, dir, "x"),
                    Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(db.dialect->backup(*db.conn, target("nope"), dir, "x"), Catch::Contains("does not exist"));
  const auto record = db.dialect->backup(*db.conn, BackupTarget{{"", "user list"}, "", {}}, dir, "same");
  CHECK(record.target.key_columns == std::vector<std::string>{"id"}); // resolved from the primary key
  CHECK_THROWS_WITH(db.dialect->backup(*db.conn, target(), dir, "same"), Catch::Contains("already exists"));

  db.conn->execute("DROP INDEX user_name_idx; ALTER TABLE \"user list\" DROP COLUMN name");
  CHECK_THROWS_WITH(db.dialect->restore(*db.conn, record), Catch::Contains("column name is missing"));
  CHECK(db.count("SELECT count(*) FROM pragma_database_list WHERE name = 'strata_backup'") == 0);

  auto missing = record;
  missing.location = (dir / "gone.sqlite").string();
  CHECK_THROWS_WITH(db.dialect->restore(*db.conn, missing), Catch::Contains("is missing"));
}

TEST_CASE("backup of an in-memory database", "[backup]")
{
  strata::test::TempDir dir;
  const auto* dialect = &dialects::sqlite::dialect();
  auto conn = dialect->connect(dialects::DbUrl::parse("sqlite::memory:"));
  conn->execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2)");
  const auto record = dialect->backup(*conn, BackupTarget{{"", "t"}, "a", {}}, dir.path(), "mem");
  CHECK(record.rows == 2);
  conn->execute("UPDATE t SET a = a * 10");
  dialect->restore(*conn, record); // no key columns: rows are matched by rowid
  CHECK(std::stoll(conn->query("SELECT sum(a) FROM t").rows[0][0].value_or("0")) == 3);
}

TEST_CASE("a backup is refused inside a transaction", "[backup]")
{
  SqliteDb db;
  seed_user_list(db);
  db.conn->begin();
  db.conn->execute("INSERT INTO \"user list\" VALUES (9, 'z', 'Z')");
  CHECK_THROWS_WITH(db.dialect->backup(*db.conn, target(), db.dir.path() / "b", "tx"),
                    Catch::Contains("outside a transaction"));
  db.conn->rollback();
  CHECK(db.dialect->backup(*db.conn, target(), db.dir.path() / "b", "tx").rows == 3);
}
