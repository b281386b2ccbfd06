#include "dialects/postgres/internal.hpp"

namespace strata::dialects::postgres {

namespace {
std::string quoted(const std::string& text, char quote)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    out += c;
    if (c == quote) {
      out += quote; // doubling is the only escape with standard_conforming_strings on
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

std::string quote_name(const schemas::QualifiedName& name)
{
  return name.schema.empty() ? quote_identifier(name.name)
                             : quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

} // namespace strata::dialects::postgres
