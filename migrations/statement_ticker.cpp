#include "migrations/statement_ticker.hpp"

#include "migrations/executor_internal.hpp"

namespace strata::migrations {

StatementTicker::StatementTicker(std::function<void(const std::string&)> show, std::string label,
                                 dialects::ProgressProbe* probe)
  : m_show(std::move(show)), m_label(std::move(label)), m_probe(probe), m_start(std::chrono::steady_clock::now())
{
  m_thread = std::thread([this] { run(); });
}

StatementTicker::~StatementTicker()
{
  stop();
}

void StatementTicker::stop()
{
  {
    const std::lock_guard<std::mutex> guard(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void StatementTicker::run()
{
  bool shown = false;
  auto next = m_start + std::chrono::milliseconds(detail::k_slow_statement_ms);
  std::unique_lock<std::mutex> lock(m_mutex);
  while (!m_wake.wait_until(lock, next, [this] { return m_stopping; })) {
    lock.unlock(); // the probe's query must not hold up stop()'s request
    std::string line = m_label + " running for " + detail::format_duration(detail::elapsed_ms(m_start));
    if (m_probe != nullptr) {
      if (const auto seen = m_probe->sample(); !seen.empty()) {
        line += " - " + seen;
      }
    }
    lock.lock();
    if (m_stopping) {
      break; // the statement ended while sampling: its line would be stale
    }
    m_show(line);
    shown = true;
    next = std::chrono::steady_clock::now() + k_tick;
  }
  if (shown) {
    m_show("");
  }
}

} // namespace strata::migrations
