#include "workflows/log_hold.hpp"

#include <spdlog/details/log_msg_buffer.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>
#include <vector>

namespace strata::workflows {

// Stands in for the logger's sinks during a hold.
class HeldSink final : public spdlog::sinks::sink {
public:
  explicit HeldSink(std::vector<spdlog::sink_ptr> sinks)
    : m_sinks(std::move(sinks))
  {
  }

  void log(const spdlog::details::log_msg& msg) override
  {
    if (std::this_thread::get_id() == m_held_thread) {
      const std::lock_guard<std::mutex> lock(m_mutex);
      m_held.emplace_back(msg);
      return;
    }
    show(msg);
  }

  void flush() override
  {
    for (const auto& out : m_sinks) {
      out->flush();
    }
  }

  void set_pattern(const std::string& pattern) override
  {
    for (const auto& out : m_sinks) {
      out->set_pattern(pattern);
    }
  }

  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override
  {
    for (const auto& out : m_sinks) {
      out->set_formatter(formatter->clone());
    }
  }

  // The logger's own sinks back, and what was held, shown (`show_held`) or not.
  std::vector<spdlog::sink_ptr> end(bool show_held)
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (show_held) {
      for (const auto& msg : m_held) {
        show(msg);
      }
      flush();
    }
    m_held.clear();
    return m_sinks;
  }

private:
  void show(const spdlog::details::log_msg& msg)
  {
    for (const auto& out : m_sinks) {
      if (out->should_log(msg.level)) {
        out->log(msg);
      }
    }
  }

  const std::vector<spdlog::sink_ptr> m_sinks;
  const std::thread::id m_held_thread = std::this_thread::get_id();
  std::mutex m_mutex;
  std::vector<spdlog::details::log_msg_buffer> m_held;
};

LogHold::LogHold()
{
  auto& sinks = spdlog::default_logger_raw()->sinks();
  m_sink = std::make_shared<HeldSink>(sinks);
  sinks = {m_sink};
}

LogHold::~LogHold()
{
  end(true);
}

void LogHold::release()
{
  end(true);
}

void LogHold::drop()
{
  end(false);
}

void LogHold::end(bool show)
{
  if (m_sink) {
    spdlog::default_logger_raw()->sinks() = m_sink->end(show);
    m_sink.reset();
  }
}

} // namespace strata::workflows
