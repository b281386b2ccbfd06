#pragma once
// What the verify scenarios share: the bookshop's v3 schema, the generated folder they check, the
// state of the target database that verify must leave alone, and the summary and json of a run.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace strata::e2e {

inline constexpr const char* k_v3_version = "20260103000000";

// v2 plus authors.nickname and an index on authors.name.
inline std::string books_v3_yaml()
{
  std::string yaml = k_books_v2_yaml;
  const std::string bio = "      - { name: bio, type: text }\n    primary_key: [id]\n";
  const auto at = yaml.find(bio);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, bio.size(),
               "      - { name: bio, type: text }\n      - { name: nickname, type: varchar(40) }\n"
               "    primary_key: [id]\n    indexes:\n      - { name: authors_name_idx, columns: [name] }\n");
  return yaml;
}

// The first output line, which is the summary.
inline std::string first_line(const std::string& text)
{
  return text.substr(0, text.find('\n'));
}

// "verify: 3 migrations replayed, 2 round trips checked, 0 problems"
inline std::string summary(int replayed, int round_trips, int problems)
{
  return "verify: " + std::to_string(replayed) + " migrations replayed, " + std::to_string(round_trips) +
         (round_trips == 1 ? " round trip" : " round trips") + " checked, " + std::to_string(problems) +
         (problems == 1 ? " problem" : " problems");
}

// Requires the exit code (printing the run when it differs), then parses stdout.
inline nlohmann::json verify_document(const ProcessResult& result, int exit_code)
{
  INFO(result.describe());
  REQUIRE(result.exit_code == exit_code);
  return nlohmann::json::parse(result.out);
}

// Every table, view and index of the database, strata's own included: verify adds none.
inline const PerEngine<const char*> k_relations_sql{
  "SELECT count(*) FROM sqlite_schema",
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
  "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"};

// The database's state that verify must leave alone.
struct TargetState {
  std::string schema;
  std::vector<std::string> history;
  std::string relations;
  bool operator==(const TargetState&) const = default;
};

inline TargetState target_state(DbWorkspace& ws)
{
  return {ws.schema_dump(), ws.history(), ws.scalar(k_relations_sql[ws.engine()]).value_or("")};
}

// v1, v2 and v3 are this many versions (v2 and v3 each build an index on a table with rows).
inline int v3_versions(const Engine& e)
{
  return 1 + 2 * index_step_versions(e);
}

// v1 and v2 planned and applied, v3 planned, then v2 rolled back: v2 (destructive: it drops
// books.legacy_code) and v3 are pending, v1 is applied.
inline void generated_folder(DbWorkspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("v3.yaml", books_v3_yaml());
  require_exit(ws.run("plan", {"--schema", "v3.yaml", "--dir", "migrations", "--name", "v3", "--version", k_v3_version}),
               2);
  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  REQUIRE(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  // Every version up and down, and strata.sum.
  REQUIRE(ws.migration_files().size() == static_cast<std::size_t>(2 * v3_versions(ws.engine()) + 1));
}

inline ProcessResult verify(const DbWorkspace& ws, const std::string& schema, std::vector<std::string> extra = {})
{
  std::vector<std::string> args{"--schema", schema, "--dir", "migrations"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ws.run("verify", args);
}

inline nlohmann::json verify_json(const DbWorkspace& ws, const std::string& schema, int exit_code)
{
  return verify_document(verify(ws, schema, {"--format", "json"}), exit_code);
}

} // namespace strata::e2e
