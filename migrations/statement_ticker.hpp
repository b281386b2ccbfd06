#pragma once
// The live status line of a running statement: after k_slow_statement_ms a thread shows the
// elapsed time (and what a ProgressProbe sees) through a callback, redrawn every k_tick, and
// clears it when the statement ends. The executor makes one per statement when asked to.

#include "dialects/dialect.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace strata::migrations {

class StatementTicker {
public:
  static constexpr std::chrono::milliseconds k_tick{250};

  // `show` gets the line to draw, or "" to clear it; it is called from the ticker's thread and
  // never after stop(). `probe` (may be null) must outlive the ticker.
  StatementTicker(std::function<void(const std::string&)> show, std::string label, dialects::ProgressProbe* probe);
  ~StatementTicker();
  StatementTicker(const StatementTicker&) = delete;
  StatementTicker& operator=(const StatementTicker&) = delete;

  // Ends the thread and clears the line (when one was shown); the destructor does it too.
  void stop();

private:
  void run();

  std::function<void(const std::string&)> m_show;
  std::string m_label;
  dialects::ProgressProbe* m_probe;
  std::chrono::steady_clock::time_point m_start;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

} // namespace strata::migrations
