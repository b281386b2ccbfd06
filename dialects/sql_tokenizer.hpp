#pragma once
// One SQL tokenizer for every engine and every consumer (statement splitting, lint's scan,
// view dependencies, CREATE scanning, expression canonicalisation). What differs between
// engines — quote characters, escapes, comment styles, dollar quotes, client DELIMITER lines —
// is data in a `Syntax`; each engine folder provides its own (`sqlite::syntax()`, ...), and
// engine-agnostic consumers start from `portable_syntax()` and adjust it.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::lex {

struct Syntax {
  // Characters that open a quoted identifier; each closes with itself (doubled inside), except
  // '[' which closes with ']' and has no escape (SQLite, SQL Server style).
  std::string_view identifier_quotes = "\"";
  // Characters that open a string literal; a doubled quote stays inside.
  std::string_view string_quotes = "'";
  bool backslash_escapes = false;     // MySQL: '\x' escapes x inside strings
  char escape_string_prefix = '\0';   // PostgreSQL 'E': E'...' takes backslash escapes
  std::string_view string_prefixes{}; // letters that may prefix a string (SQLite X'00', MySQL b'' x'' n'')
  bool charset_introducers = false;   // MySQL _utf8mb4'x': a word starting with '_' prefixes a string
  bool dollar_quotes = false;         // PostgreSQL $tag$ ... $tag$
  bool dash_comments = true;          // -- to the end of the line
  bool dash_comment_needs_space = false; // MySQL: "--" is a comment only before whitespace or a control character
  bool hash_comments = false;         // MySQL # to the end of the line
  bool block_comments = true;         // /* ... */
  bool nested_block_comments = false; // PostgreSQL: /* /* */ */ is one comment
  // MySQL/MariaDB: `/*!` and `/*M!` (each with an optional 5- or 6-digit version) open text the
  // server reads as code, up to the next `*/`. The markers are comment tokens (text "/*!40101",
  // "*/"); what lies between is tokenized as usual (a plain /* */ comment may sit inside). Which
  // versions the server skips is not decided here: every consumer reads the content as code.
  bool version_comments = false;
  bool delimiter_lines = false;       // MySQL clients: a `DELIMITER //` line changes the terminator
  bool dollar_starts_identifier = false; // MySQL: $ may start a name (all engines let it continue one)
  bool digits_start_identifiers = false; // MySQL: 1abc is a name, not 1 then abc
  bool hex_numbers = false;           // 0x1F (and, with digits_start_identifiers, 0b01)
  bool digit_separators = false;      // 1_000
  bool at_variables = false;          // MySQL @x, @@session.x
  // Multi-character operators, tried in order before a single character (longest first).
  std::span<const std::string_view> operators{};
  // PostgreSQL: a run of these characters is one operator ("<->", "@>"), stopping before -- or /*.
  std::string_view operator_run_chars{};
};

// The syntax engine-agnostic consumers start from: "x" and `x` identifiers, '' strings with
// E'' escapes, $tag$ quotes, -- and /* */ comments (what any of the engines' files may hold).
const Syntax& portable_syntax();

enum class TokenKind {
  word,              // keyword or bare identifier
  quoted_identifier, // "x", `x`, [x] (text keeps the quotes)
  string,            // 'x', E'x', X'00', _utf8'x', $$x$$ (text keeps prefix and quotes)
  number,            // 12, 1.5, .5, 1e-3, 0x1F
  variable,          // @x, @@global.x
  punct,             // one operator or punctuation: ( ) , . :: <= ->> ...
  terminator,        // ';', or the current DELIMITER where the syntax has DELIMITER lines
  directive,         // a whole `DELIMITER x` line
  comment,           // only with Options::trivia
  whitespace,        // only with Options::trivia
};

struct Token {
  TokenKind kind = TokenKind::word;
  std::string_view text; // a view into the tokenized input
  size_t offset = 0;     // byte offset of text in the input
  int line = 1;          // 1-based line of the first byte
  size_t end() const { return offset + text.size(); }
  bool is(char c) const { return text.size() == 1 && text[0] == c && kind != TokenKind::string; }
};

struct Options {
  bool trivia = false; // also emit comment and whitespace tokens
};

// An unterminated quote, dollar quote or comment: the token still runs to the end of the input
// (consumers that tolerate broken text keep working); the error says where it began.
struct TokenError {
  size_t offset = 0;
  int line = 1;
  std::string message;
};

struct Tokens {
  std::vector<Token> tokens;
  std::optional<TokenError> error; // the first unterminated construct, if any
};

Tokens tokenize(std::string_view sql, const Syntax& syntax, const Options& options = {});

// The name a quoted identifier (or the text a string without prefix) stands for: the quotes
// removed and doubled quotes undoubled ("a""b" -> a"b, [x y] -> x y). Other text is returned as is.
std::string unquote(std::string_view text);

// ASCII lower-/upper-case copies (SQL keywords and folded names are ASCII).
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// The tokens the engines' expression canonicalisers and scanners work on: the tokens above in the
// kinds a canonical form distinguishes. One engine's text yields only the kinds its rules ask for
// (blobs on SQLite, casts on PostgreSQL, variables on MySQL). (sql_words.cpp)
enum class ExprKind {
  word,              // keyword, function name or bare identifier
  quoted_identifier, // "x", `x`, [x] (text keeps the quotes)
  string,            // 'text', E'text', $$text$$, b'01', _utf8mb4'x' (text keeps prefix and quotes)
  blob,              // SQLite X'00ff'
  number,            // 12, 1.5, .5, 1e-3, 0x1F
  variable,          // MySQL @x, @@session.x
  open,              // ( (and [ where the rules say)
  close,             // ) (and ])
  comma,             // ,
  dot,               // .
  semicolon,         // ; (the terminator)
  cast,              // PostgreSQL ::
  op,                // any other operator or punctuation (||, <=, ->>, ?, ...)
};

struct ExprToken {
  ExprKind kind = ExprKind::word;
  std::string text;  // as written (MySQL string prefixes lower case)
  size_t offset = 0; // byte offset in the input
  size_t end() const { return offset + text.size(); }
};

struct ExprRules {
  std::string_view open = "(";
  std::string_view close = ")";
  bool casts = false;                 // `::` is a cast
  bool blobs = false;                 // a prefixed string (X'00') is a blob
  bool variables = false;             // @x is a variable
  bool lower_string_prefixes = false; // b'01', X'ff', _utf8mb4'x': the prefix lower case
};

// Splits SQL into expression tokens, skipping whitespace and comments; an unterminated quote or
// comment runs to the end of the input.
std::vector<ExprToken> expression_tokens(std::string_view sql, const Syntax& syntax, const ExprRules& rules);

// An expression token whose text is a view into the input, for scans that keep no token past it.
struct ExprView {
  ExprKind kind = ExprKind::word;
  std::string_view text; // as written (rules.lower_string_prefixes does not apply)
  size_t offset = 0;
  size_t end() const { return offset + text.size(); }
};
std::vector<ExprView> expression_views(std::string_view sql, const Syntax& syntax, const ExprRules& rules);

// Index of the token closing the bracket opened at `open`, or npos when it is never closed.
template <typename Token> size_t matching_close(const std::vector<Token>& tokens, size_t open)
{
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].kind == ExprKind::open) {
      ++depth;
    } else if (tokens[i].kind == ExprKind::close && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}
// True when `token` is the bare word `word` (lower case) in any case.
bool is_word(const ExprToken& token, std::string_view word);

// True when `word` (any case) is one of `words` (lower case).
bool in_words(std::span<const std::string_view> words, std::string_view word);

} // namespace strata::dialects::lex
