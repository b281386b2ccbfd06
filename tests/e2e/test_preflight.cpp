// Issue 12 §3 on the three engines: a generated file that makes a column NOT NULL and adds a
// UNIQUE index carries `preflight` lines; on data that violates them `plan` marks the steps
// "will fail on current data" in every format, and `apply` refuses with exit 3 naming file, check
// and count, running nothing (no history row; on MariaDB no dirty row). `--no-preflight` runs the
// file, which fails as it always did; with the data fixed the file applies.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace strata::e2e;
using Json = nlohmann::json;

namespace {

const std::string k_preflight_v1 = one_table_yaml("accounts", "\n"
                                                    "      - { name: id, type: integer }\n"
                                                    "      - { name: email, type: varchar(100) }\n"
                                                    "      - { name: handle, type: varchar(40) }\n");
// email becomes NOT NULL, handle unique; status is added NOT NULL with a default, which no row
// can violate (no preflight line for it).
const std::string k_preflight_v2 =
  one_table_yaml("accounts", "\n"
                             "      - { name: id, type: integer }\n"
                             "      - { name: email, type: varchar(100), nullable: false }\n"
                             "      - { name: handle, type: varchar(40) }\n"
                             "      - { name: status, type: varchar(10), nullable: false, default: \"'new'\" }\n",
                 "    indexes:\n      - { name: accounts_handle_uq, columns: [handle], unique: true }\n");

const char* k_not_null_check = "preflight not-null accounts(email)";
const char* k_unique_check = "preflight unique accounts(handle)";

// v1 applied, then rows of which one has no email and two share a handle.
void prepare(DbWorkspace& ws)
{
  ws.write("v1.yaml", k_preflight_v1);
  require_exit(ws.run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--version", k_v1_version, "--name", "v1"}),
               2);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  ws.exec("INSERT INTO accounts (id, email, handle) VALUES (1, 'a@x.org', 'ann'), (2, NULL, 'ann'), (3, 'c@x.org', 'cy')");
  ws.write("v2.yaml", k_preflight_v2);
}

// The v2 up files (one, or two where PostgreSQL splits the concurrent steps off) as one text.
std::string v2_up_files(const DbWorkspace& ws)
{
  std::string text;
  for (const auto& name : ws.migration_files()) {
    if (name.size() > 7 && name.substr(name.size() - 7) == ".up.sql" && name.rfind(k_v1_version, 0) != 0) {
      text += read_text(ws.dir() / name);
    }
  }
  return text;
}

// Plans v2 into files and checks their preflight lines.
void plan_v2(DbWorkspace& ws)
{
  require_exit(ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--version", k_v2_version, "--name", "v2"}),
               2);
  const auto up = v2_up_files(ws);
  INFO(up);
  CHECK(contains(up, std::string("-- strata: ") + k_not_null_check + "\n"));
  CHECK(contains(up, std::string("-- strata: ") + k_unique_check + "\n"));
  CHECK_FALSE(contains(up, "accounts(status)"));
}

// apply refuses v2 before running anything: exit 3, file, checks and counts named.
void require_refusal(DbWorkspace& ws, const std::string& schema_before)
{
  const auto refused = ws.run("apply", {"--dir", "migrations", "--yes"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  CHECK(contains(refused.err, "would fail on the current data; nothing was run"));
  CHECK(contains(refused.err, std::string(k_not_null_check) + ": 1 NULL rows"));
  CHECK(contains(refused.err, std::string(k_unique_check) + ": 1 duplicate groups"));
  CHECK(contains(refused.err, std::string(k_v2_version).substr(0, 12)));
  CHECK(contains(refused.err, ".up.sql line "));
  CHECK(contains(refused.err, "--no-preflight"));
  CHECK_FALSE(contains(refused.output(), ":strata@")); // no password
  CHECK(ws.schema_dump() == schema_before);
  CHECK(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
}

} // namespace

TEMPLATE_TEST_CASE("apply refuses a file whose preflight counts show it would fail and runs nothing",
                   "[e2e][preflight]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  prepare(*ws);
  plan_v2(*ws);
  const auto schema_before = ws->schema_dump();
  require_refusal(*ws, schema_before);

  // A dry run counts too, and says the same.
  const auto dry = ws->run("apply", {"--dir", "migrations", "--dry-run"});
  INFO(dry.describe());
  CHECK(dry.exit_code == 3);
  CHECK(contains(dry.err, std::string(k_not_null_check) + ": 1 NULL rows"));

  // Without the preflight the file runs and fails on the data, as it always did.
  const auto forced = ws->run("apply", {"--dir", "migrations", "--yes", "--no-preflight"});
  INFO(forced.describe());
  CHECK(forced.exit_code == 1);
  CHECK_FALSE(contains(forced.err, "preflight"));
  CHECK(contains(forced.err, ".up.sql"));
  if (!engine.transactional_ddl) {
    CHECK(ws->history() ==
          std::vector<std::string>{std::string(k_v1_version) + "|applied", std::string(k_v2_version) + "|dirty"});
  } else if (!engine.splits_concurrent_index_steps) {
    CHECK(ws->schema_dump() == schema_before);
    CHECK(ws->history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  }
}

TEMPLATE_TEST_CASE("apply runs a refused file once the data that made it fail is fixed", "[e2e][preflight]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  prepare(*ws);
  plan_v2(*ws);
  require_refusal(*ws, ws->schema_dump());

  ws->exec("UPDATE accounts SET email = 'b@x.org', handle = 'bo' WHERE id = 2");
  const auto applied = ws->run("apply", {"--dir", "migrations", "--yes"});
  INFO(applied.describe());
  REQUIRE(applied.exit_code == 0);
  const auto history = ws->history();
  CHECK(history.size() == 1u + static_cast<size_t>(index_step_versions(engine)));
  for (const auto& row : history) {
    CHECK(contains(row, "|applied"));
  }
  CHECK(ws->count("accounts") == 3);
  require_exit(ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--dry-run"}), 0);
}

TEMPLATE_TEST_CASE("plan marks the steps that will fail on current data in text, markdown, json and github",
                   "[e2e][preflight]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  prepare(*ws);
  const auto plan = [&](const char* format) {
    auto result = ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--dry-run", "--format", format});
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    return result.out;
  };

  const auto text = plan("text");
  INFO(text);
  CHECK(contains(text, "FAILS: step "));
  CHECK(contains(text, "(1 NULL rows) [will fail on current data]"));
  CHECK(contains(text, "(1 duplicate groups) [will fail on current data]"));

  const auto markdown = plan("markdown");
  INFO(markdown);
  CHECK(contains(markdown, "> [!CAUTION]\n> **step "));
  CHECK(contains(markdown, "(1 NULL rows) — **will fail on current data**"));
  CHECK(contains(markdown, "(1 duplicate groups) — **will fail on current data**"));

  const Json doc = Json::parse(plan("json"));
  std::map<std::string, long long> failing; // code -> count
  int failing_steps = 0;
  for (const auto& step : doc.at("steps")) {
    bool any = false;
    for (const auto& risk : step.at("risks")) {
      if (risk.at("will_fail").get<bool>()) {
        failing[risk.at("code").get<std::string>()] = risk.at("count").get<long long>();
        any = true;
      }
    }
    CHECK(step.at("will_fail").get<bool>() == any);
    failing_steps += any ? 1 : 0;
  }
  CHECK(failing == std::map<std::string, long long>{{"DD201", 1}, {"DD202", 1}});
  CHECK(failing_steps >= 1);

  const auto github = plan("github");
  INFO(github);
  int errors = 0;
  std::istringstream lines(github);
  for (std::string line; std::getline(lines, line);) {
    if (contains(line, "will fail on current data")) {
      CHECK(line.rfind("::error ", 0) == 0);
      ++errors;
    }
  }
  CHECK(errors == 2);

  // Fixed data: no mark anywhere.
  ws->exec("UPDATE accounts SET email = 'b@x.org', handle = 'bo' WHERE id = 2");
  for (const char* format : {"text", "markdown", "json", "github"}) {
    const auto out = plan(format);
    CHECK_FALSE(contains(out, "will fail on current data"));
    CHECK_FALSE(contains(out, "\"will_fail\":true"));
    CHECK_FALSE(contains(out, "\"will_fail\": true"));
  }
}
