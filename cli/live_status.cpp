#include "cli/live_status.hpp"

#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

namespace strata::cli {

namespace {

std::atomic<bool> g_line_drawn{false}; // lock-free: read by the signal handler

void end_line_and_die(int sig)
{
  if (g_line_drawn.load()) {
    const char newline = '\n';
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, &newline, 1);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void draw(const std::string& text)
{
  // One write per update, so a line is never interleaved with itself.
  const std::string out = "\r\033[K" + text;
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, out.data(), out.size());
  g_line_drawn.store(!text.empty());
}

} // namespace

std::function<void(const std::string& text)> live_status()
{
  const char* setting = std::getenv("STRATA_PROGRESS");
  const std::string_view mode = setting == nullptr ? "" : setting;
  if (mode == "never") {
    return nullptr;
  }
  const bool shows_progress = spdlog::default_logger_raw()->should_log(spdlog::level::info); // not --quiet
  if (!shows_progress || (mode != "always" && ::isatty(STDERR_FILENO) != 1)) {
    return nullptr;
  }
  for (const int sig : {SIGINT, SIGTERM}) {
    struct sigaction action {};
    action.sa_handler = &end_line_and_die;
    sigemptyset(&action.sa_mask);
    ::sigaction(sig, &action, nullptr);
  }
  return &draw;
}

} // namespace strata::cli
