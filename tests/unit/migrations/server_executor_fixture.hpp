#pragma once
// The executor fixture the PostgreSQL and MySQL tests share: a fresh database of the engine, a
// migrations folder in a temp dir, and the executor over both, as a command would build it.

#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "tests/support/temp_dir.hpp"

#include <string>
#include <vector>

namespace strata::test {

// `Database`: PostgresDatabase or MysqlDatabase (tests/support).
template <class Database>
struct ServerExecutorFixture {
  Database db;
  TempDir dir;
  const dialects::Dialect& dialect = dialects::dialect_for(db.url().scheme);
  std::filesystem::path folder = dir / "migrations";
  migrations::Directory directory;
  std::vector<std::string> progress;

  void file(const std::string& name, const std::string& text) { write_text(folder / name, text); }
  // Re-hashes strata.sum and re-reads the folder, like `strata hash` then a new command.
  void reload()
  {
    migrations::Directory::open(folder).write_sum();
    directory = migrations::Directory::open(folder);
  }
  migrations::Executor executor(migrations::ExecutorOptions options = {})
  {
    options.applied_by = "tester";
    options.yes = true;
    options.progress = [this](const std::string& line) { progress.push_back(line); };
    return migrations::Executor(db.connection(), dialect, db.url(), directory, std::move(options));
  }
  // The first value of the first row, "NULL" for SQL NULL.
  std::string one(const std::string& sql) { return db.connection().query(sql).rows.at(0).at(0).value_or("NULL"); }
  // The history row of `version` (an empty row when there is none).
  migrations::HistoryRow row(const std::string& version)
  {
    for (const auto& r : executor().history()) {
      if (r.version == version) {
        return r;
      }
    }
    return {};
  }
};

} // namespace strata::test
