#pragma once
// Helpers for the schemas tests: a temp folder removed at scope end, and diagnostics as strings.

#include "schemas/yaml.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace strata::test {

class SchemaTempDir {
public:
  SchemaTempDir()
  {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() /
             ("strata-schemas-" + std::to_string(random()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~SchemaTempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  SchemaTempDir(const SchemaTempDir&) = delete;
  SchemaTempDir& operator=(const SchemaTempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

  std::filesystem::path write(const std::string& name, const std::string& text) const
  {
    const auto file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file;
  }

private:
  std::filesystem::path m_path;
};

// Test YAML is written as R"y(\n...)y": drop the first newline so line 1 is the first line.
inline std::string yaml_text(const char* text)
{
  std::string out(text);
  return !out.empty() && out.front() == '\n' ? out.substr(1) : out;
}

inline std::vector<std::string> messages(const std::vector<Diagnostic>& diagnostics)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(d.str());
  }
  return out;
}

// Loads text as "s.yaml" and returns every diagnostic as "file:line:col: message".
inline std::vector<std::string> problems(const char* text)
{
  return messages(schemas::load_string(yaml_text(text), "s.yaml").diagnostics);
}

} // namespace strata::test
