#pragma once
// SQLite SQL text helpers shared by normalisation and introspection: tokens (the shared
// tokenizer over SQLite's syntax) that respect quotes ("x", `x`, [x], 'str', X'00'), comments and numbers, and the canonical form of an
// expression used to compare defaults, checks, predicates, views and triggers.

#include "dialects/sql_tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::sqlite {

// The shared expression tokens (sql_tokenizer.hpp): SQLite's text has blobs (X'00ff'), no casts
// or variables.
using TokenKind = lex::ExprKind;
using Token = lex::ExprToken;

// SQLite's lexical rules for the shared tokenizer (syntax.cpp).
const lex::Syntax& syntax();

// Splits SQL into tokens, skipping whitespace and comments (-- and /* */). An unterminated quote
// or comment runs to the end of the input.
std::vector<Token> tokenize(std::string_view sql);
// The same tokens as views into `sql`, which must outlive them.
using TokenView = lex::ExprView;
std::vector<TokenView> token_views(std::string_view sql);

// The identifier a word or quoted identifier names: `"a""b"` -> `a"b`, `[x y]` -> `x y`.
std::string identifier_text(const Token& token);
std::string identifier_text(const TokenView& token);

// True when `word` (any case) is an SQLite keyword.
bool is_keyword(std::string_view word);

using lex::ascii_lower;
using lex::ascii_upper;

// Canonical text of an SQL expression (or a whole statement): tokens re-joined with canonical
// spacing, comments dropped, redundant outer parentheses removed, keywords upper-case, function
// names lower-case, plainly quotable identifiers unquoted, `==` -> `=`, `!=` -> `<>`, built-in
// collation names upper-case. Literals and other identifiers are kept as written. Idempotent.
std::string canonical_expression(std::string_view sql);

// Canonical text of a virtual table's module arguments (what CREATE VIRTUAL TABLE ... USING
// module(...) holds between its parentheses): the tokens as written, comments dropped, one space
// between tokens except after '(' and '.', and before ')', ',', '.' and a '(' that follows a name.
// Idempotent.
std::string canonical_module_arguments(std::string_view arguments);

} // namespace strata::dialects::sqlite
