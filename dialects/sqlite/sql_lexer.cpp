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

// Longest first so that "->>" wins over "->".
constexpr std::string_view k_long_operators[] = {
  "->>", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->",
};

bool is_ident_start(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_ident_char(char c)
{
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool is_digit(char c)
{
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// End of a quoted run starting at `begin` (the opening quote); `close` doubled is an escape.
size_t quoted_end(std::string_view sql, size_t begin, char close, bool doubling)
{
  size_t i = begin + 1;
  while (i < sql.size()) {
    if (sql[i] == close) {
      if (doubling && i + 1 < sql.size() && sql[i + 1] == close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return sql.size();
}

size_t number_end(std::string_view sql, size_t i)
{
  if (sql[i] == '0' && i + 1 < sql.size() && (sql[i + 1] == 'x' || sql[i + 1] == 'X')) {
    i += 2;
    while (i < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[i]))) {
      ++i;
    }
    return i;
  }
  while (i < sql.size() && (is_digit(sql[i]) || sql[i] == '_')) {
    ++i;
  }
  if (i < sql.size() && sql[i] == '.') {
    ++i;
    while (i < sql.size() && is_digit(sql[i])) {
      ++i;
    }
  }
  if (i < sql.size() && (sql[i] == 'e' || sql[i] == 'E')) {
    size_t j = i + 1;
    if (j < sql.size() && (sql[j] == '+' || sql[j] == '-')) {
      ++j;
    }
    if (j < sql.size() && is_digit(sql[j])) {
      i = j;
      while (i < sql.size() && is_digit(sql[i])) {
        ++i;
      }
    }
  }
  return i;
}

// Skips whitespace and comments from i; returns the next significant position.
size_t skip_blank(std::string_view sql, size_t i)
{
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else {
      break;
    }
  }
  return i;
}

Token next_token(std::string_view sql, size_t i)
{
  const char c = sql[i];
  auto make = [&](TokenKind kind, size_t end) { return Token{kind, sql.substr(i, end - i), i}; };
  if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
    return make(TokenKind::blob, quoted_end(sql, i + 1, '\'', false));
  }
  if (is_ident_start(c)) {
    size_t end = i + 1;
    while (end < sql.size() && is_ident_char(sql[end])) {
      ++end;
    }
    return make(TokenKind::word, end);
  }
  if (is_digit(c) || (c == '.' && i + 1 < sql.size() && is_digit(sql[i + 1]))) {
    return make(TokenKind::number, number_end(sql, i));
  }
  switch (c) {
  case '\'':
    return make(TokenKind::string, quoted_end(sql, i, '\'', true));
  case '"':
    return make(TokenKind::quoted_identifier, quoted_end(sql, i, '"', true));
  case '`':
    return make(TokenKind::quoted_identifier, quoted_end(sql, i, '`', true));
  case '[':
    return make(TokenKind::quoted_identifier, quoted_end(sql, i, ']', false));
  case '(':
    return make(TokenKind::open, i + 1);
  case ')':
    return make(TokenKind::close, i + 1);
  case ',':
    return make(TokenKind::comma, i + 1);
  case '.':
    return make(TokenKind::dot, i + 1);
  case ';':
    return make(TokenKind::semicolon, i + 1);
  default:
    break;
  }
  for (const auto op : k_long_operators) {
    if (sql.substr(i, op.size()) == op) {
      return make(TokenKind::op, i + op.size());
    }
  }
  return make(TokenKind::op, i + 1);
}

} // namespace

std::vector<Token> tokenize(std::string_view sql)
{
  std::vector<Token> tokens;
  size_t i = skip_blank(sql, 0);
  while (i < sql.size()) {
    tokens.push_back(next_token(sql, i));
    i = skip_blank(sql, tokens.back().end());
  }
  return tokens;
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier && token.kind != TokenKind::string) {
    return std::string(token.text);
  }
  const std::string_view t = token.text;
  const char open = t.front();
  const char close = open == '[' ? ']' : open;
  std::string_view inner = t.substr(1);
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

bool is_keyword(std::string_view word)
{
  const std::string upper = ascii_upper(word);
  return std::binary_search(std::begin(k_keywords), std::end(k_keywords), std::string_view(upper));
}

std::string ascii_lower(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string ascii_upper(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

} // namespace strata::dialects::sqlite
