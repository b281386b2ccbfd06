#pragma once
// SQLite SQL text helpers shared by normalisation and introspection: tokens (the shared
// tokenizer over SQLite's syntax) that respect quotes ("x", `x`, [x], 'str', X'00'), comments and numbers, and the canonical form of an
// expression used to compare defaults, checks, predicates, views and triggers.

#include "dialects/sql_tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::sqlite {

enum class TokenKind {
  word,              // keyword or bare identifier
  quoted_identifier, // "x", `x` or [x] (text keeps the quotes)
  string,            // 'text' (text keeps the quotes)
  blob,              // X'00ff'
  number,            // 12, 1.5, .5, 1e-3, 0x1F
  open,              // (
  close,             // )
  comma,             // ,
  dot,               // .
  semicolon,         // ;
  op,                // operators and any other punctuation (||, <=, ->>, ?, ...)
};

struct Token {
  TokenKind kind = TokenKind::word;
  std::string_view text; // a view into the tokenized input
  size_t offset = 0;     // byte offset of text in the input
  size_t end() const { return offset + text.size(); }
};

// SQLite's lexical rules for the shared tokenizer (syntax.cpp).
const lex::Syntax& syntax();

// Splits SQL into tokens, skipping whitespace and comments (-- and /* */). An unterminated quote
// or comment runs to the end of the input. The returned views point into `sql`.
std::vector<Token> tokenize(std::string_view sql);

// The identifier a word or quoted identifier names: `"a""b"` -> `a"b`, `[x y]` -> `x y`.
std::string identifier_text(const Token& token);

// True when `word` (any case) is an SQLite keyword.
bool is_keyword(std::string_view word);

// ASCII lower-case copy.
std::string ascii_lower(std::string_view text);
// ASCII upper-case copy.
std::string ascii_upper(std::string_view text);

// Canonical text of an SQL expression (or a whole statement): tokens re-joined with canonical
// spacing, comments dropped, redundant outer parentheses removed, keywords upper-case, function
// names lower-case, plainly quotable identifiers unquoted, `==` -> `=`, `!=` -> `<>`, built-in
// collation names upper-case. Literals and other identifiers are kept as written. Idempotent.
std::string canonical_expression(std::string_view sql);

} // namespace strata::dialects::sqlite
