#include "dialects/quoting.hpp"
#include "dialects/sqlite/sql_text.hpp"

#include <cctype>

namespace strata::dialects::sqlite {

namespace {

// Keywords after which a '+', '-' or '~' is a sign, not a binary operator.
bool starts_operand(const Token& t)
{
  if (t.kind == TokenKind::op || t.kind == TokenKind::open || t.kind == TokenKind::comma) {
    return true;
  }
  if (t.kind != TokenKind::word || !is_keyword(t.text)) {
    return false;
  }
  const std::string upper = ascii_upper(t.text);
  return upper != "NULL" && upper != "END" && upper != "TRUE" && upper != "FALSE" && upper.rfind("CURRENT", 0) != 0;
}

// Keywords written like functions: no space before their '('.
bool function_like_keyword(std::string_view upper)
{
  return upper == "CAST" || upper == "REPLACE" || upper == "RAISE" || upper == "GLOB" || upper == "LIKE";
}

bool plain_identifier(const std::string& name)
{
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  for (const char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return !is_keyword(name);
}

// Canonical spelling of a bare word (or a quoted identifier that needs no quotes).
std::string word_spelling(std::string_view text, bool before_open, bool after_collate)
{
  const std::string upper = ascii_upper(text);
  if (after_collate && (upper == "BINARY" || upper == "NOCASE" || upper == "RTRIM")) {
    return upper;
  }
  if (is_keyword(text)) {
    return upper;
  }
  return before_open ? ascii_lower(text) : std::string(text);
}

// Canonical spelling of one token, given its neighbours.
std::string spelling(const std::vector<Token>& tokens, size_t i, size_t last)
{
  const Token& t = tokens[i];
  const bool before_open = i + 1 <= last && tokens[i + 1].kind == TokenKind::open;
  const bool after_collate = i > 0 && tokens[i - 1].kind == TokenKind::word && ascii_upper(tokens[i - 1].text) == "COLLATE";
  switch (t.kind) {
  case TokenKind::word:
    return word_spelling(t.text, before_open, after_collate);
  case TokenKind::quoted_identifier: {
    const std::string name = identifier_text(t);
    return plain_identifier(name) ? word_spelling(name, before_open, after_collate) : quote_doubling(name, '"');
  }
  case TokenKind::blob:
    return "X" + ascii_lower(t.text.substr(1));
  case TokenKind::op:
    if (t.text == "==") {
      return "=";
    }
    if (t.text == "!=") {
      return "<>";
    }
    return std::string(t.text);
  default:
    return std::string(t.text);
  }
}

bool space_between(const std::vector<Token>& tokens, size_t i)
{
  const Token& prev = tokens[i - 1];
  const Token& cur = tokens[i];
  if (cur.kind == TokenKind::close || cur.kind == TokenKind::comma || cur.kind == TokenKind::dot ||
      cur.kind == TokenKind::semicolon) {
    return false;
  }
  if (prev.kind == TokenKind::open || prev.kind == TokenKind::dot) {
    return false;
  }
  if (cur.kind == TokenKind::open) {
    if (prev.kind == TokenKind::quoted_identifier) {
      return false;
    }
    if (prev.kind == TokenKind::word) {
      return is_keyword(prev.text) && !function_like_keyword(ascii_upper(prev.text));
    }
  }
  const bool sign = prev.kind == TokenKind::op && (prev.text == "-" || prev.text == "+" || prev.text == "~");
  if (sign && (i < 2 || starts_operand(tokens[i - 2]))) {
    return false;
  }
  return true;
}

} // namespace

std::string canonical_expression(std::string_view sql)
{
  const std::vector<Token> tokens = tokenize(sql);
  if (tokens.empty()) {
    return {};
  }
  size_t first = 0;
  size_t last = tokens.size() - 1;
  while (last > first && tokens[last].kind == TokenKind::semicolon) {
    --last;
  }
  // Redundant outer parentheses: "((a > 0))" -> "a > 0".
  while (last > first && tokens[first].kind == TokenKind::open && lex::matching_close(tokens, first) == last) {
    ++first;
    --last;
  }
  if (tokens[last].kind == TokenKind::semicolon) {
    return {};
  }
  std::string out;
  for (size_t i = first; i <= last; ++i) {
    if (i > first && space_between(tokens, i)) {
      out += ' ';
    }
    out += spelling(tokens, i, last);
  }
  return out;
}

std::string canonical_module_arguments(std::string_view arguments)
{
  const std::vector<Token> tokens = tokenize(arguments);
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& cur = tokens[i];
    if (i > 0) {
      const Token& prev = tokens[i - 1];
      const bool tight_after = prev.kind == TokenKind::open || prev.kind == TokenKind::dot;
      const bool tight_before = cur.kind == TokenKind::close || cur.kind == TokenKind::comma ||
                                cur.kind == TokenKind::dot ||
                                (cur.kind == TokenKind::open &&
                                 (prev.kind == TokenKind::word || prev.kind == TokenKind::quoted_identifier));
      if (!tight_after && !tight_before) {
        out += ' ';
      }
    }
    out += cur.text;
  }
  return out;
}

} // namespace strata::dialects::sqlite
