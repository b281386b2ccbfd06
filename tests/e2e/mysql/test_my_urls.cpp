// Issue 12, part 4: a MySQL/MariaDB URL without a database name is one clear error, worded the
// same in every command that takes --db (or STRATA_DB), with the password redacted, before
// anything is read, written or connected.

#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace strata::e2e;

namespace {

const std::string k_password = "My-n0t-pr1nted-Pw";

// Every command that takes --db, with the arguments it needs besides it.
const std::vector<std::vector<std::string>> k_commands{
  {"inspect"},
  {"plan", "--schema", "schema.yaml", "--dir", "migrations"},
  {"apply", "--dir", "migrations"},
  {"rollback", "--dir", "migrations", "--steps", "1", "--yes"},
  {"status", "--dir", "migrations"},
  {"history", "--dir", "migrations"},
  {"drift", "--schema", "schema.yaml"},
  {"verify", "--schema", "schema.yaml", "--dir", "migrations"},
  {"lint", "--dir", "migrations"},
  {"backup", "list"},
  {"repair"},
};

} // namespace

TEST_CASE("a MySQL URL without a database is the same clear error in every command", "[e2e][mysql][urls]")
{
  Workspace ws;
  ws.write("schema.yaml", "version: 1\ntables: []\n");
  std::filesystem::create_directories(ws.dir());
  const std::string expected = "invalid database URL: mysql://***@127.0.0.1:3306 names no database; a "
                               "MySQL URL needs one: mysql://user:pass@host:3306/DBNAME";
  for (const auto& url : std::vector<std::string>{"mysql://someone:" + k_password + "@127.0.0.1:3306",
                                "mariadb://someone:" + k_password + "@127.0.0.1:3306/"}) {
    for (auto args : k_commands) {
      args.insert(args.end(), {"--db", url});
      const auto result = ws.strata(args);
      INFO(args.front() << " --db " << url << ": " << result.describe());
      CHECK(result.exit_code == 64); // a bad --db value is a usage error
      CHECK(contains(result.err, expected));
      CHECK_FALSE(contains(result.output(), k_password));
    }
    // The same through STRATA_DB.
    ProcessOptions options;
    options.env["STRATA_DB"] = url;
    const auto from_env = ws.strata({"status", "--dir", "migrations"}, options);
    INFO(from_env.describe());
    CHECK(from_env.exit_code == 64); // a bad --db value is a usage error
    CHECK(contains(from_env.err, expected));
    CHECK_FALSE(contains(from_env.output(), k_password));
  }
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(ws.root())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"migrations", "schema.yaml"});
  CHECK(std::filesystem::is_empty(ws.dir()));
}
