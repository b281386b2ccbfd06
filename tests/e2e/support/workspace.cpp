#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace strata::e2e {

namespace fs = std::filesystem;

TempDir::TempDir()
{
  std::string pattern = (fs::temp_directory_path() / "strata-e2e-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  }
  m_path = pattern;
}

TempDir::~TempDir()
{
  std::error_code ignored; // a destructor must not throw; a leftover temp folder is harmless
  fs::remove_all(m_path, ignored);
}

void write_text(const fs::path& path, const std::string& content)
{
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path());
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  if (!file.flush()) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

std::string read_text(const fs::path& path)
{
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains(const std::string& haystack, const std::string& needle)
{
  return haystack.find(needle) != std::string::npos;
}

// The first whitespace-separated word of the line of `text` that mentions `needle` and looks
// like an id (not a header line).
std::string backup_id_from_listing(const std::string& text, const std::string& needle)
{
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!contains(line, needle)) {
      continue;
    }
    std::istringstream words(line);
    std::string word;
    while (words >> word) {
      if (contains(word, needle) || (!word.empty() && std::isdigit(static_cast<unsigned char>(word.front())))) {
        return word;
      }
    }
  }
  return {};
}

void Workspace::write(const std::string& relative, const std::string& content) const
{
  write_text(path(relative), content);
}

std::string Workspace::read(const std::string& relative) const
{
  return read_text(path(relative));
}

ProcessOptions Workspace::prepare(ProcessOptions options) const
{
  if (options.cwd.empty()) {
    options.cwd = root();
  }
  options.env.emplace("NO_COLOR", "1");
  // The caller's own settings never leak into a test's run.
  for (const char* name :
       {"STRATA_DB", "STRATA_SCHEMA", "STRATA_DIR", "STRATA_DEV_DB", "STRATA_BACKUP_DIR", "STRATA_PROGRESS"}) {
    if (options.env.count(name) == 0) {
      options.unset_env.emplace_back(name);
    }
  }
  return options;
}

ProcessResult Workspace::strata(const std::vector<std::string>& args, ProcessOptions options) const
{
  std::vector<std::string> argv{STRATA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(std::move(argv), prepare(std::move(options)));
}

std::unique_ptr<Process> Workspace::start_strata(const std::vector<std::string>& args, ProcessOptions options) const
{
  std::vector<std::string> argv{STRATA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<Process>(std::move(argv), prepare(std::move(options)));
}

std::vector<std::string> Workspace::migration_files() const
{
  std::vector<std::string> names;
  if (!fs::is_directory(dir())) {
    return names;
  }
  for (const auto& entry : fs::directory_iterator(dir())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path Workspace::migration_file_ending(const std::string& suffix) const
{
  std::vector<std::string> matches;
  for (const auto& name : migration_files()) {
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      matches.push_back(name);
    }
  }
  INFO("files ending with " << suffix << " in " << dir());
  REQUIRE(matches.size() == 1);
  return dir() / matches.front();
}

void require_exit(const ProcessResult& result, int code)
{
  INFO(result.describe());
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.exit_code == code);
}

} // namespace strata::e2e
