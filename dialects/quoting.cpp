#include "dialects/quoting.hpp"

namespace strata::dialects {

std::string quote_doubling(const std::string& text, char quote)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    out += c;
    if (c == quote) {
      out += quote;
    }
  }
  out += quote;
  return out;
}

std::string quote_qualified(const schemas::QualifiedName& name, char quote)
{
  return name.schema.empty() ? quote_doubling(name.name, quote)
                             : quote_doubling(name.schema, quote) + "." + quote_doubling(name.name, quote);
}

std::string quote_list(const std::vector<std::string>& names, char quote)
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + quote_doubling(name, quote);
  }
  return out;
}

} // namespace strata::dialects
