// SQLite's lexical rules for the shared tokenizer: "x", `x` and [x] identifiers, '' strings,
// X'00' blobs, -- and /* */ comments, 0x1F and 1_000 numbers.
#include "dialects/sqlite/sql_text.hpp"

#include <array>

namespace strata::dialects::sqlite {

namespace {

// Longest first so that "->>" wins over "->".
constexpr std::array<std::string_view, 10> k_operators{"->>", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->"};

} // namespace

const lex::Syntax& syntax()
{
  static const lex::Syntax s{.identifier_quotes = "\"`[",
                             .string_prefixes = "xX",
                             .hex_numbers = true,
                             .digit_separators = true,
                             .operators = k_operators};
  return s;
}

} // namespace strata::dialects::sqlite
