// `plan --no-concurrent-indexes` reaches the planner as well as the renderer: the risks describe
// the statements that are written. An index and a UNIQUE constraint added to a table that exists
// (with rows) are built CONCURRENTLY without a lock risk by default; with the flag they are built
// inside the transaction and carry L313 / L314.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace strata::e2e;

namespace {

const std::string k_v1 = one_table_yaml("accounts", R"yaml(
      - { name: id, type: bigint, nullable: false }
      - { name: email, type: text, nullable: false }
      - { name: region, type: text }
)yaml");

// v1 with an index and a UNIQUE constraint on the table that now exists.
const std::string k_v2 = k_v1 + R"yaml(    indexes:
      - { name: accounts_region_idx, columns: [region] }
      - { name: accounts_email_key, columns: [email], constraint: true }
)yaml";

struct StepSql {
  std::string sql; // the statements, joined
  std::vector<std::string> codes;
};

// The steps of the dry-run json plan of v2, by description.
std::map<std::string, StepSql> plan_steps(const PgWorkspace& ws, const std::vector<std::string>& extra)
{
  std::vector<std::string> args{"--schema", "v2.yaml", "--dir", "migrations", "--dry-run", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = ws.run("plan", args);
  require_exit(result, 2);
  const auto doc = nlohmann::json::parse(result.out);
  CHECK(doc["files"].is_null());
  std::map<std::string, StepSql> out;
  for (const auto& step : doc["steps"]) {
    StepSql entry;
    for (const auto& sql : step["sql"]) {
      entry.sql += sql.get<std::string>() + ";";
    }
    for (const auto& risk : step["risks"]) {
      entry.codes.push_back(risk["code"].get<std::string>());
    }
    out[step["description"].get<std::string>()] = entry;
  }
  return out;
}

bool has(const std::vector<std::string>& codes, const std::string& code)
{
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

} // namespace

TEST_CASE("postgres: plan --no-concurrent-indexes changes the lock risks along with the statements",
          "[e2e][postgres][plan]")
{
  PgWorkspace ws;
  ws.write("v1.yaml", k_v1);
  require_exit(ws.run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--name", "v1"}), 2);
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
  ws.exec("INSERT INTO accounts VALUES (1, 'a@x', 'eu'), (2, 'b@x', NULL)");
  ws.write("v2.yaml", k_v2);

  const std::string index = "create index accounts_region_idx on accounts";
  const std::string unique = "create index accounts_email_key on accounts";
  const auto concurrent = plan_steps(ws, {});
  const auto blocking = plan_steps(ws, {"--no-concurrent-indexes"});
  INFO("steps: " << concurrent.size() << " / " << blocking.size());
  REQUIRE(concurrent.count(index) == 1);
  REQUIRE(concurrent.count(unique) == 1);
  REQUIRE(blocking.count(index) == 1);
  REQUIRE(blocking.count(unique) == 1);

  // By default: built CONCURRENTLY, no lock risk.
  CHECK(contains(concurrent.at(index).sql, "CREATE INDEX CONCURRENTLY"));
  CHECK(contains(concurrent.at(unique).sql, "CONCURRENTLY"));
  CHECK_FALSE(has(concurrent.at(index).codes, "L313"));
  CHECK_FALSE(has(concurrent.at(unique).codes, "L314"));

  // --no-concurrent-indexes: built in the transaction, and the risk says writes are blocked.
  CHECK_FALSE(contains(blocking.at(index).sql, "CONCURRENTLY"));
  CHECK_FALSE(contains(blocking.at(unique).sql, "CONCURRENTLY"));
  CHECK(has(blocking.at(index).codes, "L313"));
  CHECK(has(blocking.at(unique).codes, "L314"));
  // The uniqueness risk on existing rows does not depend on how the index is built.
  CHECK(has(concurrent.at(unique).codes, "DD202") == has(blocking.at(unique).codes, "DD202"));
}
