// The migration folder: file names, numeric order, headers; atomic writes.
#include "migrations/directory.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace strata::migrations {

namespace fs = std::filesystem;

namespace {

bool all_digits(const std::string& text)
{
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// A migration file's text. A NUL byte is refused: SQLite's and PostgreSQL's client APIs take a
// statement as a C string and stop at the first NUL, so `DELETE FROM t<NUL> WHERE id = 2` would
// run as `DELETE FROM t` while every check (lint, the sum, the reviewer) reads the whole text.
std::string read_migration_file(const fs::path& path)
{
  auto text = read_bytes(path);
  const auto nul = text.find('\0');
  if (nul != std::string::npos) {
    const auto line_start = text.rfind('\n', nul);
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    const auto column = nul - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    throw Error(ErrorKind::input,
                fmt::format("{}:{}:{}: a NUL byte (0x00): SQLite's and PostgreSQL's client APIs end a statement's text at it, so "
                            "what ran would not be what the file says (refused on every engine); remove it",
                            path.string(), line, column));
  }
  return text;
}

// Digits without their leading zeros ("0" for zeros only).
std::string_view significant(std::string_view digits)
{
  const auto first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? std::string_view("0") : digits.substr(first);
}

// Decimal string + 1 ("0999" -> "1000").
std::string increment(std::string digits)
{
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return digits;
    }
    *it = '0';
  }
  return "1" + digits;
}

struct FoundFile {
  std::string version;
  std::string slug;
  fs::path path;
};

[[noreturn]] void fail_errno(const std::string& what, const fs::path& path)
{
  throw Error(ErrorKind::input, fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

// The migration files of `dir` (an existing folder), split into up and down files. Throws
// Error(input) naming a .sql file that is not named as a migration or has version 0.
std::pair<std::vector<FoundFile>, std::vector<FoundFile>> scan_files(const fs::path& dir)
{
  static const std::regex pattern(R"(^([0-9]+)_([A-Za-z0-9_-]+)\.(up|down)\.sql$)");
  std::vector<FoundFile> ups;
  std::vector<FoundFile> downs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    const auto name = entry.path().filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, pattern)) {
      if (entry.path().extension() == ".sql") {
        throw Error(ErrorKind::input,
                    fmt::format("{}: migration files must be named <version>_<slug>.up.sql or "
                                "<version>_<slug>.down.sql (version: digits; slug: letters, digits, _ and -)",
                                entry.path().string()));
      }
      continue; // strata.sum, README, editor files
    }
    if (significant(match[1].str()) == "0") {
      throw Error(ErrorKind::input, entry.path().string() + ": the version must be a positive integer");
    }
    (match[3] == "up" ? ups : downs).push_back({match[1], match[2], entry.path()});
  }
  return {std::move(ups), std::move(downs)};
}

} // namespace

int compare_versions(const std::string& a, const std::string& b)
{
  if (!all_digits(a) || !all_digits(b)) {
    return a < b ? -1 : (a == b ? 0 : 1);
  }
  const auto x = significant(a);
  const auto y = significant(b);
  if (x.size() != y.size()) {
    return x.size() < y.size() ? -1 : 1;
  }
  const int c = x.compare(y);
  return c < 0 ? -1 : (c == 0 ? 0 : 1);
}

std::string version_key(const std::string& version)
{
  return all_digits(version) ? std::string(significant(version)) : version;
}

Directory Directory::open(const fs::path& dir)
{
  Directory directory;
  directory.m_path = dir;
  if (!fs::exists(dir)) {
    return directory;
  }
  if (!fs::is_directory(dir)) {
    throw Error(ErrorKind::input, dir.string() + " is not a folder");
  }
  auto [ups, downs] = scan_files(dir);
  const auto by_version = [](const FoundFile& x, const FoundFile& y) {
    const int c = compare_versions(x.version, y.version);
    return c != 0 ? c < 0 : x.path.filename() < y.path.filename();
  };
  std::sort(ups.begin(), ups.end(), by_version);
  for (size_t i = 1; i < ups.size(); ++i) {
    if (compare_versions(ups[i - 1].version, ups[i].version) == 0) {
      throw Error(ErrorKind::input, fmt::format("{} and {} use the same version {}", ups[i - 1].path.string(),
                                                ups[i].path.string(), ups[i].version));
    }
  }
  for (const auto& up : ups) {
    Migration m;
    m.version = up.version;
    m.slug = up.slug;
    m.up_path = up.path;
    m.up_sql = read_migration_file(up.path);
    m.up_header = parse_header(m.up_sql, up.path.string());
    m.checksum = sha256_hex(m.up_sql);
    if (!m.up_header.version.empty() && compare_versions(m.up_header.version, m.version) != 0) {
      throw Error(ErrorKind::input, fmt::format("{}: header says version {} but the file name says {}",
                                                up.path.string(), m.up_header.version, m.version));
    }
    directory.m_migrations.push_back(std::move(m));
  }
  for (const auto& down : downs) {
    auto it = std::find_if(directory.m_migrations.begin(), directory.m_migrations.end(),
                           [&](const Migration& m) { return compare_versions(m.version, down.version) == 0; });
    if (it == directory.m_migrations.end()) {
      throw Error(ErrorKind::input, down.path.string() + " has no matching .up.sql file");
    }
    if (it->version != down.version || it->slug != down.slug) {
      throw Error(ErrorKind::input, fmt::format("{} and {} use the same version {}", it->up_path.string(),
                                                down.path.string(), down.version));
    }
    if (!it->down_path.empty()) {
      throw Error(ErrorKind::input, fmt::format("{} and {} use the same version {}", it->down_path.string(),
                                                down.path.string(), down.version));
    }
    it->down_path = down.path;
    it->down_sql = read_migration_file(down.path);
    it->down_header = parse_header(it->down_sql, down.path.string());
    if (!it->down_header.version.empty() && compare_versions(it->down_header.version, it->version) != 0) {
      throw Error(ErrorKind::input, fmt::format("{}: header says version {} but the file name says {}",
                                                down.path.string(), it->down_header.version, it->version));
    }
  }
  return directory;
}

const Migration* Directory::find(const std::string& version) const
{
  if (!all_digits(version)) { // the files' versions are digits: such a version is none of them
    return nullptr;
  }
  // The files are sorted by compare_versions, a total order on versions of digits alone.
  const auto it = std::lower_bound(m_migrations.begin(), m_migrations.end(), version,
                                   [](const Migration& m, const std::string& v) { return compare_versions(m.version, v) < 0; });
  return it != m_migrations.end() && compare_versions(it->version, version) == 0 ? &*it : nullptr;
}

std::string Directory::next_version() const
{
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S", &utc);
  std::string version = buffer;
  if (!m_migrations.empty() && compare_versions(version, m_migrations.back().version) <= 0) {
    version = increment(std::string(significant(m_migrations.back().version)));
  }
  return version;
}

fs::path write_temp_beside(const fs::path& path, const std::string& content)
{
  const auto folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::random_device random;
  const auto temp = folder / fmt::format(".{}.tmp-{}-{:08x}", path.filename().string(), ::getpid(), random());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    fail_errno("create", temp);
  }
  size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      errno = error;
      fail_errno("write", temp);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    errno = error;
    fail_errno("flush", temp);
  }
  return temp;
}

void rename_into_place(const fs::path& temp, const fs::path& path)
{
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    errno = error;
    fail_errno("rename onto", path);
  }
}

void sync_folder(const fs::path& folder)
{
  const int dir_fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) { // make renames durable; not fatal where directories cannot be opened
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

void write_file_atomic(const fs::path& path, const std::string& content)
{
  rename_into_place(write_temp_beside(path, content), path);
  sync_folder(path.parent_path());
}

std::string read_bytes(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::input, "cannot read " + path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

} // namespace strata::migrations

namespace strata::migrations {

std::vector<DuplicateVersion> Directory::duplicate_versions(const fs::path& dir)
{
  std::vector<DuplicateVersion> out;
  if (!fs::is_directory(dir)) {
    return out;
  }
  auto [ups, downs] = scan_files(dir);
  for (auto* files : {&downs, &ups}) {
    std::map<std::string, std::vector<std::string>> names; // version without zeros -> file names
    for (const auto& file : *files) {
      names[std::string(significant(file.version))].push_back(file.path.filename().string());
    }
    for (auto& [version, list] : names) {
      if (list.size() > 1) {
        std::sort(list.begin(), list.end());
        out.push_back({version, std::move(list)});
      }
    }
  }
  return out;
}

} // namespace strata::migrations
