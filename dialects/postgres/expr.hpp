#pragma once
// PostgreSQL expression text: tokens (the shared tokenizer over PostgreSQL's syntax) that respect PostgreSQL quoting ('str', E'str',
// $tag$str$tag$, "ident"), comments, numbers and the `::` cast operator, and the token-level
// canonical form used to compare defaults, checks, index expressions/predicates, generated
// expressions and view queries. The server-side canonical form (canonicalize.cpp) covers what
// text alone cannot (implicit casts, operator spellings like LIKE -> ~~).

#include "dialects/sql_tokenizer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::postgres {
// PostgreSQL's lexical rules for the shared tokenizer (syntax.cpp).
const lex::Syntax& syntax();
} // namespace strata::dialects::postgres

namespace strata::dialects::postgres::expr {

// The shared expression tokens (sql_tokenizer.hpp): PostgreSQL's text has casts (::) and [ ]
// brackets, no blobs or variables.
using TokenKind = lex::ExprKind;
using Token = lex::ExprToken;

// Splits SQL into tokens, skipping whitespace and comments. Unterminated quotes run to the end.
std::vector<Token> tokenize(std::string_view sql);

using lex::ascii_lower;
using lex::ascii_upper;

// True when `word` (any case) is an SQL keyword written upper-case in canonical text.
bool is_keyword(std::string_view word);

// True when PostgreSQL reads `word` bare differently from "word" quoted: every keyword that is
// not UNRESERVED (reserved, col_name and type_func_name keywords, PostgreSQL 15; the same rule as
// the server's quote_identifier). `'1'::"bit"` is the unconstrained bit type, `::bit` is bit(1);
// `"int"` is no type at all; `"user"` is a column, `user` is CURRENT_USER.
bool keyword_needs_quotes(std::string_view word);

// Canonical text of an expression or statement: tokens re-joined with canonical spacing;
// keywords upper-case; bare identifiers and function names lower-case (PostgreSQL folds them);
// "plain" quoted identifiers unquoted; redundant outer parentheses and a trailing ';' removed;
// string literals lose the ::text / ::character varying / ::bpchar / ::regclass casts PostgreSQL
// adds; '-1'::integer style casts of numeric literals become the number. now() and
// CURRENT_TIMESTAMP stay apart: PostgreSQL stores each as written, so keeping them apart keeps
// inspect's output and a re-created catalog identical to the original. Idempotent.
std::string canonical(std::string_view sql);

// The identifier that a word or quoted identifier names ("a""b" -> a"b, Foo -> foo).
std::string identifier_text(const Token& token);

// Statement scanning (function.cpp, trigger.cpp): whether a token is the bare word `word` (given
// in lower case) in any case; whether it is a name (a word or a quoted identifier); a statement's
// text without leading and trailing blanks and ';'.
bool is_word(const Token& token, std::string_view word);
bool is_name(const Token& token);
std::string_view trim_statement(std::string_view text);

// A possibly schema-qualified name at tokens[at] (a name, or name . name): the object's own name
// (unquoted, without its schema) and the offsets of the whole text; nullopt where tokens[at] is
// not a name.
struct NameSpan {
  std::string name;
  size_t begin = 0;
  size_t end = 0;
};
std::optional<NameSpan> qualified_name_at(const std::vector<Token>& tokens, size_t at);

} // namespace strata::dialects::postgres::expr
