#pragma once
// A temporary folder per test, with the database file, the migrations folder and a runner for
// the real `strata` binary inside it.

#include "tests/e2e/support/process.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace strata::e2e {

// mkdtemp'd folder, removed with everything in it by the destructor.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

void write_text(const std::filesystem::path& path, const std::string& content);
std::string read_text(const std::filesystem::path& path);
// Lower-cased copy (for case-insensitive "contains" checks).
std::string lower(std::string text);
bool contains(const std::string& haystack, const std::string& needle);
// The backup id on the line of a `strata backup list` output that mentions `needle` (the first
// word that names it or starts with a digit); empty when there is none.
std::string backup_id_from_listing(const std::string& text, const std::string& needle);

class Workspace {
public:
  Workspace() = default;

  const std::filesystem::path& root() const { return m_dir.path(); }
  std::filesystem::path db_path() const { return root() / "app.db"; }
  std::string db_url() const { return "sqlite:" + db_path().string(); }
  std::filesystem::path dir() const { return root() / "migrations"; }
  std::filesystem::path path(const std::string& relative) const { return root() / relative; }

  void write(const std::string& relative, const std::string& content) const;
  std::string read(const std::string& relative) const;

  // Runs `strata <args>` with the workspace as working directory, NO_COLOR set, STRATA_* unset,
  // stdin from /dev/null.
  ProcessResult strata(const std::vector<std::string>& args, ProcessOptions options = {}) const;
  // Starts `strata <args>` without waiting.
  std::unique_ptr<Process> start_strata(const std::vector<std::string>& args, ProcessOptions options = {}) const;

  // Sorted file names in the migrations folder (empty when it does not exist).
  std::vector<std::string> migration_files() const;
  // The single file in the migrations folder whose name ends with `suffix` (fails the test otherwise).
  std::filesystem::path migration_file_ending(const std::string& suffix) const;

private:
  ProcessOptions prepare(ProcessOptions options) const;

  TempDir m_dir;
};

// Requires `result` to have exited with `code`, printing its output when it did not.
void require_exit(const ProcessResult& result, int code);

} // namespace strata::e2e
