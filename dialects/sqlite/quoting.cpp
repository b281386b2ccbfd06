#include "dialects/quoting.hpp"
#include "dialects/sqlite/internal.hpp"

namespace strata::dialects::sqlite {

std::string quote_identifier(const std::string& name)
{
  return quote_doubling(name, '"');
}

std::string quote_literal(const std::string& value)
{
  return quote_doubling(value, '\'');
}

} // namespace strata::dialects::sqlite
