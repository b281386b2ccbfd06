// Identifier tokens of SQL text (the shared tokenizer): enough to tell which tables a view reads
// or which columns a check mentions, without parsing SQL. String literals are skipped; quoted
// identifiers ("x", `x`, [x]) count as identifiers.

#include "planner/diff.hpp"
#include "planner/plan.hpp"

#include "dialects/sql_tokenizer.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

namespace strata::planner::detail {

namespace {

bool identifier_start(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || (static_cast<unsigned char>(c) & 0x80U) != 0;
}

bool identifier_part(char c)
{
  return identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}

char closing_quote(char open)
{
  return open == '[' ? ']' : open;
}

// Text held by any engine: every identifier quote, '' strings. Comments are not skipped (a
// name in a comment counts, and is renamed with the code around it), and a run starting with
// a digit is one token that names nothing.
const dialects::lex::Syntax& identifier_syntax()
{
  static const dialects::lex::Syntax syntax{
    .identifier_quotes = "\"`[", .dash_comments = false, .block_comments = false, .digits_start_identifiers = true};
  return syntax;
}

// Walks `sql`, calling on_token(begin, end, text, quote) for each identifier token ([begin, end)
// spans the token including quotes; quote is 0 for a bare identifier).
void scan(const std::string& sql, const std::function<void(size_t, size_t, const std::string&, char)>& on_token)
{
  for (const auto& token : dialects::lex::tokenize(sql, identifier_syntax()).tokens) {
    if (token.kind == dialects::lex::TokenKind::quoted_identifier) {
      on_token(token.offset, token.end(), dialects::lex::unquote(token.text), token.text.front());
    } else if (token.kind == dialects::lex::TokenKind::word && identifier_start(token.text.front())) {
      on_token(token.offset, token.end(), std::string(token.text), 0);
    }
  }
}

bool plain_identifier(const std::string& name)
{
  return !name.empty() && identifier_start(name[0]) &&
         std::all_of(name.begin(), name.end(), [](char c) { return identifier_part(c); });
}

} // namespace

std::set<std::string> identifier_tokens(const std::string& sql)
{
  std::set<std::string> tokens;
  scan(sql, [&](size_t, size_t, const std::string& text, char) { tokens.insert(schemas::ascii_lower(text)); });
  return tokens;
}

std::set<std::string> names_in_arguments(const std::string& arguments)
{
  std::set<std::string> names = identifier_tokens(arguments);
  for (const auto& token : dialects::lex::tokenize(arguments, identifier_syntax()).tokens) {
    if (token.kind == dialects::lex::TokenKind::string) {
      names.insert(schemas::ascii_lower(dialects::lex::unquote(token.text)));
    }
  }
  return names;
}

bool mentions(const std::string& sql, const std::string& identifier)
{
  const auto tokens = identifier_tokens(sql);
  return tokens.count(schemas::ascii_lower(identifier)) > 0;
}

bool mentions_any(const std::string& sql, const std::set<std::string>& identifiers)
{
  if (identifiers.empty()) {
    return false;
  }
  const auto tokens = identifier_tokens(sql); // once, not once per identifier
  return std::any_of(identifiers.begin(), identifiers.end(),
                     [&](const std::string& identifier) { return tokens.count(schemas::ascii_lower(identifier)) > 0; });
}

std::string replace_identifier(const std::string& sql, const std::string& from, const std::string& to)
{
  const std::string wanted = schemas::ascii_lower(from);
  std::string out;
  size_t copied = 0;
  scan(sql, [&](size_t begin, size_t end, const std::string& text, char quote) {
    if (schemas::ascii_lower(text) != wanted) {
      return;
    }
    out += sql.substr(copied, begin - copied);
    if (quote == 0 && plain_identifier(to)) {
      out += to;
    } else {
      const char open = quote == 0 ? '"' : quote;
      const char close = closing_quote(open);
      std::string escaped;
      for (char ch : to) {
        escaped += ch;
        if (ch == close && close != ']') {
          escaped += ch;
        }
      }
      out += open + escaped + close;
    }
    copied = end;
  });
  out += sql.substr(copied);
  return out;
}

} // namespace strata::planner::detail

namespace strata::planner {

std::set<std::string> identifiers_in(const std::string& sql)
{
  return detail::identifier_tokens(sql);
}

} // namespace strata::planner
