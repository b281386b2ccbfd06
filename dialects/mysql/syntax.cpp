// MySQL/MariaDB's lexical rules for the shared tokenizer: `x` identifiers, '' and "" strings with
// backslash escapes, b'' x'' n'' and _charset'' literals, "-- " and # comments, @variables, names
// that start with digits; and, for files its command-line client reads, DELIMITER lines.
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
  static const lex::Syntax s = [] {
    lex::Syntax out;
    out.identifier_quotes = "`";
    out.string_quotes = "'\"";
    out.backslash_escapes = true;
    out.string_prefixes = "bBxXnN";
    out.charset_introducers = true;
    out.dash_comment_needs_space = true;
    out.hash_comments = true;
    out.dollar_starts_identifier = true;
    out.digits_start_identifiers = true;
    out.hex_numbers = true;
    out.at_variables = true;
    out.operators = k_operators;
    return out;
  }();
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
