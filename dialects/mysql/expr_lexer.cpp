// The MySQL/MariaDB tokens behind expr::canonical (see expr.hpp): the shared tokenizer's tokens
// in the kinds the canonical form distinguishes, and the keyword lists.

#include "dialects/mysql/expr.hpp"


namespace strata::dialects::mysql::expr {

std::vector<Token> tokenize(std::string_view sql)
{
  lex::ExprRules rules;
  rules.variables = true;
  rules.lower_string_prefixes = true;
  return lex::expression_tokens(sql, syntax(), rules);
}

bool is_reserved(std::string_view word)
{
  // MySQL 8 / MariaDB reserved words that may plausibly appear as column or table names; a
  // quoted one keeps its backticks in canonical text so that the text stays valid SQL.
  static constexpr std::string_view words[] = {
    "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "change", "check", "collate", "column",
    "condition", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
    "current_user", "database", "default", "delete", "desc", "describe", "distinct", "div", "drop", "else",
    "exists", "false", "for", "foreign", "from", "group", "having", "if", "in", "index", "inner", "insert",
    "interval", "into", "is", "join", "key", "keys", "left", "like", "limit", "lock", "match", "mod", "not",
    "null", "on", "or", "order", "outer", "primary", "range", "read", "references", "regexp", "rename", "repeat",
    "replace", "right", "rlike", "row", "rows", "select", "set", "show", "table", "then", "to", "true", "union",
    "unique", "update", "usage", "use", "using", "values", "when", "where", "with", "write", "xor",
  };
  return lex::in_words(words, word);
}

bool is_keyword(std::string_view word)
{
  static constexpr std::string_view words[] = {
    "all", "and", "as", "asc", "between", "binary", "by", "case", "collate", "cross", "desc", "distinct", "div",
    "else", "end", "escape", "exists", "false", "from", "group", "having", "in", "inner", "interval", "is", "join",
    "left", "like", "limit", "mod", "natural", "not", "null", "offset", "on", "or", "order", "outer", "regexp",
    "right", "rlike", "select", "straight_join", "then", "true", "union", "unknown", "using", "when", "where",
    "with", "xor", "day", "hour", "minute", "second", "month", "year", "week", "quarter", "microsecond",
  };
  return lex::in_words(words, word);
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return token.text;
  }
  return lex::unquote(token.text);
}

} // namespace strata::dialects::mysql::expr
