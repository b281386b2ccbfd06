// SQLite's answers to `strata doctor` (dialects/health.hpp). There is no account on the database:
// what strata needs is the file system's — reading the file; writing the file, its folder (the
// journal or WAL files SQLite makes beside it) and the lock folder for apply; the backup folder
// for backups. The lock holder is read from /proc/locks (the flock of lock.cpp), never by
// trying the lock. No server clock: SQLite runs on this machine.
#include "dialects/health.hpp"
#include "dialects/sqlite/internal.hpp"
#include "dialects/strata_folder.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace strata::dialects::sqlite {

namespace fs = std::filesystem;

namespace {

constexpr int k_oldest = 3037000; // pragma table_list (3.37), which the reader needs

std::string cell(const ResultSet& result)
{
  return result.rows.empty() || result.rows[0].empty() ? std::string{} : result.rows[0][0].value_or("");
}

bool in_memory(const DbUrl& url)
{
  return url.path.empty() || url.path == ":memory:" || url.path.find("mode=memory") != std::string::npos;
}

fs::path file_of(const DbUrl& url)
{
  const auto query = url.path.find('?');
  return query == std::string::npos ? fs::path(url.path) : fs::path(url.path.substr(0, query));
}

std::string os_user()
{
  const passwd* entry = getpwuid(geteuid());
  return entry != nullptr && entry->pw_name != nullptr ? entry->pw_name : std::to_string(geteuid());
}

ServerFacts server(Connection& connection, const DbUrl& /*url*/)
{
  ServerFacts facts;
  const std::string version = cell(connection.query("SELECT sqlite_version()"));
  facts.version = "SQLite " + version + " (the library strata is linked with)";
  facts.account = "OS user " + os_user();
  int parts[3] = {0, 0, 0};
  std::istringstream in(version);
  char dot = 0;
  in >> parts[0] >> dot >> parts[1] >> dot >> parts[2];
  if (parts[0] * 1000000 + parts[1] * 1000 + parts[2] >= k_oldest) {
    facts.support_note = "3.37 or newer, as strata needs (tested on 3.40)";
  } else {
    facts.support = HealthLevel::fail;
    facts.support_note = "too old: strata needs SQLite 3.37 or newer (pragma table_list)";
  }
  return facts;
}

// The octal permission bits of `path` ("0444").
std::string mode_of(const struct stat& info)
{
  return fmt::format("{:04o}", info.st_mode & 07777);
}

// May this process write `path` (a file, or a folder to create files in)? A read-only mount or
// a refusal by access(2) fails; as root, whom permission bits do not stop, a path without any
// write bit is still reported (optional: a warning), since someone marked it read-only.
Privilege writable(const fs::path& path, const std::string& what)
{
  Privilege privilege{"write " + what + " " + path.string(), true, true,
                      fmt::format("chmod u+w {} (as the user strata runs as)", path.string())};
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    privilege.held = false;
    privilege.name += fmt::format(" ({})", std::strerror(errno));
    return privilege;
  }
  struct statvfs volume {};
  if (::statvfs(path.c_str(), &volume) == 0 && (volume.f_flag & ST_RDONLY) != 0) {
    privilege.held = false;
    privilege.name += ": it is on a read-only file system";
    privilege.fix = "mount the file system read-write, or copy the database to one";
    return privilege;
  }
  const int flags = S_ISDIR(info.st_mode) ? (W_OK | X_OK) : W_OK;
  if (::access(path.c_str(), flags) != 0) {
    privilege.held = false;
    privilege.name += fmt::format(": read-only for {} (mode {}, {})", os_user(), mode_of(info), std::strerror(errno));
    return privilege;
  }
  if ((info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
    privilege.held = false;
    privilege.required = false;
    privilege.name += fmt::format(": read-only (mode {}); {} may still write it, permission bits do not stop root",
                                  mode_of(info), os_user());
  }
  return privilege;
}

// The nearest existing folder on the way to `path` (for a folder strata would create).
fs::path existing_ancestor(fs::path path)
{
  std::error_code error;
  path = fs::absolute(path, error).lexically_normal();
  while (!path.empty() && !fs::exists(path, error) && path != path.root_path()) {
    path = path.parent_path();
  }
  return path;
}

std::vector<PrivilegeGroup> privileges(Connection& /*connection*/, const PrivilegeContext& context)
{
  PrivilegeGroup read{"read-only commands", {}, ""};
  PrivilegeGroup apply{"apply", {}, ""};
  PrivilegeGroup backups{"backups", {}, ""};
  if (in_memory(context.url)) {
    read.note = "an in-memory database: nothing on disk to check";
    return {read, apply, backups};
  }
  const fs::path file = file_of(context.url);
  read.privileges.push_back({"read the file " + file.string(), true, true, ""}); // it is open
  if (context.url.path.find("mode=ro") != std::string::npos || context.url.path.find("immutable=1") != std::string::npos) {
    apply.privileges.push_back({"a URL that lets SQLite write (it says mode=ro or immutable=1)", false, true,
                                "drop mode=ro / immutable=1 from the URL for apply"});
  }
  apply.privileges.push_back(writable(file, "the file"));
  const auto folder = fs::absolute(file).parent_path();
  apply.privileges.push_back(writable(folder, "the folder (SQLite's journal and WAL files go there)"));
  const auto lock_folder = sqlite_lock_file(file).parent_path();
  if (fs::exists(lock_folder)) {
    apply.privileges.push_back(writable(lock_folder, "the lock folder"));
  } else {
    apply.note = "the first apply creates the lock folder " + lock_folder.string();
  }
  if (fs::exists(context.backup_dir)) {
    backups.privileges.push_back(writable(context.backup_dir, "the backup folder"));
  } else {
    const auto ancestor = existing_ancestor(context.backup_dir);
    backups.privileges.push_back(writable(ancestor, "the folder the backup folder is created in"));
    backups.note = "the first backup creates " + context.backup_dir.string();
  }
  return {read, apply, backups};
}

// The process holding the flock of the database's lock file, from /proc/locks ("1: FLOCK
// ADVISORY WRITE <pid> <major>:<minor>:<inode> 0 EOF"); waiters ("->" lines) left out.
std::string lock_holder(Connection& /*connection*/, const DbUrl& url)
{
  if (in_memory(url)) {
    return {};
  }
  const auto lock_file = sqlite_lock_file(file_of(url));
  struct stat info {};
  if (::stat(lock_file.c_str(), &info) != 0) {
    return {}; // never locked here
  }
  const std::string device = fmt::format("{:02x}:{:02x}:{}", major(info.st_dev), minor(info.st_dev), info.st_ino);
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream fields(line);
    std::string id, kind, advisory, mode, pid, where;
    fields >> id >> kind;
    if (kind == "->" || kind != "FLOCK") {
      continue;
    }
    fields >> advisory >> mode >> pid >> where;
    if (where != device) {
      continue;
    }
    std::ifstream comm("/proc/" + pid + "/comm");
    std::string name;
    std::getline(comm, name);
    return "process " + pid + (name.empty() ? std::string{} : " (" + name + ")") + " holds " + lock_file.string();
  }
  return {};
}

std::vector<HealthFinding> deployment_findings(Connection& connection, const DbUrl& url)
{
  if (in_memory(url)) {
    return {};
  }
  const std::string mode = cell(connection.query("PRAGMA journal_mode"));
  std::vector<HealthFinding> findings;
  findings.push_back({"journal", HealthLevel::ok,
                      "journal_mode = " + mode +
                        (mode == "wal" ? " (writers and readers share <file>-wal and <file>-shm beside it)"
                                       : " (a writer keeps its rollback journal <file>-journal beside it)"),
                      ""});
  const fs::path hot = file_of(url).string() + "-journal";
  std::error_code error;
  if (mode != "wal" && fs::exists(hot, error) && fs::file_size(hot, error) > 0) {
    findings.push_back({"journal", HealthLevel::warn,
                        hot.string() + " is left by a writer that stopped in a transaction (a hot journal); the next "
                                       "writer rolls it back",
                        "open the database once with write access (any strata apply, or sqlite3) so that SQLite "
                        "rolls the interrupted transaction back"});
  }
  return findings;
}

} // namespace

const Health& health()
{
  static const Health assembled{&server, &privileges, &lock_holder, nullptr, &deployment_findings};
  return assembled;
}

} // namespace strata::dialects::sqlite
