#pragma once
// MySQL/MariaDB expression text: tokens (the shared tokenizer over MySQL's syntax) that respect MySQL quoting (`ident`, 'str' and
// "str" with '' and \ escapes, b'..', x'..', _charset'..' introducers), comments (--, #, /* */)
// and numbers, and the token-level canonical form used to compare defaults, checks, generated
// expressions and view queries. What text alone cannot settle (MariaDB's own rewrites such as
// NOT (a = 3) -> a <> 3, redundant parentheses by precedence, added view aliases) is settled by
// asking the server (canonicalize.cpp).

#include "dialects/sql_tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::mysql {
// MySQL/MariaDB's lexical rules for the shared tokenizer (syntax.cpp): of text the server holds,
// and of files its command-line client reads (the same, with DELIMITER lines).
const lex::Syntax& syntax();
const lex::Syntax& client_syntax();
} // namespace strata::dialects::mysql

namespace strata::dialects::mysql::expr {

// The shared expression tokens (sql_tokenizer.hpp): MySQL's text has variables (@x) and string
// prefixes (b'01', X'ff', _utf8mb4'x'; the prefix lower case), no casts or blobs.
using TokenKind = lex::ExprKind;
using Token = lex::ExprToken;

// Splits SQL into tokens, skipping whitespace and comments. Unterminated quotes run to the end.
std::vector<Token> tokenize(std::string_view sql);

using lex::ascii_lower;
using lex::ascii_upper;

// True when `word` (any case) is a keyword of expressions or queries; canonical text writes
// keywords lower case, as MariaDB prints them.
bool is_keyword(std::string_view word);
// True when `word` cannot be written bare as an identifier (a reserved word).
bool is_reserved(std::string_view word);

// Canonical text of an expression or query: tokens re-joined with canonical spacing (one space
// between tokens; none inside parentheses, before ',', around '.', after a unary sign or between
// a function name and its '('; ", " between list items); keywords and function names lower case;
// `plain` identifiers unquoted (reserved words and odd names keep their backticks); != as <>,
// && and || as and/or, % as mod, TRUE/FALSE as 1/0 (MariaDB prints them so); parentheses around
// the whole text or around a single token removed; a trailing ';' removed. Idempotent.
std::string canonical(std::string_view sql);

// The identifier a word or quoted identifier names (`a``b` -> a`b).
std::string identifier_text(const Token& token);

// `sql` without the `database`. qualifier of object names (MariaDB writes view queries with
// every table qualified by the view's database).
std::string strip_qualifier(std::string_view sql, const std::string& database);

} // namespace strata::dialects::mysql::expr
