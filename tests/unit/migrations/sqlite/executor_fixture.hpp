#pragma once
// A real SQLite file and a migrations folder in a temp dir, for executor tests.

#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "tests/support/message_of.hpp"
#include "tests/support/temp_dir.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::test {

struct ExecutorFixture {
  TempDir dir;
  const dialects::Dialect& dialect = dialects::dialect_for("sqlite");
  dialects::DbUrl url = dialects::DbUrl::parse("sqlite:" + (dir / "app.db").string());
  std::unique_ptr<dialects::Connection> connection = dialect.connect(url);
  std::filesystem::path folder = dir / "migrations";
  std::vector<std::string> progress;
  migrations::Directory directory;

  void file(const std::string& name, const std::string& text) { write_text(folder / name, text); }

  // Re-reads the folder (after `strata hash` when `hash`), like a new command would.
  void reload(bool hash = true)
  {
    if (hash) {
      migrations::Directory::open(folder).write_sum();
    }
    directory = migrations::Directory::open(folder);
  }

  // The history a test starts from: `name` written, hashed and applied.
  void applied(const std::string& name, const std::string& text)
  {
    file(name, text);
    reload();
    executor().apply(std::nullopt, false);
  }

  migrations::Executor executor(migrations::ExecutorOptions options = {})
  {
    options.progress = [this](const std::string& line) { progress.push_back(line); };
    options.backup_dir = dir / "backups";
    options.applied_by = "tester";
    return migrations::Executor(*connection, dialect, url, directory, std::move(options));
  }

  long long count(const std::string& sql) { return std::stoll(connection->query(sql).rows.at(0).at(0).value()); }

  bool table_exists(const std::string& name)
  {
    return count("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + name + "'") == 1;
  }
};

} // namespace strata::test
