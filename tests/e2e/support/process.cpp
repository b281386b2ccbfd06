#include "tests/e2e/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

extern char** environ;

namespace strata::e2e {

namespace {

// An argument as a failure message shows it: a URL's password as ***.
std::string without_password(const std::string& arg)
{
  const auto scheme = arg.find("://");
  const auto at = arg.find('@', scheme == std::string::npos ? 0 : scheme);
  if (scheme == std::string::npos || at == std::string::npos) {
    return arg;
  }
  const auto colon = arg.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) {
    return arg;
  }
  return arg.substr(0, colon + 1) + "***" + arg.substr(at);
}

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe()
  {
    std::array<int, 2> fds{};
    if (pipe2(fds.data(), O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    read_end = fds[0];
    write_end = fds[1];
  }
};

void close_fd(int& fd)
{
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

std::vector<std::string> build_environment(const ProcessOptions& options)
{
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto eq = text.find('=');
    if (eq != std::string::npos) {
      vars[text.substr(0, eq)] = text.substr(eq + 1);
    }
  }
  for (const auto& name : options.unset_env) {
    vars.erase(name);
  }
  for (const auto& [name, value] : options.env) {
    vars[name] = value;
  }
  std::vector<std::string> result;
  result.reserve(vars.size());
  for (const auto& [name, value] : vars) {
    result.push_back(name + "=" + value);
  }
  return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings)
{
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (auto& s : strings) {
    result.push_back(s.data());
  }
  result.push_back(nullptr);
  return result;
}

// In the child: reports errno to the parent through the status pipe and exits.
[[noreturn]] void child_failed(int status_fd)
{
  const int code = errno;
  [[maybe_unused]] const auto written = ::write(status_fd, &code, sizeof code);
  _exit(127);
}

// In the child after fork: only async-signal-safe calls until execve.
[[noreturn]] void exec_child(const Pipe& out, const Pipe& err, const Pipe& status, const char* cwd,
                             bool stdin_null, char* const* argv, char* const* envp)
{
  const auto fail = [&status]() { child_failed(status.write_end); };
  if (stdin_null) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0) {
      fail();
    }
  }
  if (::dup2(out.write_end, STDOUT_FILENO) < 0 || ::dup2(err.write_end, STDERR_FILENO) < 0) {
    fail();
  }
  if (cwd != nullptr && ::chdir(cwd) != 0) {
    fail();
  }
  ::execve(argv[0], argv, envp);
  child_failed(status.write_end);
}

} // namespace

std::string ProcessResult::describe() const
{
  std::string head;
  if (timed_out) {
    head = "timed out";
  } else if (signal != 0) {
    head = "killed by signal " + std::to_string(signal);
  } else {
    head = "exit " + std::to_string(exit_code);
  }
  return (command.empty() ? "" : command + ": ") + head + " after " + std::to_string(elapsed.count()) +
         " ms\n--- stderr ---\n" + err + "\n--- stdout ---\n" + out;
}

Process::Process(std::vector<std::string> argv, ProcessOptions options)
  : m_argv(std::move(argv)), m_options(std::move(options))
{
  if (m_argv.empty()) {
    throw std::invalid_argument("Process: empty argv");
  }
  auto env_strings = build_environment(m_options);
  auto argv_ptrs = pointers(m_argv);
  auto env_ptrs = pointers(env_strings);
  const std::string cwd = m_options.cwd.string();

  Pipe out;
  Pipe err;
  Pipe status;
  m_start = std::chrono::steady_clock::now();
  m_pid = ::fork();
  if (m_pid < 0) {
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (m_pid == 0) {
    exec_child(out, err, status, cwd.empty() ? nullptr : cwd.c_str(), m_options.stdin_null,
               argv_ptrs.data(), env_ptrs.data());
  }
  close_fd(out.write_end);
  close_fd(err.write_end);
  close_fd(status.write_end);

  int child_errno = 0;
  const auto got = ::read(status.read_end, &child_errno, sizeof child_errno);
  close_fd(status.read_end);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    int ignored = 0;
    ::waitpid(m_pid, &ignored, 0);
    close_fd(out.read_end);
    close_fd(err.read_end);
    throw std::runtime_error("cannot start " + m_argv[0] + ": " + std::strerror(child_errno));
  }
  m_pump = std::thread([this, out_fd = out.read_end, err_fd = err.read_end]() { pump(out_fd, err_fd); });
}

Process::~Process()
{
  send_signal(SIGKILL);
  if (m_pump.joinable()) {
    m_pump.join();
  }
}

void Process::pump(int out_fd, int err_fd)
{
  std::array<pollfd, 2> fds{pollfd{out_fd, POLLIN, 0}, pollfd{err_fd, POLLIN, 0}};
  std::array<char, 65536> buffer{};
  int status = 0;
  bool exited = false;
  // Reads what is available; once the child has exited, drains the pipes without blocking (a
  // grandchild still holding them open must not keep us waiting).
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const int ready = ::poll(fds.data(), fds.size(), exited ? 0 : 20);
    if (ready < 0 && errno != EINTR) {
      break;
    }
    bool read_something = false;
    for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const auto n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        read_something = true;
        std::lock_guard lock(m_mutex);
        (i == 0 ? m_out : m_err).append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
    if (exited && !read_something) {
      break;
    }
    if (!exited) {
      std::lock_guard lock(m_mutex); // send_signal must never hit a reaped (reusable) pid
      exited = m_pid_gone = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) {
      ::close(fd.fd);
    }
  }
  while (!exited) {
    const auto reaped = ::waitpid(m_pid, &status, 0);
    exited = reaped == m_pid || (reaped < 0 && errno != EINTR);
  }
  std::lock_guard lock(m_mutex);
  m_pid_gone = true;
  m_status = status;
  m_reaped = true;
  m_elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_start);
  m_done_cv.notify_all();
}

bool Process::running() const
{
  std::lock_guard lock(m_mutex);
  return !m_reaped;
}

std::string Process::output_so_far() const
{
  std::lock_guard lock(m_mutex);
  return m_out + m_err;
}

void Process::send_signal(int sig)
{
  std::lock_guard lock(m_mutex);
  if (!m_pid_gone && m_pid > 0) {
    ::kill(m_pid, sig);
  }
}

ProcessResult Process::wait()
{
  {
    std::unique_lock lock(m_mutex);
    const auto deadline = m_start + m_options.timeout;
    if (!m_done_cv.wait_until(lock, deadline, [this] { return m_reaped; })) {
      m_timed_out = true;
      if (!m_pid_gone) {
        ::kill(m_pid, SIGKILL);
      }
    }
  }
  if (m_pump.joinable()) {
    m_pump.join();
  }
  std::lock_guard lock(m_mutex);
  ProcessResult result;
  result.timed_out = m_timed_out;
  if (WIFEXITED(m_status)) {
    result.exit_code = WEXITSTATUS(m_status);
  } else if (WIFSIGNALED(m_status)) {
    result.signal = WTERMSIG(m_status);
  }
  result.out = m_out;
  result.err = m_err;
  result.elapsed = m_elapsed;
  result.command = std::filesystem::path(m_argv.front()).filename().string();
  for (size_t i = 1; i < m_argv.size(); ++i) {
    result.command += " " + without_password(m_argv[i]);
  }
  return result;
}

ProcessResult run_process(std::vector<std::string> argv, ProcessOptions options)
{
  Process process(std::move(argv), std::move(options));
  return process.wait();
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit)
{
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

} // namespace strata::e2e
