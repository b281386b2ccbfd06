#pragma once
// A fresh folder under the system temp dir, removed with everything in it at scope end, and the
// small file helpers the unit tests write and read it with.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <unistd.h>

namespace strata::test {

class TempDir {
public:
  explicit TempDir(const std::string& prefix = "strata-test")
  {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
              std::to_string(random()));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir()
  {
    std::error_code ignored; // a destructor must not throw; a leftover temp folder is harmless
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

  // Writes `text` to `name` inside the folder (creating subfolders) and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

private:
  std::filesystem::path m_path;
};

inline void write_text(const std::filesystem::path& path, const std::string& text)
{
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_text(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const
{
  const auto file = m_path / name;
  write_text(file, text);
  return file;
}

} // namespace strata::test
