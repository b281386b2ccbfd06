#pragma once
// Runs a child process with fork/execve: captures stdout and stderr through pipes, reports the
// exit code or the terminating signal, kills the child after a time-out.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace strata::e2e {

struct ProcessOptions {
  std::filesystem::path cwd;                      // empty: the test's own working directory
  std::map<std::string, std::string> env;         // added to (or replacing in) the inherited environment
  std::vector<std::string> unset_env;             // removed from the inherited environment
  bool stdin_null = true;                         // stdin from /dev/null (else inherited)
  std::chrono::milliseconds timeout{120'000};     // SIGKILL after this long
};

struct ProcessResult {
  int exit_code = -1;       // -1 when the child did not exit normally
  int signal = 0;           // the terminating signal, 0 when it exited
  bool timed_out = false;
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
  std::string command; // the program's file name and its arguments, a URL's password as ***

  // "strata status --targets t.txt: exit 1 after 12 ms\n--- stderr ---\n...\n--- stdout ---\n..."
  // for failure messages: the command and its errors first, so a shortened log still shows them.
  std::string describe() const;
  std::string output() const { return out + err; }
};

// A running child. The destructor kills (SIGKILL) and reaps a child still running.
class Process {
public:
  Process(std::vector<std::string> argv, ProcessOptions options);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return m_pid; }
  bool running() const;
  // stdout + stderr captured so far (the child may still be running).
  std::string output_so_far() const;
  // Sends `sig` unless the child has already been reaped.
  void send_signal(int sig);
  // Waits for the end (killing the child at the time-out) and returns what it did.
  ProcessResult wait();

private:
  void pump(int out_fd, int err_fd);

  std::vector<std::string> m_argv;
  ProcessOptions m_options;
  pid_t m_pid = -1;
  std::chrono::steady_clock::time_point m_start;
  mutable std::mutex m_mutex;
  std::condition_variable m_done_cv;
  bool m_reaped = false;   // finished: output drained and exit status known
  bool m_pid_gone = false; // waitpid returned: the pid may be reused
  int m_status = 0;
  bool m_timed_out = false;
  std::string m_out;
  std::string m_err;
  std::chrono::milliseconds m_elapsed{0};
  std::thread m_pump;
};

// Polls `condition` every 20 ms until it holds (true) or `limit` has passed (false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit);

// Starts argv[0] (a path) and waits for it.
ProcessResult run_process(std::vector<std::string> argv, ProcessOptions options = {});

} // namespace strata::e2e
