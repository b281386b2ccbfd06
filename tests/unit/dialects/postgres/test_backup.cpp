// PostgreSQL backups before destructive steps: copies in the strata_backup schema (or a file of an
// explicit folder), verified by count, restored by key.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "tests/support/postgres_database.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace strata;
using strata::test::PostgresDatabase;

namespace {

std::string one(dialects::Connection& c, const std::string& sql)
{
  return c.query(sql).rows.at(0).at(0).value_or("NULL");
}

void seed(dialects::Connection& c)
{
  c.execute("CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, "
            "bio text, n numeric(10,2))");
  c.execute("INSERT INTO users (email, bio, n) VALUES ('a@x', 'first', 1.5), ('b@x', NULL, 2), ('c@x', 'it''s', 3)");
}

} // namespace

TEST_CASE("postgres: a dropped table is backed up in strata_backup and its rows restored", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  seed(c);
  const auto record = dialect.backup(c, {{"", "users"}, "", {}}, {}, "20261121-users");
  CHECK(record.location == "strata_backup.20261121-users");
  CHECK(record.rows == 3);
  CHECK(record.target.key_columns == std::vector<std::string>{"id"});
  CHECK(one(c, "SELECT count(*) FROM strata_backup.\"20261121-users\"") == "3");

  // Restoring into a missing table fails clearly.
  c.execute("DROP TABLE users");
  CHECK_THROWS_WITH(dialect.restore(c, record), Catch::Contains("table users does not exist"));
  // Re-created (as a rollback would) with one row already back: only the missing rows are inserted.
  c.execute("CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, "
            "bio text, n numeric(10,2))");
  c.execute("INSERT INTO users (id, email) OVERRIDING SYSTEM VALUE VALUES (2, 'kept')");
  dialect.restore(c, record);
  CHECK(one(c, "SELECT count(*) FROM users") == "3");
  CHECK(one(c, "SELECT email FROM users WHERE id = 2") == "kept");
  CHECK(one(c, "SELECT bio || '/' || n FROM users WHERE id = 3") == "it's/3.00");
}

TEST_CASE("postgres: a dropped column is backed up by key and refilled", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  seed(c);
  const auto record = dialect.backup(c, {{"", "users"}, "bio", {}}, {}, "v1-users-bio");
  CHECK(record.rows == 3);
  CHECK(one(c, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
               "'strata_backup.\"v1-users-bio\"'::regclass AND attnum > 0") == "id,bio");
  c.execute("ALTER TABLE users DROP COLUMN bio");
  CHECK_THROWS_WITH(dialect.restore(c, record), Catch::Contains("column users.bio does not exist"));
  c.execute("ALTER TABLE users ADD COLUMN bio text");
  dialect.restore(c, record);
  CHECK(one(c, "SELECT string_agg(coalesce(bio, '-'), ',' ORDER BY id) FROM users") == "first,-,it's");
}

TEST_CASE("postgres: with an explicit folder the copy is a file, restored the same way", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  seed(c);
  const auto dir = std::filesystem::temp_directory_path() / ("strata-pg-backup-" + db.name());
  std::filesystem::remove_all(dir);
  const auto table = dialect.backup(c, {{"", "users"}, "", {}}, dir, "t1");
  const auto column = dialect.backup(c, {{"", "users"}, "n", {}}, dir, "c1");
  CHECK(table.location == (dir / "t1.jsonl").string());
  CHECK(table.rows == 3);
  CHECK(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'strata_backup'") == "0");
  c.execute("UPDATE users SET n = NULL; DELETE FROM users WHERE id = 1");
  dialect.restore(c, table);
  dialect.restore(c, column);
  CHECK(one(c, "SELECT string_agg(email || ':' || coalesce(bio, '-') || ':' || n, ',' ORDER BY id) FROM users") ==
        "a@x:first:1.50,b@x:-:2.00,c@x:it's:3.00");
  std::filesystem::remove_all(dir);
}

TEST_CASE("postgres: a key column backed up by itself is selected once and matched by the other columns",
          "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  c.execute("CREATE TABLE codes (code bigint PRIMARY KEY, label text NOT NULL, extra text)");
  c.execute("INSERT INTO codes VALUES (5000000000, 'big', 'x'), (7, 'small', NULL)");
  // The primary-key column itself is narrowed/dropped: it is not its own key.
  const auto record = dialect.backup(c, {{"", "codes"}, "code", {"code"}}, {}, "v2-codes-code");
  CHECK(record.rows == 2);
  CHECK(record.target.key_columns == std::vector<std::string>{"label", "extra"});
  CHECK(one(c, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
               "'strata_backup.\"v2-codes-code\"'::regclass AND attnum > 0") == "label,extra,code");
  c.execute("ALTER TABLE codes DROP COLUMN code");
  c.execute("ALTER TABLE codes ADD COLUMN code bigint");
  dialect.restore(c, record);
  CHECK(one(c, "SELECT string_agg(label || '=' || code, ',' ORDER BY label) FROM codes") == "big=5000000000,small=7");

  // The same through a file.
  const auto dir = std::filesystem::temp_directory_path() / ("strata-pg-backup-key-" + db.name());
  std::filesystem::remove_all(dir);
  const auto file = dialect.backup(c, {{"", "codes"}, "code", {}}, dir, "f1");
  c.execute("UPDATE codes SET code = NULL");
  dialect.restore(c, file);
  CHECK(one(c, "SELECT string_agg(label || '=' || code, ',' ORDER BY label) FROM codes") == "big=5000000000,small=7");
  std::filesystem::remove_all(dir);
}

TEST_CASE("postgres: a copy holds enum values as text, so the enum can be dropped after the table", "[postgres]")
{
  PostgresDatabase db;
  const auto& dialect = dialects::dialect_for("postgres");
  auto& c = db.connection();
  const char* create = "CREATE TYPE country AS ENUM ('us', 'jp'); CREATE DOMAIN short_code AS varchar(3); "
                       "CREATE TABLE users (id int PRIMARY KEY, home country NOT NULL, visited country[], "
                       "code short_code)";
  c.execute(create);
  c.execute("INSERT INTO users VALUES (1, 'jp', '{us,jp}', 'abc'), (2, 'us', NULL, NULL)");
  const auto table = dialect.backup(c, {{"", "users"}, "", {}}, {}, "down-users");
  const auto column = dialect.backup(c, {{"", "users"}, "home", {}}, {}, "down-users-home");
  // What a down file does after the backup: the table, then its types.
  c.execute("DROP TABLE users; DROP TYPE country; DROP DOMAIN short_code");

  c.execute(create);
  dialect.restore(c, table);
  CHECK(one(c, "SELECT string_agg(id || ':' || home || ':' || coalesce(visited::text, '-') || ':' || "
               "coalesce(code, '-'), ',' ORDER BY id) FROM users") == "1:jp:{us,jp}:abc,2:us:-:-");
  c.execute("UPDATE users SET home = 'us'");
  dialect.restore(c, column);
  CHECK(one(c, "SELECT string_agg(home::text, ',' ORDER BY id) FROM users") == "jp,us");
}
