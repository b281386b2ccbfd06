#include "schemas/text.hpp"

#include <cctype>

namespace strata::schemas {

namespace {

template <typename Map> std::string mapped(std::string_view text, Map map)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(map(static_cast<unsigned char>(c)));
  }
  return out;
}

} // namespace

std::string ascii_lower(std::string_view text)
{
  return mapped(text, [](unsigned char c) { return std::tolower(c); });
}

std::string ascii_upper(std::string_view text)
{
  return mapped(text, [](unsigned char c) { return std::toupper(c); });
}

std::string first_line(const std::string& text)
{
  return text.substr(0, text.find('\n'));
}

} // namespace strata::schemas
