#pragma once
// What the e2e tests of the review commands (verify, lint, drift) share on every engine: the
// scratch database a --verbose run names, lint findings by code, a hand-written file's name, and
// git in a workspace.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/process.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace strata::e2e {

// The temporary database a --verbose run names ("... on a temporary database strata_scratch_…");
// empty when there is none.
inline std::string scratch_name(const std::string& log)
{
  const auto at = log.find("strata_scratch_");
  if (at == std::string::npos) {
    return {};
  }
  auto end = at;
  while (end < log.size() && (std::isalnum(static_cast<unsigned char>(log[end])) || log[end] == '_')) {
    ++end;
  }
  return log.substr(at, end - at);
}

// The version and path of the hand-written file the lint tests add.
inline constexpr const char* k_hand_version = "20260103000000";
inline const std::string k_hand_file = std::string("migrations/") + k_hand_version + "_cleanup.up.sql";

// The hand-written clean-up of the v1 bookshop the lint tests add (k_hand_file), in each engine's
// SQL: a DROP COLUMN and a DELETE without WHERE, and what each engine adds (an UPDATE with a
// WHERE, an index built without CONCURRENTLY, a CHANGE that renames).
inline const PerEngine<const char*> k_hand_cleanup_up{
  "-- Hand-written clean-up of the v1 bookshop.\n"
  "-- The UPDATE below has a WHERE: not flagged.\n"
  "UPDATE books SET price_cents = 0\n"
  "  WHERE id = 1;\n"
  "\n"
  "ALTER TABLE books DROP COLUMN legacy_code;\n"
  "DELETE FROM reviews; -- WHERE in a comment does not count\n",
  "-- Hand-written clean-up.\n"
  "CREATE INDEX books_isbn_idx ON books (isbn);\n"
  "\n"
  "ALTER TABLE books\n"
  "  DROP COLUMN legacy_code;\n"
  "DELETE FROM reviews;\n"
  "UPDATE authors SET bio = NULL WHERE id IN (SELECT author_id FROM books);\n",
  "-- Hand-written clean-up.\n"
  "\n"
  "ALTER TABLE books DROP COLUMN legacy_code;\n"
  "ALTER TABLE reviewers CHANGE full_name display_name TEXT NOT NULL;\n"
  "DELETE FROM reviews;\n"};

// The findings of one file of a `lint --format json` document, keyed by code.
inline std::map<std::string, nlohmann::json> findings_by_code(const nlohmann::json& file)
{
  std::map<std::string, nlohmann::json> out;
  for (const auto& finding : file.at("findings")) {
    out[finding.at("code").get<std::string>()] = finding;
  }
  return out;
}

// Runs git in the workspace (no system or user configuration); the test fails when git does.
inline void git(const Workspace& ws, const std::vector<std::string>& args)
{
  std::vector<std::string> argv{"/usr/bin/git", "-C", ws.root().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.env = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"HOME", ws.root().string()}};
  const auto result = run_process(argv, options);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
}

// Makes the workspace a git repository whose `main` holds the migrations folder as it is now,
// then checks out a new branch `feature`: what is written afterwards is the branch's.
inline void commit_on_main_then_branch(const Workspace& ws, const std::string& message)
{
  git(ws, {"init", "-q", "-b", "main"});
  git(ws, {"config", "user.email", "lint@example.com"});
  git(ws, {"config", "user.name", "lint test"});
  git(ws, {"add", "migrations"});
  git(ws, {"commit", "-q", "-m", message});
  git(ws, {"checkout", "-q", "-b", "feature"});
}

} // namespace strata::e2e
