#include "dialects/sqlite/internal.hpp"

namespace strata::dialects::sqlite {

namespace {
std::string quoted(const std::string& text, char quote)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    out += c;
    if (c == quote) {
      out += quote; // doubling is SQLite's only escape inside quotes
    }
  }
  out += quote;
  return out;
}
} // namespace

std::string quote_identifier(const std::string& name)
{
  return quoted(name, '"');
}

std::string quote_literal(const std::string& value)
{
  return quoted(value, '\'');
}

} // namespace strata::dialects::sqlite
