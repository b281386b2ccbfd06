#include "dialects/quoting.hpp"

namespace strata::dialects {

std::string quote_doubling(const std::string& text, char quote)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    out += c;
    if (c == quote) {
      out += quote;
    }
  }
  out += quote;
  return out;
}

} // namespace strata::dialects
