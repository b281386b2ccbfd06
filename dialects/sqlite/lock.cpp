// The migration lock (an exclusive flock on `.strata/<db file>.lock` beside the database file,
// released by the kernel if the process dies) and the post-migration integrity check
// (PRAGMA foreign_key_check).
#include "dialects/sqlite/internal.hpp"
#include "dialects/strata_folder.hpp"

#include "schemas/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace strata::dialects::sqlite {

namespace {

class FileLock final : public Lock {
public:
  explicit FileLock(int fd) : m_fd(fd) {}
  ~FileLock() override
  {
    flock(m_fd, LOCK_UN);
    close(m_fd);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int m_fd;
};

class NoLock final : public Lock {};

bool in_memory(const std::string& path)
{
  return path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos;
}

std::string display(const std::string& value)
{
  return value.empty() ? "NULL" : value;
}

} // namespace

std::unique_ptr<Lock> acquire_lock(Connection& /*connection*/, const DbUrl& url, std::chrono::milliseconds timeout)
{
  if (in_memory(url.path)) {
    return std::make_unique<NoLock>(); // nobody else can see a private in-memory database
  }
  std::string path = url.path;
  if (const auto query = path.find('?'); query != std::string::npos) {
    path = path.substr(0, query); // URI parameters are not part of the file name
  }
  const auto lock_file = sqlite_lock_file(path);
  create_strata_folder(lock_file.parent_path(), "lock folder");
  const std::string lock_path = lock_file.string();
  const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(ErrorKind::database, "cannot open lock file " + lock_path + ": " + std::strerror(errno));
  }
  const auto start = std::chrono::steady_clock::now();
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EINTR) {
      continue;
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (error != EWOULDBLOCK || waited >= timeout) {
      close(fd);
      if (error != EWOULDBLOCK) {
        throw Error(ErrorKind::database, "cannot lock " + lock_path + ": " + std::strerror(error));
      }
      throw Error(ErrorKind::database, "another strata process holds the migration lock on " + path + " (waited " +
                                         std::to_string(waited.count()) + " ms)");
    }
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), timeout - waited));
  }
  return std::make_unique<FileLock>(fd);
}

void check_integrity(Connection& connection)
{
  const ResultSet violations = connection.query("PRAGMA foreign_key_check");
  if (violations.empty()) {
    return;
  }
  constexpr size_t k_shown = 10;
  std::string message = std::to_string(violations.rows.size()) + " foreign key violation(s):";
  for (size_t i = 0; i < violations.rows.size() && i < k_shown; ++i) {
    const auto& row = violations.rows[i]; // table, rowid, parent, fkid
    message += "\n  table " + display(row[0].value_or("")) + " rowid " + display(row[1].value_or("")) +
               " references a missing row of " + display(row[2].value_or(""));
  }
  if (violations.rows.size() > k_shown) {
    message += "\n  ... and " + std::to_string(violations.rows.size() - k_shown) + " more";
  }
  throw Error(ErrorKind::database, message);
}

} // namespace strata::dialects::sqlite
