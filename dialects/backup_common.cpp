#include "dialects/backup_common.hpp"

#include "dialects/strata_folder.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace strata::dialects {

std::string backup_timestamp()
{
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string short_hash(const std::string& text)
{
  std::uint32_t hash = 2166136261U; // FNV-1a
  for (unsigned char c : text) {
    hash = (hash ^ c) * 16777619U;
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", hash);
  return hex;
}

std::string shortened_name(const std::string& name, std::size_t limit)
{
  if (name.size() <= limit) {
    return name;
  }
  return name.substr(0, limit - 9) + "_" + short_hash(name);
}

long long count_rows(Connection& connection, const std::string& relation, const std::string& suffix)
{
  return std::stoll(connection.query("SELECT count(*) FROM " + relation + suffix).rows.at(0).at(0).value_or("0"));
}

BackupTarget resolve_keys(const BackupTarget& target, const std::vector<std::string>& primary_key,
                          const std::vector<BackupColumn>& columns)
{
  BackupTarget resolved = target;
  if (resolved.key_columns.empty()) {
    resolved.key_columns = primary_key;
  }
  const bool column_is_key = !target.column.empty() && std::find(resolved.key_columns.begin(),
                                                                  resolved.key_columns.end(),
                                                                  target.column) != resolved.key_columns.end();
  if (resolved.key_columns.empty() || column_is_key) {
    resolved.key_columns.clear();
    for (const auto& column : columns) {
      if (!column.generated && column.name != target.column) {
        resolved.key_columns.push_back(column.name);
      }
    }
  }
  return resolved;
}

std::vector<std::string> copied_columns(const BackupTarget& resolved, const std::vector<BackupColumn>& columns)
{
  std::vector<std::string> selected;
  if (resolved.column.empty()) {
    for (const auto& column : columns) {
      selected.push_back(column.name);
    }
  } else {
    selected = resolved.key_columns;
    selected.push_back(resolved.column);
  }
  return selected;
}

bool remove_backup_file(const BackupRecord& record, const std::string& extension)
{
  const std::filesystem::path file(record.location);
  if (file.filename() != record.id + extension) {
    throw Error(ErrorKind::integrity, "backup " + record.id + " points at " + record.location +
                                        ", which is not its backup file (" + record.id + extension +
                                        "); not removing it");
  }
  std::error_code error;
  const bool removed = std::filesystem::remove(file, error);
  if (error) {
    throw Error(ErrorKind::database, "cannot remove backup file " + record.location + ": " + error.message());
  }
  return removed;
}

std::filesystem::path new_backup_file(const std::filesystem::path& dir, const std::string& name)
{
  create_strata_folder(dir, "backup directory");
  const auto file = dir / name;
  if (std::filesystem::exists(file)) {
    throw Error(ErrorKind::database, "backup file " + file.string() + " already exists");
  }
  return file;
}

namespace {

// fsync of a file or folder; throws naming it.
void sync_path(const std::filesystem::path& path, bool folder)
{
  const int fd = open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) {
      close(fd);
    }
    throw Error(ErrorKind::database, "cannot flush " + path.string() + " to disk: " + reason);
  }
  close(fd);
}

} // namespace

void publish_backup_file(const std::filesystem::path& temporary, const std::filesystem::path& file,
                         bool keep_temporary)
{
  std::error_code ignored;
  try {
    sync_path(temporary, false);
    if (link(temporary.c_str(), file.c_str()) != 0) {
      const int error = errno;
      throw Error(ErrorKind::database, error == EEXIST ? "backup file " + file.string() + " already exists"
                                                       : "cannot name backup file " + file.string() + ": " +
                                                           std::strerror(error));
    }
  } catch (const Error&) {
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  if (!keep_temporary) {
    std::filesystem::remove(temporary, ignored);
  }
  sync_path(file.parent_path(), true);
}

std::vector<BackupCopy> backup_files(const std::filesystem::path& dir, const std::string& extension)
{
  std::vector<BackupCopy> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > extension.size() && name.compare(name.size() - extension.size(), extension.size(), extension) == 0) {
      files.push_back({name.substr(0, name.size() - extension.size()),
                       std::filesystem::absolute(entry.path()).lexically_normal().string(), false, false});
    }
  }
  return files;
}

void write_backup_file(const std::filesystem::path& file, const std::string& header_line,
                       const std::vector<std::string>& row_lines, long long live_rows)
{
  if (static_cast<long long>(row_lines.size()) != live_rows) {
    throw Error(ErrorKind::database, "backup " + file.string() + " does not match the database: " +
                                       std::to_string(row_lines.size()) + " rows copied, " +
                                       std::to_string(live_rows) + " live");
  }
  auto temporary = file; // per process: two writers never share one
  temporary += "." + std::to_string(getpid()) + ".tmp";
  std::error_code error;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << header_line << '\n';
    for (const auto& line : row_lines) {
      out << line << '\n';
    }
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary, error);
      throw Error(ErrorKind::database, "cannot write backup file " + temporary.string());
    }
  }
  publish_backup_file(temporary, file);
}

BackupFileReader::BackupFileReader(const BackupRecord& record) : m_in(record.location, std::ios::binary)
{
  if (!m_in) {
    throw Error(ErrorKind::database, "backup file " + record.location + " of backup " + record.id + " is missing");
  }
  std::getline(m_in, m_header);
}

std::vector<std::string> BackupFileReader::next(std::size_t count)
{
  std::vector<std::string> lines;
  for (std::string line; lines.size() < count && std::getline(m_in, line);) {
    if (!line.empty()) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

} // namespace strata::dialects
