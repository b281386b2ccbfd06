#pragma once
// What the read-only tests of the three engines share: every command that only reads its --db
// database, with its documented exit codes, and a scan of logged statements for writes.

#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace strata::e2e {

struct ReadOnlyCommand {
  std::string label;
  std::vector<std::string> args;
  std::vector<int> exits; // the documented exit codes this project may give
};

// The read-only commands on `db`, for a workspace whose schema.yaml and migrations/ are applied
// there (in sync). `dev_db` (empty: none) goes to the commands that replay migrations or probe
// canonical forms; lint may exit 1 on findings of its own (the applied files' risks).
inline std::vector<ReadOnlyCommand> read_only_commands(const std::string& db, const std::string& dev_db)
{
  std::vector<std::string> dev;
  if (!dev_db.empty()) {
    dev = {"--dev-db", dev_db};
  }
  auto with_dev = [&](std::vector<std::string> args) {
    args.insert(args.end(), dev.begin(), dev.end());
    return args;
  };
  return {
    {"inspect", {"inspect", "--db", db}, {0}},
    {"drift --against schema", with_dev({"drift", "--db", db, "--schema", "schema.yaml"}), {0}},
    {"drift --against migrations", with_dev({"drift", "--db", db, "--against", "migrations", "--dir", "migrations"}), {0}},
    {"status", {"status", "--db", db, "--dir", "migrations"}, {0}},
    {"history", {"history", "--db", db, "--dir", "migrations"}, {0}},
    {"backup list", {"backup", "list", "--db", db, "--dir", "migrations"}, {0}},
    {"lint --db", with_dev({"lint", "--db", db, "--dir", "migrations"}), {0, 1}},
    {"verify --db", with_dev({"verify", "--db", db, "--schema", "schema.yaml", "--dir", "migrations"}), {0}},
  };
}

// Runs each command in `ws`, checking its exit code and that it logged no error.
inline void run_read_only_commands(const Workspace& ws, const std::vector<ReadOnlyCommand>& commands)
{
  for (const auto& command : commands) {
    const auto result = ws.strata(command.args);
    INFO(command.label << ": " << result.describe());
    CHECK(std::find(command.exits.begin(), command.exits.end(), result.exit_code) != command.exits.end());
    CHECK_FALSE(contains(result.err, "error:"));
  }
}

// True when the SQL text (one logged statement, perhaps several separated by ';') holds a
// statement that writes: its first keyword creates, changes or removes something, or it turns a
// read-only session writable.
inline bool writes(const std::string& sql)
{
  static const char* const k_writers[] = {"create", "alter", "drop", "insert", "update", "delete", "truncate",
                                          "replace", "rename", "grant", "revoke", "comment", "copy", "lock",
                                          "merge", "call", "do", "load", "handler", "vacuum", "analyze", "reindex",
                                          "cluster", "refresh"};
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find(';', start);
    end = end == std::string::npos ? sql.size() : end;
    std::string statement = lower(sql.substr(start, end - start));
    const auto first = statement.find_first_not_of(" \t\r\n(");
    statement = first == std::string::npos ? std::string() : statement.substr(first);
    for (const char* writer : k_writers) {
      const std::string word = writer;
      if (statement.rfind(word, 0) == 0 &&
          (statement.size() == word.size() || !std::isalnum(static_cast<unsigned char>(statement[word.size()])))) {
        return true;
      }
    }
    const bool unsets_read_only = statement.find("read_only") != std::string::npos &&
                                  (statement.find("off") != std::string::npos || statement.find('0') != std::string::npos ||
                                   statement.find("false") != std::string::npos);
    if (statement.rfind("set", 0) == 0 && (unsets_read_only || statement.find("read write") != std::string::npos)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

} // namespace strata::e2e
