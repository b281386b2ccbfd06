// MySQL/MariaDB backups on the real server: copies in the strata_backup database or .jsonl files,
// verified by count, restored by key after DROP COLUMN / DROP TABLE.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

using namespace strata;
using strata::test::MysqlDatabase;

namespace {

struct Fixture {
  MysqlDatabase db;
  const dialects::Dialect& dialect = dialects::dialect_for("mysql");
  std::filesystem::path folder;

  Fixture()
  {
    std::random_device random;
    folder = std::filesystem::temp_directory_path() / ("strata-my-backup-" + std::to_string(random()));
  }
  ~Fixture()
  {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
  std::string one(const std::string& sql) { return db.connection().query(sql).rows.at(0).at(0).value_or("NULL"); }
  dialects::BackupRecord backup(const std::string& table, const std::string& column, const std::string& id,
                                bool to_file)
  {
    dialects::BackupTarget target{{"", table}, column, {}};
    return dialect.backup(db.connection(), target, to_file ? folder : std::filesystem::path{}, id);
  }
};

} // namespace

TEST_CASE("mysql backup: a column copy keyed by the primary key refills the column after DROP COLUMN",
          "[mysql][backup]")
{
  Fixture fx;
  const bool to_file = GENERATE(false, true);
  auto& c = fx.db.connection();
  c.execute("CREATE TABLE users (org int, id int, bio text, PRIMARY KEY (org, id)); "
            "INSERT INTO users VALUES (1, 1, 'x'), (1, 2, NULL), (2, 1, 'line\\nbreak \"q\" \\\\ é')");
  const auto record = fx.backup("users", "bio", "001-users-bio", to_file);
  CHECK(record.rows == 3);
  CHECK(record.target.key_columns == std::vector<std::string>{"org", "id"});
  CHECK_FALSE(record.created_at.empty());
  if (to_file) {
    CHECK(record.location == (fx.folder / "001-users-bio.jsonl").string());
  } else {
    CHECK(record.location == "strata_backup." + fx.db.name() + "_001-users-bio");
    CHECK(fx.one("SELECT COUNT(*) FROM strata_backup.`" + fx.db.name() + "_001-users-bio`") == "3");
  }
  const auto before = fx.one("SELECT GROUP_CONCAT(CONCAT(org, id, ':', COALESCE(bio, '-')) ORDER BY org, id) FROM users");
  c.execute("ALTER TABLE users DROP COLUMN bio");
  CHECK_THROWS_WITH(fx.dialect.restore(c, record), Catch::Contains("column users.bio does not exist"));
  c.execute("ALTER TABLE users ADD COLUMN bio text");
  fx.dialect.restore(c, record);
  CHECK(fx.one("SELECT GROUP_CONCAT(CONCAT(org, id, ':', COALESCE(bio, '-')) ORDER BY org, id) FROM users") == before);
}

TEST_CASE("mysql backup: a whole table comes back after DROP TABLE, only the missing rows", "[mysql][backup]")
{
  Fixture fx;
  const bool to_file = GENERATE(false, true);
  auto& c = fx.db.connection();
  const char* create = "CREATE TABLE files (id bigint unsigned PRIMARY KEY AUTO_INCREMENT, data varbinary(16), "
                       "flags bit(8), amount decimal(10,2), kind enum('a','b'), doubled int AS (id * 2) VIRTUAL)";
  c.execute(create);
  c.execute("INSERT INTO files (data, flags, amount, kind) VALUES (0x00FF10, b'00000101', 12.50, 'b'), "
            "(NULL, NULL, NULL, NULL), ('text', b'11111111', -1.00, 'a')");
  const auto snapshot = [&] {
    return fx.one("SELECT GROUP_CONCAT(CONCAT_WS(':', id, COALESCE(HEX(data), '-'), COALESCE(flags + 0, '-'), "
                  "COALESCE(amount, '-'), COALESCE(kind, '-'), doubled) ORDER BY id) FROM files");
  };
  const auto before = snapshot();
  const auto record = fx.backup("files", "", "002-files", to_file);
  CHECK(record.rows == 3);
  c.execute("DROP TABLE files");
  CHECK_THROWS_WITH(fx.dialect.restore(c, record), Catch::Contains("table files does not exist; re-create it"));
  c.execute(create);
  c.execute("INSERT INTO files (id, data) VALUES (2, 0x01)"); // already back: kept as it is
  fx.dialect.restore(c, record);
  CHECK(fx.one("SELECT COUNT(*) FROM files") == "3");
  CHECK(fx.one("SELECT HEX(data) FROM files WHERE id = 2") == "01");
  c.execute("UPDATE files SET data = NULL WHERE id = 2");
  CHECK(snapshot() == before);
}

TEST_CASE("mysql backup: a table without a primary key is keyed by its other columns", "[mysql][backup]")
{
  Fixture fx;
  auto& c = fx.db.connection();
  c.execute("CREATE TABLE tags (name varchar(20), n int, note text); "
            "INSERT INTO tags VALUES ('a', 1, 'x'), ('b', NULL, 'y')");
  const auto record = fx.backup("tags", "note", "003-tags-note", false);
  CHECK(record.target.key_columns == std::vector<std::string>{"name", "n"});
  c.execute("ALTER TABLE tags DROP COLUMN note; ALTER TABLE tags ADD COLUMN note text");
  fx.dialect.restore(c, record);
  CHECK(fx.one("SELECT GROUP_CONCAT(CONCAT(name, COALESCE(note, '-')) ORDER BY name) FROM tags") == "ax,by");
}

TEST_CASE("mysql backup: missing targets fail before anything is copied, long ids fit 64 characters",
          "[mysql][backup]")
{
  Fixture fx;
  auto& c = fx.db.connection();
  CHECK_THROWS_WITH(fx.backup("nope", "", "x", false), Catch::Contains("cannot back up table nope"));
  c.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1)");
  CHECK_THROWS_WITH(fx.backup("t", "w", "x", false), Catch::Contains("cannot back up column t.w"));
  const std::string long_id = "20261121193000-" + std::string(60, 'a') + "-v";
  const auto record = fx.backup("t", "v", long_id, false);
  const auto table = record.location.substr(std::string("strata_backup.").size());
  CHECK(table.size() == 64);
  CHECK(table.rfind(fx.db.name() + "_20261121193000-aaa", 0) == 0);
  // Another long id with the same start gets another table.
  const auto other = fx.backup("t", "v", long_id + "2", false);
  CHECK(other.location != record.location);
  // Unrecorded until the executor has written its catalog row and called backup_recorded.
  const auto comment = [&] {
    return fx.one("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'strata_backup' AND "
                  "TABLE_NAME = '" + table + "'");
  };
  CHECK(comment() == "strata backup " + long_id + " of " + fx.db.name() + ".t.v (unrecorded)");
  fx.dialect.backup_recorded(c, record);
  CHECK(comment() == "strata backup " + long_id + " of " + fx.db.name() + ".t.v");
}

TEST_CASE("mysql backup: the test database's copies go with it", "[mysql][backup]")
{
  std::string name;
  {
    Fixture fx;
    name = fx.db.name();
    fx.db.connection().execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)");
    fx.backup("t", "", "001-t", false);
  }
  MysqlDatabase other;
  CHECK(other.connection()
          .query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'strata_backup' AND "
                 "TABLE_NAME = '" + name + "_001-t'")
          .rows.at(0)
          .at(0)
          .value() == "0");
}
