#pragma once
// A SQLite database file in a fresh temporary directory, removed with the object.

#include "dialects/sqlite/connection.hpp"
#include "dialects/url.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

namespace strata::test {

class TempDb {
public:
  TempDb()
  {
    static std::atomic<int> counter{0};
    m_dir = std::filesystem::temp_directory_path() /
            ("strata-introspect-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_connection = std::make_unique<dialects::sqlite::SqliteConnection>(
      dialects::DbUrl::parse("sqlite:" + (m_dir / "test.db").string()));
  }
  ~TempDb()
  {
    m_connection.reset();
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  dialects::sqlite::SqliteConnection& connection() { return *m_connection; }

private:
  std::filesystem::path m_dir;
  std::unique_ptr<dialects::sqlite::SqliteConnection> m_connection;
};

} // namespace strata::test
