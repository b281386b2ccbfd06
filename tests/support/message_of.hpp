#pragma once
// The message of an expected exception, for tests that check what an error says.

#include <string>

namespace strata::test {

// The message of the `E` that `run` throws; empty when it throws nothing.
template <class E, class F>
std::string message_of(F&& run)
{
  try {
    run();
  } catch (const E& e) {
    return e.what();
  }
  return {};
}

} // namespace strata::test
