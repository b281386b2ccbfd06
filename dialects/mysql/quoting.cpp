#include "dialects/mysql/internal.hpp"
#include "dialects/quoting.hpp"
#include "schemas/name_rules.hpp"

#include <fmt/format.h>

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

std::string name_problem(const std::string& name, bool label)
{
  constexpr size_t k_max_characters = 64;
  const auto characters = schemas::code_points(name);
  for (const char32_t c : characters) {
    if (c > 0xFFFF) {
      return fmt::format("holds U+{:04X}, a character outside the Basic Multilingual Plane, which MySQL/MariaDB {}",
                         static_cast<unsigned>(c),
                         label ? "store as '?' in an ENUM value" : "refuse in a name");
    }
  }
  if (!name.empty() && name.back() == ' ') {
    return label ? "ends with a space, which MySQL/MariaDB remove from an ENUM value, so the database would never "
                   "match the schema"
                 : "ends with a space, which MySQL/MariaDB refuse in a name";
  }
  if (!label && characters.size() > k_max_characters) {
    return fmt::format("is {} characters long; MySQL/MariaDB take names of at most {}", characters.size(),
                       k_max_characters);
  }
  return {};
}

} // namespace strata::dialects::mysql
