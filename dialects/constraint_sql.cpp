#include "dialects/constraint_sql.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace strata::dialects {

std::string foreign_key_action(const std::string& action, const std::string& owner)
{
  static constexpr std::array<std::string_view, 5> k_actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL",
                                                                "SET DEFAULT"};
  const auto first = action.find_first_not_of(" \t\n");
  const auto last = action.find_last_not_of(" \t\n");
  std::string word = first == std::string::npos ? std::string() : action.substr(first, last - first + 1);
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(k_actions.begin(), k_actions.end(), word) == k_actions.end()) {
    throw Error(ErrorKind::input, owner + ": unknown action '" + action + "'");
  }
  return word;
}

} // namespace strata::dialects
