// Text helpers on top of the shared tokenizer (sql_tokenizer.hpp): unquoting, ASCII case, word
// lists, and the expression tokens the engines' canonicalisers and scanners work on.
#include "dialects/sql_tokenizer.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::lex {

namespace {

// The expression kind of `token` under `rules`.
ExprKind expr_kind(const Token& token, const ExprRules& rules)
{
  switch (token.kind) {
  case TokenKind::quoted_identifier:
    return ExprKind::quoted_identifier;
  case TokenKind::string: {
    const char first = token.text.front();
    return rules.blobs && first != '\'' ? ExprKind::blob : ExprKind::string;
  }
  case TokenKind::number:
    return ExprKind::number;
  case TokenKind::variable:
    return rules.variables ? ExprKind::variable : ExprKind::word;
  case TokenKind::terminator:
    return ExprKind::semicolon;
  case TokenKind::punct:
    break;
  default:
    return ExprKind::word;
  }
  if (rules.casts && token.text == "::") {
    return ExprKind::cast;
  }
  if (token.text.size() == 1 && rules.open.find(token.text[0]) != std::string_view::npos) {
    return ExprKind::open;
  }
  if (token.text.size() == 1 && rules.close.find(token.text[0]) != std::string_view::npos) {
    return ExprKind::close;
  }
  return token.is(',') ? ExprKind::comma : token.is('.') ? ExprKind::dot : ExprKind::op;
}

} // namespace

std::vector<ExprToken> expression_tokens(std::string_view sql, const Syntax& syntax, const ExprRules& rules)
{
  const Tokens tokens = tokenize(sql, syntax);
  std::vector<ExprToken> out;
  out.reserve(tokens.tokens.size());
  for (const auto& t : tokens.tokens) {
    ExprToken token{expr_kind(t, rules), std::string(t.text), t.offset};
    if (rules.lower_string_prefixes && t.kind == TokenKind::string) {
      const size_t quote = token.text.find_first_of("'\"");
      std::transform(token.text.begin(), token.text.begin() + static_cast<std::ptrdiff_t>(std::min(quote, token.text.size())),
                     token.text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    out.push_back(std::move(token));
  }
  return out;
}

size_t matching_close(const std::vector<ExprToken>& tokens, size_t open)
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

bool is_word(const ExprToken& token, std::string_view word)
{
  return token.kind == ExprKind::word && ascii_lower(token.text) == word;
}

bool in_words(std::span<const std::string_view> words, std::string_view word)
{
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

std::string unquote(std::string_view text)
{
  if (text.empty()) {
    return {};
  }
  const char open = text.front();
  if (open != '"' && open != '`' && open != '[' && open != '\'') {
    return std::string(text);
  }
  const char close = open == '[' ? ']' : open;
  std::string_view inner = text.substr(1);
  if (!inner.empty() && inner.back() == close) {
    inner.remove_suffix(1);
  }
  if (open == '[') {
    return std::string(inner);
  }
  std::string out;
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == close && i + 1 < inner.size() && inner[i + 1] == close) {
      ++i;
    }
  }
  return out;
}

std::string ascii_lower(std::string_view text)
{
  return schemas::ascii_lower(text);
}

std::string ascii_upper(std::string_view text)
{
  return schemas::ascii_upper(text);
}

} // namespace strata::dialects::lex
