// What a killed backup leaves never blocks a later apply, and backup ids never collide with a
// copy already present (a shared backup folder, a database deleted and applied again).
#include "tests/unit/migrations/sqlite/executor_fixture.hpp"

#include "dialects/backup_common.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace strata;
using namespace strata::migrations;
using strata::test::ExecutorFixture;

namespace {

void write_drop_bio(ExecutorFixture& fx)
{
  fx.file("001_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, bio TEXT);\n"
                              "INSERT INTO users VALUES (1, 'first'), (2, 'second');\n");
  fx.file("002_drop_bio.up.sql", "-- strata: backup users.bio\n\nALTER TABLE users DROP COLUMN bio;\n");
  fx.file("002_drop_bio.down.sql", "ALTER TABLE users ADD COLUMN bio TEXT;\n");
  fx.reload();
}

ExecutorOptions approved()
{
  ExecutorOptions options;
  options.yes = true;
  return options;
}

// The first `bytes` bytes of a real SQLite file: what a copy killed halfway leaves.
void write_partial_copy(const std::filesystem::path& from, const std::filesystem::path& to, std::size_t bytes)
{
  std::ifstream in(from, std::ios::binary);
  std::string data(bytes, '\0');
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  std::ofstream(to, std::ios::binary).write(data.data(), in.gcount());
}

bool mentions(const std::vector<std::string>& lines, const std::string& text)
{
  return std::any_of(lines.begin(), lines.end(), [&](const auto& line) { return line.find(text) != std::string::npos; });
}

// The sorted names of the files in `dir`.
std::vector<std::string> file_names(const std::filesystem::path& dir)
{
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The tag this database's partial backup files carry (dialects/sqlite/backup.cpp).
std::string our_tag(const ExecutorFixture& fx)
{
  std::error_code ignored;
  return dialects::short_hash(std::filesystem::weakly_canonical(fx.dir / "app.db", ignored).string());
}

} // namespace

TEST_CASE("a partial backup file of a killed apply does not block the next apply", "[migrations][backup][kill]")
{
  ExecutorFixture fx;
  write_drop_bio(fx);
  fx.executor().apply(std::string("001"), false);
  // Before backups went through a temporary name a kill mid-copy left a truncated
  // <id>.sqlite (and its journal); every later apply failed on "backup file ... already exists".
  const auto backups = fx.dir / "backups";
  std::filesystem::create_directories(backups);
  write_partial_copy(fx.dir / "app.db", backups / "002-users-bio.sqlite", 1024);
  write_partial_copy(fx.dir / "app.db", backups / "002-users-bio.sqlite-journal", 512);

  const auto result = fx.executor(approved()).apply(std::nullopt, false);
  REQUIRE(result.backups == std::vector<std::string>{"002-users-bio-2"});
  auto executor = fx.executor(approved());
  const auto record = executor.backups().at(0);
  CHECK(record.location == (backups / "002-users-bio-2.sqlite").string());
  CHECK(record.rows == 2);
  executor.rollback(std::nullopt, 1, false);
  executor.restore_backup("002-users-bio-2");
  CHECK(fx.count("SELECT count(*) FROM users WHERE bio IS NOT NULL") == 2);
}

TEST_CASE("a killed backup's temporary file is named in status and replaced by the next apply",
          "[migrations][backup][kill]")
{
  ExecutorFixture fx;
  write_drop_bio(fx);
  fx.executor().apply(std::string("001"), false);
  // A kill during the copy leaves <id>.<tag of this database>.part and its journal, never an
  // <id>.sqlite; another database's partial copy in the same folder carries its own tag.
  const auto backups = fx.dir / "backups";
  std::filesystem::create_directories(backups);
  const auto ours = backups / ("002-users-bio." + our_tag(fx) + ".part");
  const auto theirs = backups / "002-users-bio.0badcafe.part";
  write_partial_copy(fx.dir / "app.db", ours, 2048);
  write_partial_copy(fx.dir / "app.db", ours.string() + "-journal", 512);
  write_partial_copy(fx.dir / "app.db", theirs, 2048);

  const auto status = fx.executor().status();
  CHECK(status.ok());
  REQUIRE(status.leftover_backups.size() == 1);
  CHECK(mentions(status.leftover_backups, ours.string() + ": an unrecorded backup 002-users-bio left by an "
                                                          "interrupted run"));

  const auto result = fx.executor(approved()).apply(std::nullopt, false);
  CHECK(mentions(fx.progress, "removed " + ours.string() + ": an unrecorded backup 002-users-bio left by an "
                                                           "interrupted run"));
  CHECK_FALSE(std::filesystem::exists(ours));
  CHECK_FALSE(std::filesystem::exists(ours.string() + "-journal"));
  CHECK(std::filesystem::exists(theirs)); // possibly still being written by the other database's apply
  // The id the other database's copy has is not taken either.
  REQUIRE(result.backups == std::vector<std::string>{"002-users-bio-2"});
  CHECK(std::filesystem::exists(backups / "002-users-bio-2.sqlite"));
  CHECK(fx.executor().status().leftover_backups.empty());
  // Nothing but finished files and the other database's copy remain.
  CHECK(file_names(backups) == std::vector<std::string>{"002-users-bio-2.sqlite", "002-users-bio.0badcafe.part"});
}

TEST_CASE("a backup killed between its finished file and its catalog row is removed by the next apply",
          "[migrations][backup][kill]")
{
  ExecutorFixture fx;
  write_drop_bio(fx);
  fx.executor().apply(std::string("001"), false);
  // What the dialect's backup leaves when the process dies before the executor records it: the
  // finished <id>.sqlite, still linked to this database's <id>.<tag>.part name.
  const auto backups = fx.dir / "backups";
  const auto killed = fx.dialect.backup(*fx.connection, {{"", "users"}, "bio", {}}, backups, "002-users-bio");
  const auto part = backups / ("002-users-bio." + our_tag(fx) + ".part");
  REQUIRE(std::filesystem::equivalent(part, killed.location));
  // A finished file of another database (no .part of ours beside it) is never ours to remove.
  std::filesystem::copy_file(killed.location, backups / "001-other.sqlite");

  const auto status = fx.executor().status();
  REQUIRE(status.leftover_backups.size() == 1); // the unrecorded copy once, by its .part name
  CHECK(mentions(status.leftover_backups, part.string() + ": an unrecorded backup 002-users-bio left by an "
                                                          "interrupted run"));

  const auto result = fx.executor(approved()).apply(std::nullopt, false);
  REQUIRE(result.backups == std::vector<std::string>{"002-users-bio-2"});
  CHECK(mentions(fx.progress, "removed " + part.string() + ": an unrecorded backup 002-users-bio left by an "
                                                           "interrupted run"));
  // The recorded backup lost its .part name once its catalog row was written.
  CHECK(file_names(backups) == std::vector<std::string>{"001-other.sqlite", "002-users-bio-2.sqlite"});
  CHECK(fx.executor().status().leftover_backups.empty());
}

TEST_CASE("databases sharing one backup folder, or a database deleted and applied again, get their own backups",
          "[migrations][backup]")
{
  ExecutorFixture fx;
  write_drop_bio(fx);
  REQUIRE(fx.executor(approved()).apply(std::nullopt, false).backups == std::vector<std::string>{"002-users-bio"});

  // A second database applying the same folder (same default backup folder).
  const auto other_url = dialects::DbUrl::parse("sqlite:" + (fx.dir / "other.db").string());
  auto other = fx.dialect.connect(other_url);
  ExecutorOptions options = approved();
  options.backup_dir = fx.dir / "backups";
  Executor second(*other, fx.dialect, other_url, fx.directory, options);
  REQUIRE(second.apply(std::nullopt, false).backups == std::vector<std::string>{"002-users-bio-2"});
  CHECK(second.backups().at(0).location == (fx.dir / "backups" / "002-users-bio-2.sqlite").string());
  second.rollback(std::nullopt, 1, false);
  second.restore_backup("002-users-bio-2");
  CHECK(other->query("SELECT group_concat(bio, ',') FROM (SELECT bio FROM users ORDER BY id)").rows.at(0).at(0) ==
        "first,second");

  // app.db deleted and applied again: the first backup file stays, the new one gets another id.
  fx.connection.reset();
  std::filesystem::remove(fx.dir / "app.db");
  fx.connection = fx.dialect.connect(fx.url);
  fx.connection->execute("SELECT 1");
  REQUIRE(fx.executor(approved()).apply(std::nullopt, false).backups == std::vector<std::string>{"002-users-bio-3"});
  CHECK(std::filesystem::exists(fx.dir / "backups" / "002-users-bio.sqlite"));
  CHECK(fx.executor().backups().size() == 1);
}
