// MySQL/MariaDB's lexical rules for the shared tokenizer: `x` identifiers, '' and "" strings with
// backslash escapes, b'' x'' n'' and _charset'' literals, "-- " and # comments, `/*! */` version
// comments read as code, @variables, names that start with digits; and, for files its
// command-line client reads, DELIMITER lines.
#include "dialects/mysql/expr.hpp"

#include <array>

namespace strata::dialects::mysql {

namespace {

// Tried in order: "<=>" before "<=", "->>" before "->".
constexpr std::array<std::string_view, 12> k_operators{"<=>", "<>", "!=", "<=", ">=", "<<", ">>", "&&", "||", ":=",
                                                       "->>", "->"};

} // namespace

const lex::Syntax& syntax()
{
  static const lex::Syntax s{.identifier_quotes = "`",
                             .string_quotes = "'\"",
                             .backslash_escapes = true,
                             .string_prefixes = "bBxXnN",
                             .charset_introducers = true,
                             .dash_comment_needs_space = true,
                             .hash_comments = true,
                             .version_comments = true,
                             .dollar_starts_identifier = true,
                             .digits_start_identifiers = true,
                             .hex_numbers = true,
                             .at_variables = true,
                             .operators = k_operators};
  return s;
}

const lex::Syntax& client_syntax()
{
  static const lex::Syntax s = [] {
    lex::Syntax out = syntax();
    out.delimiter_lines = true;
    return out;
  }();
  return s;
}

} // namespace strata::dialects::mysql
