#pragma once
// A project on disk for workflow tests: schema.yaml, a migration folder and a SQLite database
// file, in a fresh temporary folder removed at scope end.

#include "dialects/url.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "tests/support/temp_dir.hpp"
#include "workflows/database.hpp"
#include "workflows/scratch.hpp"

#include <string>

namespace strata::test {

class Project {
public:
  Project() { std::filesystem::create_directories(dir()); }

  std::filesystem::path schema() const { return m_root / "schema.yaml"; }
  std::filesystem::path dir() const { return m_root / "migrations"; }
  dialects::DbUrl url() const { return dialects::DbUrl::parse("sqlite:" + (m_root / "app.db").string()); }
  workflows::Target target() const { return workflows::Target{url(), {}}; }

  void write_schema(const std::string& yaml) const { write_text(schema(), yaml); }
  // Writes an up (and down) file by hand and rewrites strata.sum, as `strata new` + `hash` would.
  void write_migration(const std::string& version, const std::string& slug, const std::string& up,
                       const std::string& down = {}) const
  {
    write_text(dir() / (version + "_" + slug + ".up.sql"), up);
    if (!down.empty()) {
      write_text(dir() / (version + "_" + slug + ".down.sql"), down);
    }
    migrations::Directory::open(dir()).write_sum();
  }
  // Applies the folder's pending files (up to `to`) with the normal executor.
  void apply(const std::optional<std::string>& to = std::nullopt) const
  {
    auto db = workflows::open_database(url(), {}, workflows::Access::create);
    const auto directory = migrations::Directory::open(dir());
    auto options = workflows::replay_options();
    migrations::Executor(*db.connection, *db.dialect, db.url, directory, options).apply(to, false);
  }
  void execute(const std::string& sql) const
  {
    auto db = workflows::open_database(url(), {}, workflows::Access::create);
    db.connection->execute(sql);
  }

private:
  TempDir m_temp;
  std::filesystem::path m_root = m_temp.path();
};

// The users table, keyed on id, with an email; `columns` and `extras` (indexes) added after.
inline std::string users_yaml(const std::string& columns = "", const std::string& extras = "")
{
  return R"(version: 1
tables:
  - name: users
    columns:
      - { name: id, type: integer }
      - { name: email, type: text, nullable: false }
)" + columns + "    primary_key: [id]\n" + extras;
}

inline const std::string k_users_v1 = users_yaml();

// v1 with a nickname column and a unique index on email.
inline const std::string k_users_v2 = users_yaml("      - { name: nickname, type: text }\n",
                                                 "    indexes:\n      - { name: users_email, columns: [email], unique: true }\n");

} // namespace strata::test
