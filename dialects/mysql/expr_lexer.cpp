// The MySQL/MariaDB tokens behind expr::canonical (see expr.hpp): the shared tokenizer's tokens
// in the kinds the canonical form distinguishes, and the keyword lists.

#include "dialects/mysql/expr.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace strata::dialects::mysql::expr {

namespace {

// b'01', X'ff', _utf8mb4'x': the prefix lower case, the literal as written.
std::string string_text(std::string_view text)
{
  const size_t quote = text.find_first_of("'\"");
  return ascii_lower(text.substr(0, quote)) + std::string(text.substr(quote));
}

} // namespace

std::vector<Token> tokenize(std::string_view sql)
{
  std::vector<Token> out;
  for (const auto& t : lex::tokenize(sql, syntax()).tokens) {
    if (t.kind == lex::TokenKind::string) {
      out.push_back({TokenKind::string, string_text(t.text)});
    } else {
      const auto kind = t.kind == lex::TokenKind::variable ? TokenKind::variable : lex::kind_as<TokenKind>(t);
      out.push_back({kind, std::string(t.text)});
    }
  }
  return out;
}

std::string ascii_lower(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_reserved(std::string_view word)
{
  // MySQL 8 / MariaDB reserved words that may plausibly appear as column or table names; a
  // quoted one keeps its backticks in canonical text so that the text stays valid SQL.
  static const std::vector<std::string_view> words{
    "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "change", "check", "collate", "column",
    "condition", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
    "current_user", "database", "default", "delete", "desc", "describe", "distinct", "div", "drop", "else",
    "exists", "false", "for", "foreign", "from", "group", "having", "if", "in", "index", "inner", "insert",
    "interval", "into", "is", "join", "key", "keys", "left", "like", "limit", "lock", "match", "mod", "not",
    "null", "on", "or", "order", "outer", "primary", "range", "read", "references", "regexp", "rename", "repeat",
    "replace", "right", "rlike", "row", "rows", "select", "set", "show", "table", "then", "to", "true", "union",
    "unique", "update", "usage", "use", "using", "values", "when", "where", "with", "write", "xor",
  };
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

bool is_keyword(std::string_view word)
{
  static const std::vector<std::string_view> words{
    "all", "and", "as", "asc", "between", "binary", "by", "case", "collate", "cross", "desc", "distinct", "div",
    "else", "end", "escape", "exists", "false", "from", "group", "having", "in", "inner", "interval", "is", "join",
    "left", "like", "limit", "mod", "natural", "not", "null", "offset", "on", "or", "order", "outer", "regexp",
    "right", "rlike", "select", "straight_join", "then", "true", "union", "unknown", "using", "when", "where",
    "with", "xor", "day", "hour", "minute", "second", "month", "year", "week", "quarter", "microsecond",
  };
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return token.text;
  }
  return lex::unquote(token.text);
}

} // namespace strata::dialects::mysql::expr
