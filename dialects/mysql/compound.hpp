#pragma once
// What the MySQL/MariaDB CREATE statements with a compound-statement body (TRIGGER, FUNCTION,
// PROCEDURE: trigger.cpp, routine.cpp) share: a reader over the tokens of the statement's
// header, and the form a body is compared in. Private to dialects/mysql.

#include "dialects/mysql/expr.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::mysql {

// Reads a CREATE statement's header token by token; rest() is the text that follows (the body).
class StatementReader {
public:
  explicit StatementReader(std::string_view text) : m_text(text), m_tokens(expr::tokenize(text)) {}

  bool done() const { return m_at >= m_tokens.size(); }
  const expr::Token& peek() const { return m_tokens[m_at]; }
  // The offset of the next token in the text (its size when done).
  size_t offset() const { return done() ? m_text.size() : m_tokens[m_at].offset; }
  // Consumes the next token when it is the keyword `word` (upper case; any case in the text).
  bool keyword(std::string_view word);
  // Whether the next token (`ahead` tokens on) is the keyword `word`, consuming nothing.
  bool at(std::string_view word, size_t ahead = 0) const;
  // Consumes the next token when it is one of `words`; returns it upper case, or "".
  std::string one_of(std::initializer_list<std::string_view> words);
  // Skips tokens up to (not including) the first of the keywords `words`; "" when none comes,
  // else the one found.
  std::string skip_to(std::initializer_list<std::string_view> words);
  // An object name, possibly `db`.`name`: the last part, unquoted; "" when there is none.
  std::string name();
  // Consumes a parenthesized group starting at the next token; its inner text, or false when the
  // next token is no '(' or the group is not closed.
  bool group(std::string& inner);
  // Consumes the next token, whatever it is, and returns it.
  const expr::Token& next() { return m_tokens[m_at++]; }
  // The text from the next token to the end, trimmed, without a final ';'.
  std::string rest() const;

private:
  std::string_view m_text;
  std::vector<expr::Token> m_tokens;
  size_t m_at = 0;
};

// `text` trimmed of blanks and of ';' at its end.
std::string trim_body(std::string_view text);

// The form a trigger's or routine's body is compared in: expr::canonical with the words whose
// case MySQL ignores written lower case (keywords of statements and expressions, type names, NEW
// and OLD before a dot); identifiers keep their case, comments and spacing go.
std::string canonical_body(std::string_view body);

} // namespace strata::dialects::mysql
