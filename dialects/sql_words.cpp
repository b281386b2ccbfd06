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

std::vector<ExprView> expression_views(std::string_view sql, const Syntax& syntax, const ExprRules& rules)
{
  const Tokens tokens = tokenize(sql, syntax);
  std::vector<ExprView> out;
  out.reserve(tokens.tokens.size());
  for (const auto& t : tokens.tokens) {
    out.push_back({expr_kind(t, rules), t.text, t.offset});
  }
  return out;
}

std::vector<ExprToken> expression_tokens(std::string_view sql, const Syntax& syntax, const ExprRules& rules)
{
  const auto views = expression_views(sql, syntax, rules);
  std::vector<ExprToken> out;
  out.reserve(views.size());
  for (const auto& view : views) {
    ExprToken token{view.kind, std::string(view.text), view.offset};
    if (rules.lower_string_prefixes && (view.kind == ExprKind::string || view.kind == ExprKind::blob)) { // a string token
      const size_t quote = token.text.find_first_of("'\"");
      std::transform(token.text.begin(), token.text.begin() + static_cast<std::ptrdiff_t>(std::min(quote, token.text.size())),
                     token.text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    out.push_back(std::move(token));
  }
  return out;
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
