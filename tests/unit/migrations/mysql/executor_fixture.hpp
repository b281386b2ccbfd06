#pragma once
// A fresh MariaDB/MySQL database and a migrations folder, for executor tests on the real server.

#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "tests/support/message_of.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/mysql_database.hpp"

#include <string>
#include <vector>

namespace strata::test {

struct MyExecutorFixture {
  MysqlDatabase db;
  TempDir dir;
  const dialects::Dialect& dialect = dialects::dialect_for("mysql");
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
  bool table_exists(const std::string& name)
  {
    return one("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
               name + "'") == "1";
  }
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
