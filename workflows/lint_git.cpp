// `strata lint --base REV / --changed-only`: which migration files a pull request adds or edits,
// asked of git (run without a shell: paths with spaces or quotes are plain arguments).
#include "workflows/lint.hpp"

#include "schemas/error.hpp"
#include "schemas/text.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

extern char** environ;

namespace strata::workflows {

namespace {

struct GitResult {
  int status = -1;
  std::string out;
  std::string err;
};

// `git -C dir args...`, stdout and stderr captured (read together: neither pipe can fill up).
GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args)
{
  std::vector<std::string> argv{"git", "-C", dir.string(), "-c", "core.quotepath=off"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& arg : argv) {
    raw.push_back(arg.data());
  }
  raw.push_back(nullptr);
  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  if (pipe2(out.data(), O_CLOEXEC) != 0 || pipe2(err.data(), O_CLOEXEC) != 0) {
    throw Error(ErrorKind::input, "cannot run git: no pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  GitResult result;
  if (spawned != 0) {
    close(out[0]);
    close(err[0]);
    throw Error(ErrorKind::input, "--base/--changed-only need git, and git could not be started");
  }
  std::array<pollfd, 2> fds{pollfd{out[0], POLLIN, 0}, pollfd{err[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  for (int open_fds = 2; open_fds > 0;) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      continue; // EINTR
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

GitResult git_or_throw(const std::filesystem::path& dir, const std::vector<std::string>& args)
{
  GitResult result = run_git(dir, args);
  if (result.status != 0) {
    throw Error(ErrorKind::input, "git " + args.front() + " failed: " + schemas::first_line(result.err));
  }
  return result;
}

// NUL-separated paths (-z) directly in the folder (no '/').
void add_names(const std::string& listing, std::set<std::string>& out)
{
  for (size_t at = 0; at < listing.size();) {
    const auto end = std::min(listing.find('\0', at), listing.size());
    const std::string path = listing.substr(at, end - at);
    if (!path.empty() && path.find('/') == std::string::npos) {
      out.insert(path);
    }
    at = end + 1;
  }
}

} // namespace

std::set<std::string> git_changed_files(const std::filesystem::path& dir, const std::string& base)
{
  if (!std::filesystem::is_directory(dir)) {
    throw Error(ErrorKind::input, "--base/--changed-only: the migrations folder " + dir.string() + " does not exist");
  }
  const GitResult inside = run_git(dir, {"rev-parse", "--is-inside-work-tree"});
  if (inside.status != 0 || schemas::first_line(inside.out) != "true") {
    throw Error(ErrorKind::input, "--base/--changed-only need a git repository, and " + dir.string() +
                                    " is not inside a git work tree");
  }
  std::string since;
  if (!base.empty()) {
    if (!base.empty() && base.front() == '-') {
      throw Error(ErrorKind::usage, "--base " + base + " is not a revision");
    }
    since = schemas::first_line(git_or_throw(dir, {"merge-base", base, "HEAD"}).out);
  } else if (run_git(dir, {"rev-parse", "--verify", "--quiet", "HEAD"}).status == 0) {
    since = "HEAD";
  } else {
    since = schemas::first_line(git_or_throw(dir, {"hash-object", "-t", "tree", "/dev/null"}).out); // no commit yet
  }
  std::set<std::string> out;
  add_names(git_or_throw(dir, {"diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM", "--relative", since,
                               "--", "."})
              .out,
            out);
  add_names(git_or_throw(dir, {"ls-files", "-z", "--others", "--exclude-standard", "--", "."}).out, out);
  return out;
}

} // namespace strata::workflows
