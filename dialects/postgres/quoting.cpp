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
  return name.schema.empty() ? quote_identifier(name.name)
                             : quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string column_list(const std::vector<std::string>& names)
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + quote_identifier(name);
  }
  return out;
}

} // namespace strata::dialects::postgres
