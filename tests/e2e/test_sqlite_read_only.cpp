// SQLite-only read-only extras (the scenario on every engine is test_read_only.cpp): a missing
// file is an error naming it, and stays missing; a database without a history table reports
// "nothing applied" and still has none afterwards.
#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace strata::e2e;
namespace fs = std::filesystem;

TEST_CASE("read-only commands never create a missing SQLite file", "[e2e][read_only]")
{
  Workspace ws;
  ws.write("schema.yaml", k_books_v1_yaml);
  const std::string missing = ws.path("absent.db").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"inspect", "--db", missing}, {"drift", "--db", missing, "--schema", "schema.yaml"},
        {"drift", "--db", missing, "--against", "migrations"}, {"status", "--db", missing},
        {"history", "--db", missing}, {"backup", "list", "--db", missing}}) {
    const auto result = ws.strata(args);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, missing + " does not exist"));
  }
  // verify and lint read --db only for its history and counts: a missing file has none.
  require_exit(ws.strata({"verify", "--db", missing, "--schema", "schema.yaml"}), 1); // nothing produces v1
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("read-only status and history without a history table report nothing applied and create none", "[e2e][read_only]")
{
  Workspace ws;
  exec_sql(ws.db_path(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);");
  const std::string bytes = read_text(ws.db_path());

  const auto status = ws.strata({"status", "--db", ws.db_url()});
  require_exit(status, 0);
  CHECK(contains(status.out, "current version: none (nothing applied)\n"));
  const auto history = ws.strata({"history", "--db", ws.db_url()});
  require_exit(history, 0);
  CHECK(history.out == "no migrations applied to " + ws.db_url() + "\n");

  CHECK_FALSE(table_exists(ws.db_path(), "strata_schema_history"));
  CHECK(read_text(ws.db_path()) == bytes);
}
