#include "dialects/postgres/internal.hpp"
#include "dialects/quoting.hpp"

namespace strata::dialects::postgres {

std::string quote_identifier(const std::string& name)
{
  return quote_doubling(name, '"');
}

std::string quote_literal(const std::string& value)
{
  return quote_doubling(value, '\''); // standard_conforming_strings is on for every connection
}

std::string quote_name(const schemas::QualifiedName& name)
{
  return quote_qualified(name, '"');
}

std::string column_list(const std::vector<std::string>& names)
{
  return quote_list(names, '"');
}

} // namespace strata::dialects::postgres
