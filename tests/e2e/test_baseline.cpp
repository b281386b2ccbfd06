// Issue 12 §1 on the three engines: adopting databases that already hold a schema. `strata
// baseline` turns a hand-made database with rows into schema.yaml plus a baseline migration
// recorded there without running it; the usual flow (edit, plan, apply) and every replay (verify,
// lint, drift --against migrations) build on it; a second database holding the same schema is
// adopted with `apply --baseline`, one whose schema differs is refused with the difference; a
// deliberate edit of an applied file is accepted with `repair --accept`.

#include "tests/e2e/support/engine.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

// A hand-made schema: keys, a unique index, a foreign key, a default, a check, an index and a view.
const PerEngine<std::vector<std::string>> k_hand_made{
  {"CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT)",
   "CREATE UNIQUE INDEX users_email_idx ON users (email)",
   "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), "
   "title TEXT NOT NULL DEFAULT 'untitled', CONSTRAINT posts_title_check CHECK (length(title) > 0))",
   "CREATE INDEX posts_user_idx ON posts (user_id)",
   "CREATE VIEW post_titles AS SELECT id, title FROM posts"},
  {"CREATE TABLE users (id integer PRIMARY KEY, email varchar(255) NOT NULL, name text)",
   "CREATE UNIQUE INDEX users_email_idx ON users (email)",
   "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), "
   "title text NOT NULL DEFAULT 'untitled', CONSTRAINT posts_title_check CHECK (length(title) > 0))",
   "CREATE INDEX posts_user_idx ON posts (user_id)",
   "CREATE VIEW post_titles AS SELECT id, title FROM posts"},
  {"CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL, name TEXT)",
   "CREATE UNIQUE INDEX users_email_idx ON users (email)",
   "CREATE TABLE posts (id INT PRIMARY KEY, user_id INT NOT NULL, title VARCHAR(200) NOT NULL DEFAULT 'untitled', "
   "CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id), "
   "CONSTRAINT posts_title_check CHECK (char_length(title) > 0))",
   "CREATE INDEX posts_user_idx ON posts (user_id)",
   "CREATE VIEW post_titles AS SELECT id, title FROM posts"}};

const std::vector<std::string> k_rows{"INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')",
                                      "INSERT INTO users (id, email, name) VALUES (2, 'bob@example.com', NULL)",
                                      "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello')"};

// The hand-made database: the schema above, with rows.
void make_by_hand(DbWorkspace& ws)
{
  for (const auto& sql : k_hand_made[ws.engine()]) {
    ws.exec(sql);
  }
  for (const auto& sql : k_rows) {
    ws.exec(sql);
  }
}

// schema.yaml gains a table that references users.
void add_tags_table(Workspace& ws)
{
  auto yaml = ws.read("schema.yaml");
  const auto tables = yaml.find("tables:\n");
  REQUIRE(tables != std::string::npos);
  yaml.insert(tables + 8, "  - name: tags\n"
                          "    columns:\n"
                          "      - {name: id, type: integer, nullable: false}\n"
                          "      - {name: user_id, type: integer}\n"
                          "      - {name: label, type: varchar(40), nullable: false}\n"
                          "    primary_key: [id]\n"
                          "    foreign_keys:\n"
                          "      - {name: tags_user_fk, columns: [user_id], references: {table: users, columns: [id]}}\n");
  ws.write("schema.yaml", yaml);
}

// schema_dump() without strata's own tables (listed on SQLite).
std::string user_schema(DbWorkspace& ws)
{
  std::string out;
  std::istringstream lines(ws.schema_dump());
  for (std::string line; std::getline(lines, line);) {
    if (!contains(line, "strata_")) {
      out += line + "\n";
    }
  }
  return out;
}

std::string version_of(const std::filesystem::path& file)
{
  const auto name = file.filename().string();
  return name.substr(0, name.find('_'));
}

} // namespace

TEMPLATE_TEST_CASE("a hand-made database is adopted by baseline and other databases by apply --baseline",
                   "[e2e][baseline]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  make_by_hand(*ws);
  const auto schema_before = user_schema(*ws);

  // baseline: schema.yaml, the baseline files and strata.sum, and a history row; nothing ran.
  const auto baseline = ws->run("baseline");
  require_exit(baseline, 0);
  CHECK(contains(baseline.out, "schema.yaml"));
  const auto up = ws->migration_file_ending("_baseline.up.sql");
  const auto down = ws->migration_file_ending("_baseline.down.sql");
  const auto v1 = version_of(up);
  const auto up_sql = read_text(up);
  CHECK(contains(up_sql, "-- strata: baseline\n"));
  CHECK(contains(up_sql, "\"users\"") != contains(up_sql, "`users`")); // quoted by the engine's rules
  CHECK(contains(read_text(down), "-- strata: baseline\n"));
  CHECK(ws->history() == std::vector<std::string>{v1 + "|baselined"});
  CHECK(user_schema(*ws) == schema_before);
  CHECK(ws->count("users") == 2);
  CHECK(ws->count("posts") == 1);

  // The round trip: the folder describes the database, plan against it is empty.
  require_exit(ws->run("plan", {"--dry-run"}), 0);
  require_exit(ws->run("status"), 0);

  // A baseline is made once: a folder with migrations is refused, naming what to do instead.
  const auto again = ws->run("baseline", {"--force"});
  INFO(again.describe());
  CHECK(again.exit_code == 1);
  CHECK(contains(again.err, "apply --baseline"));

  // The everyday flow on top of it: edit, plan, apply.
  add_tags_table(*ws);
  require_exit(ws->run("plan", {"--name", "tags"}), 2);
  const auto v2 = version_of(ws->migration_file_ending("_tags.up.sql"));
  require_exit(ws->run("apply"), 0);
  CHECK(ws->table_exists("tags"));
  CHECK(ws->history() == std::vector<std::string>{v1 + "|baselined", v2 + "|applied"});

  // Every replay starts from the baseline: all clean.
  const auto verify = ws->run("verify");
  INFO(verify.describe());
  CHECK(verify.exit_code == 0);
  const auto lint = ws->run("lint");
  INFO(lint.describe());
  CHECK(lint.exit_code == 0);
  const auto drift = ws->run("drift", {"--against", "migrations"});
  INFO(drift.describe());
  CHECK(drift.exit_code == 0);
  CHECK(contains(drift.out, "in sync with migrations applied up to " + v2));
  require_exit(ws->run("drift"), 0); // and against schema.yaml

  // Rollback stops above the baseline: rolling it back would drop the whole schema.
  const auto below = ws->run("rollback", {"--steps", "2", "--yes"});
  INFO(below.describe());
  CHECK(below.exit_code == 3);
  CHECK(contains(below.err, "baseline"));
  CHECK(ws->history() == std::vector<std::string>{v1 + "|baselined", v2 + "|applied"});

  // Another database holding the same schema (staging): proven, recorded up to v1, then v2 applied.
  auto staging = engine.workspace();
  make_by_hand(*staging);
  const auto adopted = ws->strata({"apply", "--baseline", v1, "--db", staging->url()});
  require_exit(adopted, 0);
  CHECK(contains(adopted.out, up.filename().string()));
  CHECK(staging->history() == std::vector<std::string>{v1 + "|baselined", v2 + "|applied"});
  CHECK(staging->table_exists("tags"));
  CHECK(staging->count("users") == 2);
  require_exit(ws->strata({"drift", "--against", "migrations", "--db", staging->url()}), 0);
  // Only once: a database with history is refused.
  const auto twice = ws->strata({"apply", "--baseline", v1, "--db", staging->url()});
  INFO(twice.describe());
  CHECK(twice.exit_code == 1);
  CHECK(contains(twice.err, "already has 2 migration(s)"));

  // A database whose schema differs (an index missing, a column added by hand): refused with the
  // differences, nothing recorded or applied.
  auto production = engine.workspace();
  make_by_hand(*production);
  production->exec(engine.id == EngineId::mysql ? "DROP INDEX users_email_idx ON users" : "DROP INDEX users_email_idx");
  production->exec("ALTER TABLE users ADD COLUMN legacy_code integer");
  const auto production_before = user_schema(*production);
  const auto refused = ws->strata({"apply", "--baseline", v1, "--db", production->url(), "--yes"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  CHECK(contains(refused.out, "column users.legacy_code"));
  CHECK(contains(refused.out, "users_email_idx"));
  CHECK(contains(refused.err, "nothing was recorded"));
  CHECK(production->history().empty());
  CHECK_FALSE(production->table_exists("tags"));
  CHECK(user_schema(*production) == production_before);

  // A version that is not in the folder is refused before anything happens.
  const auto unknown = ws->strata({"apply", "--baseline", "42", "--db", production->url()});
  INFO(unknown.describe());
  CHECK(unknown.exit_code == 1);
  CHECK(contains(unknown.err, "no migration with version 42"));
}

TEMPLATE_TEST_CASE("baseline refuses without writing anything", "[e2e][baseline]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  make_by_hand(*ws);

  // An existing schema file is kept unless --force.
  ws->write("schema.yaml", "version: 1\ntables: []\n");
  const auto kept = ws->run("baseline");
  INFO(kept.describe());
  CHECK(kept.exit_code == 1);
  CHECK(contains(kept.err, "--force"));
  CHECK(ws->read("schema.yaml") == "version: 1\ntables: []\n");
  CHECK(ws->migration_files().empty());
  CHECK(ws->history().empty());

  // A database that already has history is refused; no file is written.
  apply_hand_written(*ws, "1", "extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n", "DROP TABLE extra;\n");
  const auto adopted = ws->run("baseline", {"--force", "--dir", "fresh"});
  INFO(adopted.describe());
  CHECK(adopted.exit_code == 1);
  CHECK(contains(adopted.err, "already has 1 migration(s)"));
  CHECK_FALSE(std::filesystem::exists(ws->path("fresh")));
  CHECK(ws->read("schema.yaml") == "version: 1\ntables: []\n");
  CHECK(ws->history() == std::vector<std::string>{"1|applied"});
}

TEMPLATE_TEST_CASE("a deliberate edit of an applied file is accepted with repair --accept", "[e2e][baseline]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_hand_written(*ws, "1", "items", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n", "DROP TABLE items;\n");

  // A comment added to the applied file, blessed in strata.sum: the history still refuses it.
  const auto file = ws->dir() / "1_items.up.sql";
  write_text(file, read_text(file) + "-- items are created by hand in production too\n");
  require_exit(ws->strata({"hash"}), 0);
  const auto refused = ws->run("status");
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "strata repair --accept 1"));
  CHECK(ws->run("apply").exit_code == 1);

  // Accepting writes: without a terminal it needs --yes.
  const auto unconfirmed = ws->run("repair", {"--accept", "1"});
  INFO(unconfirmed.describe());
  CHECK(unconfirmed.exit_code == 3);
  CHECK(contains(unconfirmed.err, "--yes"));
  CHECK(ws->run("status").exit_code == 1);

  const auto accepted = ws->run("repair", {"--accept", "1", "--yes"});
  require_exit(accepted, 0);
  CHECK(contains(accepted.out, "1_items.up.sql"));
  const auto recorded = ws->rows("SELECT applied_by, accepted_by, accepted_at IS NOT NULL FROM strata_schema_history");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][1] == recorded[0][0]); // the same user name the history records
  CHECK(recorded[0][2] == PerEngine<std::string>{"1", "t", "1"}[engine]);

  // status and history say who accepted it; status and apply no longer refuse.
  const auto status = ws->run("status");
  require_exit(status, 0);
  CHECK(contains(status.out, "accepted by " + recorded[0][1].value_or("")));
  const auto history = ws->run("history");
  require_exit(history, 0);
  CHECK(contains(history.out, "accepted by"));
  const auto status_json = ws->run("status", {"--format", "json"});
  require_exit(status_json, 0);
  CHECK(nlohmann::json::parse(status_json.out).at("accepted_edits").size() == 1);
  const auto history_json = ws->run("history", {"--format", "json"});
  require_exit(history_json, 0);
  const auto history_doc = nlohmann::json::parse(history_json.out);
  const auto& accepted_row = history_doc.at("migrations").at(0);
  CHECK(accepted_row.at("accepted_by") == recorded[0][1].value_or(""));
  CHECK(accepted_row.at("accepted_at") != nullptr);
  require_exit(ws->run("apply"), 0);
  require_exit(ws->run("drift", {"--against", "migrations"}), 0);

  // Nothing left to accept.
  const auto unchanged = ws->run("repair", {"--accept", "1", "--yes"});
  INFO(unchanged.describe());
  CHECK(unchanged.exit_code == 1);
  CHECK(contains(unchanged.err, "nothing to accept"));
}

TEMPLATE_TEST_CASE("an edit is accepted on a history table made by an older strata", "[e2e][baseline]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  // The history as strata wrote it before the dirty protocol and accepted edits: no direction,
  // failed_statement, failed_line, accepted_by or accepted_at columns.
  ws->exec("CREATE TABLE items (id INTEGER PRIMARY KEY)");
  ws->exec("CREATE TABLE strata_schema_history (version VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(255), "
           "checksum VARCHAR(64), applied_at VARCHAR(32), duration_ms BIGINT, applied_by VARCHAR(255), "
           "status VARCHAR(16), backup_ref TEXT, message TEXT)");
  ws->exec("INSERT INTO strata_schema_history VALUES ('1', '1_items.up.sql', 'checksum-of-the-file-as-it-ran', "
           "'2026-01-01T00:00:00Z', 3, 'ops', 'applied', '', '')");
  write_text(ws->dir() / "1_items.up.sql", "-- strata: version 1\nCREATE TABLE items (id INTEGER PRIMARY KEY);\n");
  write_text(ws->dir() / "1_items.down.sql", "DROP TABLE items;\n");
  require_exit(ws->strata({"hash"}), 0);

  // Read as it is: the edit is reported, nothing is upgraded by a read.
  const auto refused = ws->run("status");
  INFO(refused.describe());
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "1_items.up.sql was edited after it was applied"));
  CHECK(ws->columns("strata_schema_history").size() == 9);

  require_exit(ws->run("repair", {"--accept", "1", "--yes"}), 0);
  const auto columns = ws->columns("strata_schema_history");
  CHECK(std::find(columns.begin(), columns.end(), "accepted_by") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "accepted_at") != columns.end());
  CHECK(ws->history() == std::vector<std::string>{"1|applied"});
  require_exit(ws->run("status"), 0);
  require_exit(ws->run("apply"), 0);
  CHECK(ws->rows("SELECT applied_by, duration_ms FROM strata_schema_history") == Rows{row({"ops", "3"})});
}
