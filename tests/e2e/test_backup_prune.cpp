// `strata backup prune`: old backups go with their copies (SQLite files, PostgreSQL strata_backup
// tables, MariaDB strata_backup tables of this database only) and their catalog rows, after a
// confirmation; a catalog row that does not point at its own copy is refused, saying what is left.
// SQLite keeps backups and the migration lock in `.strata/`, which git ignores.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

using namespace strata::e2e;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Applies version `version`, which drops notes.<column> after backing it up.
void drop_with_backup(DbWorkspace& ws, const std::string& version, const std::string& column)
{
  const std::string up = "-- strata: backup notes." + column + "\nALTER TABLE notes DROP COLUMN " + column + ";\n";
  write_migration(ws, version, "drop_" + column, up, "ALTER TABLE notes ADD COLUMN " + column + " varchar(50);\n");
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
}

// Backups 1-notes-body and, a second later (created_at counts whole seconds), 2-notes-title.
void take_two_backups(DbWorkspace& ws)
{
  ws.exec("CREATE TABLE notes (id integer PRIMARY KEY, title varchar(50), body varchar(50))");
  ws.exec("INSERT INTO notes (id, title, body) VALUES (1, 'a', 'x'), (2, 'b', 'y')");
  drop_with_backup(ws, "1", "body");
  std::this_thread::sleep_for(1100ms);
  drop_with_backup(ws, "2", "title");
}

// id -> location, from the catalog.
std::vector<std::pair<std::string, std::string>> catalog(DbWorkspace& ws)
{
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : ws.rows("SELECT id, location FROM strata_schema_backups ORDER BY id")) {
    out.emplace_back(r.at(0).value_or(""), r.at(1).value_or(""));
  }
  return out;
}

// The copy a catalog location names: a table of strata_backup on a server, else a file.
bool copy_exists(DbWorkspace& ws, const std::string& location)
{
  const std::string prefix = "strata_backup.";
  if (location.rfind(prefix, 0) != 0) {
    return fs::exists(location);
  }
  const auto found = ws.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'strata_backup' "
                               "AND table_name = '" + location.substr(prefix.size()) + "'");
  return found.value_or("0") == "1";
}

std::vector<std::string> ids(const std::vector<std::pair<std::string, std::string>>& rows)
{
  std::vector<std::string> out;
  for (const auto& [id, location] : rows) {
    out.push_back(id);
  }
  return out;
}

} // namespace

TEMPLATE_TEST_CASE("backup prune removes old backups with their copies and leaves other databases' backups",
                   "[e2e][backup][prune]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  take_two_backups(*ws);
  auto other = engine.workspace(); // another database of the same server, with a backup of its own
  other->exec("CREATE TABLE notes (id integer PRIMARY KEY, title varchar(50), body varchar(50))");
  other->exec("INSERT INTO notes (id, title, body) VALUES (1, 'c', 'z')");
  drop_with_backup(*other, "1", "body");
  const auto before = catalog(*ws);
  const auto theirs = catalog(*other);
  REQUIRE(ids(before) == std::vector<std::string>{"1-notes-body", "2-notes-title"});
  REQUIRE(theirs.size() == 1);
  for (const auto& [id, location] : before) {
    REQUIRE(copy_exists(*ws, location));
  }

  // Without a terminal and without --yes: refused (exit 3), nothing removed.
  const auto refused = ws->run("backup", {"prune", "--dir", "migrations", "--keep", "1"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  CHECK(contains(refused.err, "1-notes-body"));
  CHECK(catalog(*ws) == before);

  // A dry run lists what would go and changes nothing.
  const auto dry = ws->run("backup", {"prune", "--dir", "migrations", "--keep", "1", "--dry-run"});
  require_exit(dry, 0);
  CHECK(contains(dry.out, "1-notes-body"));
  CHECK_FALSE(contains(dry.out, "2-notes-title"));
  CHECK(contains(dry.out, "would remove 1 backup of "));
  CHECK(catalog(*ws) == before);

  // Bad or missing rules are usage errors naming the value; young backups are not old enough.
  const auto bad = ws->run("backup", {"prune", "--dir", "migrations", "--older-than", "1x", "--yes"});
  CHECK(bad.exit_code != 0);
  CHECK(contains(bad.err, "--older-than '1x' is not an age"));
  const auto none = ws->run("backup", {"prune", "--dir", "migrations", "--yes"});
  CHECK(none.exit_code != 0);
  CHECK(contains(none.err, "--older-than AGE, --keep N, or both"));
  const auto young = ws->run("backup", {"prune", "--dir", "migrations", "--older-than", "30d", "--yes"});
  require_exit(young, 0);
  CHECK(contains(young.out, "no backups to prune in "));
  CHECK(catalog(*ws) == before);

  // --keep 1: the older backup goes, copy and row; the newer one stays whole.
  const auto pruned = ws->run("backup", {"prune", "--dir", "migrations", "--keep", "1", "--yes"});
  require_exit(pruned, 0);
  INFO(pruned.describe());
  CHECK(contains(pruned.out, "removed 1 backup of "));
  CHECK(contains(pruned.err, "removed backup 1-notes-body"));
  CHECK(ids(catalog(*ws)) == std::vector<std::string>{"2-notes-title"});
  CHECK_FALSE(copy_exists(*ws, before[0].second));
  CHECK(copy_exists(*ws, before[1].second));
  const auto listing = ws->run("backup", {"list", "--dir", "migrations"});
  require_exit(listing, 0);
  CHECK_FALSE(contains(listing.out, "1-notes-body"));
  CHECK(contains(listing.out, "2-notes-title"));

  // --keep 0 empties the catalog; the other database's backup is untouched.
  require_exit(ws->run("backup", {"prune", "--dir", "migrations", "--keep", "0", "--yes"}), 0);
  CHECK(catalog(*ws).empty());
  CHECK_FALSE(copy_exists(*ws, before[1].second));
  CHECK(catalog(*other) == theirs);
  CHECK(copy_exists(*other, theirs[0].second));
  const auto their_listing = other->run("backup", {"list", "--dir", "migrations"});
  require_exit(their_listing, 0);
  CHECK(contains(their_listing.out, theirs[0].first));
}

TEMPLATE_TEST_CASE("backup prune refuses a catalog row that points at another copy and says what is left",
                   "[e2e][backup][prune]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  take_two_backups(*ws);
  const auto before = catalog(*ws);
  REQUIRE(before.size() == 2);
  // The newer row now names the older backup's copy (an edited catalog, or one from elsewhere).
  ws->exec("UPDATE strata_schema_backups SET location = '" + before[0].second + "' WHERE id = '2-notes-title'");

  const auto result = ws->run("backup", {"prune", "--dir", "migrations", "--keep", "0", "--yes"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "removed 1 of 2 backups (1-notes-body); removing backup 2-notes-title failed"));
  CHECK(contains(result.err, "not removing it"));
  CHECK(contains(result.err, "its copy and catalog row are unchanged"));
  CHECK(ids(catalog(*ws)) == std::vector<std::string>{"2-notes-title"});
  CHECK_FALSE(copy_exists(*ws, before[0].second));
  CHECK(copy_exists(*ws, before[1].second)); // its real copy was never touched
}

TEST_CASE("SQLite keeps backups and the migration lock in .strata/, which git ignores", "[e2e][backup][sqlite]")
{
  auto ws = engine_by_id(EngineId::sqlite).workspace();
  take_two_backups(*ws);
  const auto strata_folder = ws->root() / ".strata";
  CHECK(fs::exists(strata_folder / "backups" / "1-notes-body.sqlite"));
  CHECK(fs::exists(strata_folder / "app.db.lock"));
  CHECK_FALSE(fs::exists(ws->root() / "app.db.strata-lock"));
  CHECK(contains(read_text(strata_folder / ".gitignore"), "\n*\n"));

  // In a git work tree nothing under .strata/ is ever offered for a commit.
  require_exit(run_process({"/usr/bin/git", "init", "-q", ws->root().string()}), 0);
  const auto status = run_process({"/usr/bin/git", "-C", ws->root().string(), "status", "--porcelain",
                                   "--untracked-files=all"});
  require_exit(status, 0);
  CHECK(contains(status.out, "migrations/1_drop_body.up.sql"));
  CHECK_FALSE(contains(status.out, ".strata"));
}
