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
  static const lex::Syntax s = [] {
    lex::Syntax out;
    out.escape_string_prefix = 'E';
    out.dollar_quotes = true;
    out.nested_block_comments = true;
    out.digit_separators = true;
    out.operators = k_operators;
    out.operator_run_chars = "+-*/<>=~!@#%^&|`?";
    return out;
  }();
  return s;
}

} // namespace strata::dialects::postgres
