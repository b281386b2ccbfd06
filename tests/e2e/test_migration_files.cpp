// Issue 13, on the three engines: how migration files are read, split and verified.
// - A NUL byte (where SQLite's and PostgreSQL's client APIs end a statement's text) is refused by
//   every command that reads the folder, naming the file, line and column; nothing runs.
// - Transaction control (COMMIT, ROLLBACK, BEGIN, SAVEPOINT, ...) in any file is refused by apply
//   and rollback before anything runs, and lint reports it as S606.
// - Statements are read with the engine's own lexer: MariaDB's `--1` is not a comment, `#` is,
//   `/*! ... */` holds code; lint sees what the server runs.
// - lint and drift --against migrations verify strata.sum as apply does; so does every other
//   command that reads the folder (SQLite: the check is the same code on every engine).

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

using namespace strata::e2e;
using Rows = std::vector<Row>;
namespace fs = std::filesystem;

namespace {

// Version 1: table t with rows 1, 2, 3 (and u with rows 1, 2), applied (lint replays it too).
void three_rows(DbWorkspace& ws)
{
  apply_hand_written(ws, "1", "rows",
                     "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t (id) VALUES (1), (2), (3);\n"
                     "CREATE TABLE u (id INT PRIMARY KEY);\nINSERT INTO u (id) VALUES (1), (2);\n",
                     "DROP TABLE u;\nDROP TABLE t;\n");
}

// Replays on a scratch database (SQLite: in memory; servers: a temporary database), counts on ws.
ProcessResult lint(const DbWorkspace& ws)
{
  return ws.run("lint", {"--dir", "migrations"});
}

} // namespace

TEMPLATE_TEST_CASE("a NUL byte in a migration file is refused by every command that reads the folder",
                   "[e2e][migration-files][nul]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  three_rows(*ws);
  write_migration(*ws, "2", "nul", std::string("-- cleanup\nDELETE FROM t") + '\0' + " WHERE id = 2;\n", "SELECT 1;\n");
  const std::string where = "2_nul.up.sql:2:14: a NUL byte";
  const std::vector<std::pair<std::string, ProcessResult>> runs{
    {"hash", ws->strata({"hash", "--dir", "migrations"})},
    {"validate", ws->strata({"validate", "--dir", "migrations"})},
    {"apply", ws->run("apply", {"--dir", "migrations", "--yes"})},
    {"status", ws->run("status", {"--dir", "migrations"})},
    {"lint", lint(*ws)},
    {"drift", ws->run("drift", {"--dir", "migrations", "--against", "migrations"})},
  };
  for (const auto& [command, result] : runs) {
    INFO(command << ": " << result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, where));
  }
  CHECK(ws->rows("SELECT count(*) FROM t") == Rows{row({"3"})});
  CHECK(ws->history() == std::vector<std::string>{"1|applied"});

  // In the down file too.
  write_migration(*ws, "2", "nul", "SELECT 1;\n", std::string("DELETE FROM t") + '\0' + ";\n");
  const auto hashed = ws->strata({"hash", "--dir", "migrations"});
  INFO(hashed.describe());
  CHECK(hashed.exit_code == 1);
  CHECK(contains(hashed.err, "2_nul.down.sql:1:14: a NUL byte"));
}

TEMPLATE_TEST_CASE("transaction control in a migration file is refused before anything runs",
                   "[e2e][migration-files][transaction-control]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  write_migration(*ws, "1", "first", "CREATE TABLE t1 (id INT);\n", "DROP TABLE t1;\n");
  // The first two failed on SQLite and PostgreSQL before: t2 was left behind, or (ROLLBACK) the
  // file was recorded as applied without it.
  for (const char* sql : {"CREATE TABLE t2 (id INT);\nCOMMIT;\nCREATE TABLE t3 (id INT);\n",
                          "CREATE TABLE t2 (id INT);\nROLLBACK;\nCREATE TABLE t3 (id INT);\n",
                          "-- strata: no-transaction\nBEGIN;\nCREATE TABLE t2 (id INT);\nCOMMIT;\n",
                          "CREATE TABLE t2 (id INT);\nSAVEPOINT s1;\nCREATE TABLE t3 (id INT);\n"}) {
    INFO(sql);
    write_migration(*ws, "2", "control", sql, "SELECT 1;\n");
    require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
    const auto applied = ws->run("apply", {"--dir", "migrations", "--yes"});
    INFO(applied.describe());
    CHECK(applied.exit_code == 1);
    CHECK(contains(applied.err, "2_control.up.sql:2: statement "));
    CHECK(contains(applied.err, "nothing was run"));
    CHECK_FALSE(ws->table_exists("t1")); // refused before the first pending file ran
    CHECK_FALSE(ws->table_exists("t2"));
    CHECK(ws->history().empty());
    const auto linted = lint(*ws);
    INFO(linted.describe());
    CHECK(linted.exit_code == 1);
    CHECK(contains(linted.out, "2_control.up.sql:2 S606 high transaction"));
  }

  // A down file holding one is refused by rollback, which then changes nothing.
  fs::remove(ws->dir() / "2_control.up.sql");
  fs::remove(ws->dir() / "2_control.down.sql");
  write_migration(*ws, "1", "first", "CREATE TABLE t1 (id INT);\n", "DROP TABLE t1;\nCOMMIT;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations"}), 0);
  const auto rolled = ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"});
  INFO(rolled.describe());
  CHECK(rolled.exit_code == 1);
  CHECK(contains(rolled.err, "1_first.down.sql:2: statement 2 is COMMIT"));
  CHECK(ws->table_exists("t1"));
  CHECK(ws->history() == std::vector<std::string>{"1|applied"});
}

namespace {

// `SELECT 1--1;` then `DELETE FROM t;`: two statements for MariaDB (`--` is a comment only before
// whitespace), which deletes every row, so lint must say S602; one statement for PostgreSQL and
// SQLite (`--1;` is a comment): PostgreSQL runs `SELECT 1 delete FROM t` (DELETE is an alias
// there, nothing is deleted), SQLite refuses it.
const PerEngine<bool> k_dash_s602{false, false, true};
const PerEngine<bool> k_dash_replay_fails{true, false, false};
const PerEngine<int> k_dash_exit{1, 0, 0};
const PerEngine<const char*> k_dash_rows{"3", "3", "0"};

} // namespace

TEMPLATE_TEST_CASE("statements are split and linted with the engine's own lexer", "[e2e][migration-files][lexer]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  three_rows(*ws);
  write_migration(*ws, "2", "dash", "SELECT 1--1;\nDELETE FROM t;\n", "SELECT 1;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto linted = lint(*ws);
  INFO(linted.describe());
  CHECK(contains(linted.out, "2_dash.up.sql:2 S602 high destructive") == k_dash_s602[engine]);
  CHECK(contains(linted.out, "2_dash.up.sql:1 S600 high replay") == k_dash_replay_fails[engine]);
  const auto applied = ws->run("apply", {"--dir", "migrations", "--yes"});
  INFO(applied.describe());
  CHECK(applied.exit_code == k_dash_exit[engine]);
  CHECK(ws->rows("SELECT count(*) FROM t") == Rows{row({k_dash_rows[engine]})});
}

TEST_CASE("MariaDB: version comments run as code and lint reads them, # comments hide a WHERE",
          "[e2e][migration-files][lexer]")
{
  auto ws = engine_of<mysql>().workspace();
  three_rows(*ws);
  write_migration(*ws, "2", "versioned",
                  "/*!40101 CREATE TABLE t2 (id INT) */;\n"
                  "/*M!100500 DELETE FROM t */;\n"
                  "DELETE FROM u # WHERE id = 1\n;\n",
                  "DROP TABLE t2;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  const auto linted = lint(*ws);
  INFO(linted.describe());
  CHECK(contains(linted.out, "2_versioned.up.sql:2 S602 high destructive DELETE from t"));
  CHECK(contains(linted.out, "2_versioned.up.sql:3 S602 high destructive DELETE from u"));
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  CHECK(ws->table_exists("t2"));
  CHECK(ws->rows("SELECT count(*) FROM t") == Rows{row({"0"})});
  CHECK(ws->rows("SELECT count(*) FROM u") == Rows{row({"0"})});
}

TEMPLATE_TEST_CASE("lint and drift against migrations refuse a folder that no longer matches strata.sum",
                   "[e2e][migration-files][sum]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "1", "a", "CREATE TABLE a (id INT);\n", "DROP TABLE a;\n");
  apply_hand_written(*ws, "2", "b", "CREATE TABLE b (id INT);\n", "DROP TABLE b;\n");
  const auto drift = [&] { return ws->run("drift", {"--dir", "migrations", "--against", "migrations"}); };
  require_exit(lint(*ws), 0);
  require_exit(drift(), 0);

  const auto dir = ws->dir();
  const auto sum = read_text(dir / "strata.sum");
  const auto a_up = read_text(dir / "1_a.up.sql");
  const auto b_down = read_text(dir / "2_b.down.sql");
  const std::vector<std::pair<std::string, std::function<void()>>> tamperings{
    {"edited file", [&] { write_text(dir / "1_a.up.sql", a_up + "-- edited\n"); }},
    {"added file", [&] { write_text(dir / "3_c.up.sql", "CREATE TABLE c (id INT);\n"); }},
    {"removed file", [&] { fs::remove(dir / "2_b.down.sql"); }},
    {"renamed file",
     [&] {
       fs::rename(dir / "2_b.up.sql", dir / "2_bb.up.sql");
       fs::rename(dir / "2_b.down.sql", dir / "2_bb.down.sql");
     }},
    {"edited sum", [&] { write_text(dir / "strata.sum", sum + "extra.up.sql h1:00\n"); }},
  };
  for (const auto& [what, tamper] : tamperings) {
    tamper();
    for (const auto& result : {lint(*ws), drift()}) {
      INFO(what << ": " << result.describe());
      CHECK(result.exit_code == 1);
      CHECK(contains(result.err, "does not match strata.sum"));
    }
    // Restore the folder as it was.
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
      files.push_back(entry.path());
    }
    for (const auto& file : files) {
      fs::remove(file);
    }
    write_text(dir / "strata.sum", sum);
    write_text(dir / "1_a.up.sql", a_up);
    write_text(dir / "1_a.down.sql", "DROP TABLE a;\n");
    write_text(dir / "2_b.up.sql", "CREATE TABLE b (id INT);\n");
    write_text(dir / "2_b.down.sql", b_down);
  }
  require_exit(lint(*ws), 0);
}

TEST_CASE("every command that reads the migrations folder refuses one that no longer matches strata.sum",
          "[e2e][migration-files][sum]")
{
  auto ws = engine_of<sqlite>().workspace();
  apply_hand_written(*ws, "1", "a", "CREATE TABLE a (id INT PRIMARY KEY, note TEXT);\nINSERT INTO a VALUES (1, 'x');\n",
                     "DROP TABLE a;\n");
  write_migration(*ws, "2", "drop_note", "-- strata: backup a.note\n\nALTER TABLE a DROP COLUMN note;\n",
                  "ALTER TABLE a ADD COLUMN note TEXT;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  ws->write("schema.yaml", "version: 1\ntables:\n  - name: a\n    columns:\n      - { name: id, type: INT }\n"
                           "    primary_key: [id]\n");
  const auto history = ws->history();
  const auto dump = ws->schema_dump();
  const auto up = ws->dir() / "1_a.up.sql";
  write_text(up, read_text(up) + "DELETE FROM a;\n"); // edited after it was hashed and applied
  const std::string edited = "1_a.up.sql was edited: it no longer matches strata.sum";

  // Refused before anything is read from or done to the database, in apply's words.
  const std::vector<std::vector<std::string>> refusing{
    {"apply", "--yes"},
    {"apply", "--dry-run"},
    {"rollback", "--steps", "1", "--yes"},
    {"repair"},
    {"repair", "--continue", "--yes"},
    {"repair", "--resolved", "--yes"},
    {"repair", "--rolled-back", "--yes"},
    {"repair", "--accept", "1", "--yes"},
    {"history"},
    {"backup", "list"},
    {"backup", "restore", "2-a-note", "--yes"},
    {"backup", "prune", "--keep", "0", "--yes"},
    {"backup", "prune", "--keep", "0", "--dry-run"},
  };
  for (auto args : refusing) {
    const auto command = args.front();
    args.erase(args.begin());
    args.insert(args.end(), {"--dir", "migrations"});
    const auto result = ws->run(command, args);
    INFO(command << " " << args.front() << ": " << result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "error: migration folder migrations does not match strata.sum:"));
    CHECK(contains(result.err, edited));
  }
  // status and verify report it as a problem of the folder (exit 1).
  for (const auto& command : {"status", "verify"}) {
    const auto result = ws->run(command, {"--dir", "migrations"});
    INFO(command << ": " << result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out + result.err, edited));
  }
  CHECK(ws->history() == history);
  CHECK(ws->schema_dump() == dump);
  CHECK(ws->rows("SELECT count(*) FROM a") == Rows{row({"1"})});
  CHECK(fs::exists(ws->path(".strata/backups/2-a-note.sqlite")));
}
