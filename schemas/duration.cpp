#include "schemas/duration.hpp"

#include <cctype>
#include <string>

namespace strata::schemas {

std::optional<std::chrono::milliseconds> parse_written_duration(std::string_view text)
{
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  if (digits == 0 || digits > 9) {
    return std::nullopt;
  }
  const long long value = std::stoll(std::string(text.substr(0, digits)));
  const auto unit = text.substr(digits);
  if (unit == "ms") {
    return std::chrono::milliseconds(value);
  }
  if (unit == "s") {
    return std::chrono::milliseconds(value * 1000);
  }
  if (unit == "min") {
    return std::chrono::milliseconds(value * 60000);
  }
  if (unit == "h") {
    return std::chrono::milliseconds(value * 3600000);
  }
  return std::nullopt;
}

} // namespace strata::schemas
