#include "dialects/mysql/internal.hpp"
#include "dialects/quoting.hpp"

namespace strata::dialects::mysql {

std::string quote_identifier(const std::string& name)
{
  return quote_doubling(name, '`');
}

std::string quote_literal(const std::string& value)
{
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\0') {
      out += "\\0";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string quote_name(const schemas::QualifiedName& name)
{
  return quote_qualified(name, '`');
}

std::string column_list(const std::vector<std::string>& names)
{
  return quote_list(names, '`');
}

} // namespace strata::dialects::mysql
