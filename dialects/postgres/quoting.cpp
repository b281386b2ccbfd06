#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/quoting.hpp"

#include <fmt/format.h>

namespace strata::dialects::postgres {

std::string quote_identifier(const std::string& name)
{
  return quote_doubling(name, '"');
}

std::string quote_literal(const std::string& value)
{
  return quote_doubling(value, '\''); // standard_conforming_strings is on for every connection
}

std::string shown_identifier(const std::string& name)
{
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (const char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  return plain && !expr::keyword_needs_quotes(name) ? name : quote_identifier(name);
}

std::string quote_name(const schemas::QualifiedName& name)
{
  return quote_qualified(name, '"');
}

std::string column_list(const std::vector<std::string>& names)
{
  return quote_list(names, '"');
}

std::string name_problem(const std::string& name, bool label)
{
  constexpr size_t k_max_bytes = 63; // NAMEDATALEN - 1
  if (name.size() <= k_max_bytes) {
    return {};
  }
  if (label) {
    return fmt::format("is {} bytes long; PostgreSQL takes enum values of at most {} bytes", name.size(),
                       k_max_bytes);
  }
  return fmt::format("is {} bytes long; PostgreSQL keeps the first {} bytes of a name and drops the rest, so the "
                     "database would never match the schema",
                     name.size(), k_max_bytes);
}

} // namespace strata::dialects::postgres
