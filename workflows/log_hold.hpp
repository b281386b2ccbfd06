#pragma once
// Holds back the calling thread's log messages while another thread does work whose outcome
// decides whether they are shown (DesiredLoad: a bad schema file is reported alone, as when it was
// loaded before anything else ran).

#include <memory>

namespace strata::workflows {

class HeldSink;

// From construction, the default logger's messages logged on the constructing thread are held;
// those of other threads pass straight through. release() shows the held ones, in order; drop()
// discards them; either ends the hold (the destructor releases). The logger's sinks are swapped
// at construction and at the end, so no other thread may be logging then: start the other thread
// after the hold, and end the hold once it is joined.
class LogHold {
public:
  LogHold();
  ~LogHold();
  LogHold(const LogHold&) = delete;
  LogHold& operator=(const LogHold&) = delete;

  void release();
  void drop();

private:
  void end(bool show);
  std::shared_ptr<HeldSink> m_sink;
};

} // namespace strata::workflows
