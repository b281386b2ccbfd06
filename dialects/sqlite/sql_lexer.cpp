#include "dialects/sqlite/sql_text.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace strata::dialects::sqlite {

namespace {

// SQLite's keyword list (https://sqlite.org/lang_keywords.html) plus TRUE and FALSE, sorted.
constexpr std::string_view k_keywords[] = {
  "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC",
  "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST",
  "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT",
  "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE",
  "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END",
  "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FALSE", "FILTER",
  "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS",
  "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT",
  "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE", "LIMIT",
  "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL", "NULLS", "OF",
  "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA",
  "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP",
  "REINDEX", "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW",
  "ROWS", "SAVEPOINT", "SELECT", "SET", "STORED", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES",
  "TO", "TRANSACTION", "TRIGGER", "TRUE", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING",
  "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
};

constexpr lex::ExprRules k_rules{.blobs = true}; // X'00' is a blob

} // namespace

std::vector<Token> tokenize(std::string_view sql)
{
  return lex::expression_tokens(sql, syntax(), k_rules);
}

std::vector<TokenView> token_views(std::string_view sql)
{
  return lex::expression_views(sql, syntax(), k_rules);
}

std::string identifier_text(const TokenView& token)
{
  if (token.kind != TokenKind::quoted_identifier && token.kind != TokenKind::string) {
    return std::string(token.text);
  }
  return lex::unquote(token.text);
}

std::string identifier_text(const Token& token)
{
  return identifier_text(TokenView{token.kind, token.text, token.offset});
}

bool is_keyword(std::string_view word)
{
  const std::string upper = ascii_upper(word);
  return std::binary_search(std::begin(k_keywords), std::end(k_keywords), std::string_view(upper));
}

} // namespace strata::dialects::sqlite
