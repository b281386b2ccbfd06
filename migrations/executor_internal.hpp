#pragma once
// Small helpers shared by the executor's source files (executor*.cpp).

#include "dialects/batch_support.hpp"
#include "schemas/error.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace strata::migrations::detail {

inline long long elapsed_ms(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

// "12 ms", "2.4 s", "3 min 05 s": durations in progress lines.
inline std::string format_duration(long long ms)
{
  char text[48];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%lld ms", ms);
  } else if (ms < 60000) {
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000.0);
  } else {
    std::snprintf(text, sizeof text, "%lld min %02lld s", ms / 60000, (ms % 60000) / 1000);
  }
  return text;
}

// Statements that run at least this long are reported with their duration while a file runs.
inline constexpr long long k_slow_statement_ms = 1000;

// What a dirty row says before its file's first statement runs (apply, rollback): nothing ran.
inline constexpr const char* k_up_not_started = "started; not finished";
inline constexpr const char* k_down_not_started = "rollback started; not finished";

// What a dirty row says while statement `number` runs: a run killed there leaves it so (a failed
// statement replaces it with the database's message).
inline std::string running_message(int number, int line)
{
  return "statement " + std::to_string(number) + " (line " + std::to_string(line) +
         ") was running when the run stopped";
}

// What a dirty row of a batched file says between its parts: every statement before `number`
// is done (committed with the row), and nothing of it ran yet.
inline std::string next_message(int number, int line)
{
  return "statement " + std::to_string(number) + " (line " + std::to_string(line) +
         ") is next; the ones before it are done";
}
inline constexpr const char* k_statements_done = "every statement is done; the integrity check after them is next";

// Lifts a statement time bound (BatchSupport::limit_time) when it goes out of scope, if `on`.
struct TimeLimitEnd {
  const dialects::BatchSupport& support;
  dialects::Connection& connection;
  bool on;
  TimeLimitEnd(const dialects::BatchSupport& engine, dialects::Connection& session, bool active)
    : support(engine), connection(session), on(active)
  {
  }
  TimeLimitEnd(const TimeLimitEnd&) = delete;
  TimeLimitEnd& operator=(const TimeLimitEnd&) = delete;
  ~TimeLimitEnd()
  {
    if (on) {
      try {
        support.end_time_limit(connection);
      } catch (const Error&) { // a lost connection: its setting went with it
      }
    }
  }
};

inline std::string join(const std::vector<std::string>& items, const char* separator)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

} // namespace strata::migrations::detail
