// PostgreSQL's lexical rules for the shared tokenizer: "x" identifiers, '' and E'' strings,
// $tag$ quotes, nested /* */ comments, the :: cast and operators made of runs of symbols.
#include "dialects/postgres/expr.hpp"

#include <array>

namespace strata::dialects::postgres {

namespace {

constexpr std::array<std::string_view, 1> k_operators{"::"};

} // namespace

const lex::Syntax& syntax()
{
  static const lex::Syntax s{.escape_string_prefix = 'E',
                             .dollar_quotes = true,
                             .nested_block_comments = true,
                             .digit_separators = true,
                             .operators = k_operators,
                             .operator_run_chars = "+-*/<>=~!@#%^&|`?"};
  return s;
}

} // namespace strata::dialects::postgres
