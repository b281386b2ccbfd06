#pragma once
// The read-only scenario of the engine matrix (tests/e2e/test_read_only.cpp): every command that
// only reads its --db database, with its documented exit codes; a scan of logged statements for
// writes; and what each engine adds (support/<engine>_read_only.cpp): the project applied, an
// account that may only read, and the evidence that nothing was written.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
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

// An account that may only read a workspace's database, made once the project is applied, with
// what shows that nothing was written (a snapshot, a statement log) taken at its creation.
class ReadOnlyAccess {
public:
  virtual ~ReadOnlyAccess() = default;
  // The --db URL the read-only commands get.
  virtual std::string url() const = 0;
  // A --dev-db for replays and canonical-form probes, owned by the test's own account (empty:
  // none; SQLite replays in memory).
  virtual std::string dev_db() const = 0;
  // Once the commands ran: the database is as it was, and nothing writing was sent to it.
  virtual void check_nothing_written() = 0;
};

// One engine's part of the scenario.
struct ReadOnlySetup {
  // Applies the project and writes a schema.yaml in sync with it (on the servers, with
  // expressions spelt otherwise than the catalog stores them, so drift needs canonical forms).
  void (*apply_project)(DbWorkspace& ws);
  std::unique_ptr<ReadOnlyAccess> (*read_only_access)(DbWorkspace& ws);
};

// The servers' project: a table added by a hand-written migration on top of the bookshop v1.
struct HandWrittenTable {
  const char* slug;       // the migration's name
  const char* up_sql;     // creates the table and a view over it and books
  const char* down_sql;
  const char* rows_sql;   // run once applied
  const char* table_yaml; // the table in schema.yaml (before the bookshop's views)
  const char* view_yaml;  // its view, after the bookshop's
};
// Applies the bookshop v1 and `table`'s migration (version 20260105000000), inserts its rows, and
// writes a schema.yaml describing both.
void apply_books_v1_with(DbWorkspace& ws, const HandWrittenTable& table);

// SQLite: the bookshop v1 and v2; the file 0444 in a 0555 folder; its bytes, modification time
// and the folder's entries compared.
void sqlite_read_only_project(DbWorkspace& ws);
std::unique_ptr<ReadOnlyAccess> sqlite_read_only_file(DbWorkspace& ws);
// PostgreSQL: the bookshop v1 and a hand-written accounts table; a role with CONNECT, USAGE and
// SELECT only, TEMP revoked, default_transaction_read_only on; the catalog fingerprint and the
// server log of that role checked.
void pg_read_only_project(DbWorkspace& ws);
std::unique_ptr<ReadOnlyAccess> pg_read_only_role(DbWorkspace& ws);
// MariaDB: the bookshop v1 and a hand-written prices table; a user with SELECT and SHOW VIEW on
// the database only; the catalog fingerprint and the general log of that user checked.
void my_read_only_project(DbWorkspace& ws);
std::unique_ptr<ReadOnlyAccess> my_read_only_user(DbWorkspace& ws);

// The three engines' setups, as the scenarios that run on each take them.
inline const PerEngine<ReadOnlySetup> k_read_only_setups = {
  {&sqlite_read_only_project, &sqlite_read_only_file},
  {&pg_read_only_project, &pg_read_only_role},
  {&my_read_only_project, &my_read_only_user},
};

} // namespace strata::e2e
