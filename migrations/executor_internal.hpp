#pragma once
// Small helpers shared by the executor's source files (executor*.cpp).

#include <chrono>
#include <string>
#include <vector>

namespace strata::migrations::detail {

inline long long elapsed_ms(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

inline std::string join(const std::vector<std::string>& items, const char* separator)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

} // namespace strata::migrations::detail
