#include "schemas/text.hpp"

#include <algorithm>

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

bool ascii_iequal(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string first_line(const std::string& text)
{
  return text.substr(0, text.find('\n'));
}

} // namespace strata::schemas
